#!/usr/bin/env bash
# Benchmark of ./finsam ingest --all on the synthetic generator's deliveries of PERSONS persons
# (default 100 000: 19 deliveries of 18 tables, 28.6 M rows and 1.26 GB of CSV for the default window
# 2010-01..2024-04).
#
# 1. generates the deliveries with the real generator (./finsam synth --persons N), unless
#    SYNTH_RAW=<raw folder> names deliveries generated before (they are copied, the original is not touched);
# 2. times ./finsam ingest --all into a fresh warehouse (wall time, JVM and Spark start included);
# 3. prints rows in (sum of the manifests), rows curated, quarantined and collapsed (sum of the job's
#    per-file log lines), seconds, rows/s, the JVM's user and system CPU seconds (comparable across
#    runs on a shared machine, where wall time is not), the driver heap's peak (largest heap before a
#    GC, from the JVM's GC log) and the load average before and after (the machine may be shared).
#
# Usage: ci/bench-ingest.sh [persons]      KEEP=1 keeps the scratch folder (printed on stderr).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
persons=${1:-100000}
work=$(mktemp -d "${TMPDIR:-/tmp}/finsam-bench-ingest.XXXXXX")
raw="$work/wh/raw"
"$here/finsam" --help > /dev/null # build first, so the build is not timed

if [ -n "${SYNTH_RAW:-}" ]; then
  mkdir -p "$work/wh" && cp -r "$SYNTH_RAW" "$raw"
else
  echo "bench-ingest: generating $persons persons ..." >&2
  "$here/finsam" synth --persons "$persons" --out "$raw" --warehouse "$work/synth-wh" > "$work/synth.log" 2>&1 \
    || { tail -20 "$work/synth.log" >&2; exit 1; }
fi

rows=$(cat "$raw"/[!_]*/*/_manifest.json | grep -o '"rows" *: *[0-9]*' | grep -o '[0-9]*$' | paste -sd+ | bc)
deliveries=$(ls -d "$raw"/[!_]*/*/ | wc -l)
bytes=$(find "$raw" -name 'part-*' -not -path '*/_truth/*' -printf '%s\n' | paste -sd+ | bc)
echo "bench-ingest: $rows rows, $bytes bytes in $deliveries deliveries under $raw" >&2
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
start=$(date +%s.%N)
FINSAM_JAVA_OPTS="${FINSAM_JAVA_OPTS:-} -Xlog:gc:file=$work/gc.log" /usr/bin/time -o "$work/cpu" -f "%U %S" \
  "$here/finsam" ingest --all --warehouse "$work/wh" 2> "$work/ingest.log" || { tail -30 "$work/ingest.log" >&2; exit 1; }
end=$(date +%s.%N)
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
grep -E "ingest run .* (succeeded|failed)" "$work/ingest.log" | cut -c1-300 >&2 || true

# Per-file lines of IngestJob: "<delivery> <file>: R rows read, C curated, Q quarantined, D exact duplicates collapsed".
read -r curated quarantined collapsed < <(sed -n 's/.* \([0-9]*\) rows read, \([0-9]*\) curated, \([0-9]*\) quarantined, \([0-9]*\) exact duplicates collapsed/\2 \3 \4/p' \
  "$work/ingest.log" | awk '{ c += $1; q += $2; d += $3 } END { print c + 0, q + 0, d + 0 }')
read -r user_s sys_s < "$work/cpu"
# GC log lines end in "<before>M-><after>M(<capacity>M) <pause>ms"; the largest "before" is the heap's peak.
peak=$(grep -o '[0-9]*M->[0-9]*M' "$work/gc.log" | cut -dM -f1 | sort -n | tail -1)
awk -v p="$persons" -v r="$rows" -v c="$curated" -v q="$quarantined" -v d="$collapsed" -v s="$start" -v e="$end" \
    -v h="${peak:-0}" -v u="$user_s" -v y="$sys_s" -v lb="$load_before" -v la="$load_after" 'BEGIN {
  printf "persons=%d rows_in=%d curated=%d quarantined=%d collapsed=%d seconds=%.1f rows_per_s=%.0f user_cpu_s=%.1f sys_cpu_s=%.1f peak_heap_mb=%d load_before=\"%s\" load_after=\"%s\"\n",
    p, r, c, q, d, e - s, r / (e - s), u, y, h, lb, la }'
if [ "$((curated + quarantined + collapsed))" -ne "$rows" ]; then
  echo "bench-ingest: curated + quarantined + collapsed = $((curated + quarantined + collapsed)) differs from rows in $rows" >&2
  exit 1
fi
if [ -n "${KEEP:-}" ]; then echo "bench-ingest: kept $work" >&2; else rm -rf "$work"; fi
