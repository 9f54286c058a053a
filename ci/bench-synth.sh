#!/usr/bin/env bash
# Benchmark of ./finsam synth: wall time, rows/s and bytes written for N = 10 000 and 100 000 persons
# (all tables, the default window 2010-01..2024-04), and 1 000 000 when run as `ci/bench-synth.sh --large`.
# Extra arguments after the flag go to the job (e.g. --format parquet). Output goes to a scratch folder
# (FINSAM_BENCH_DIR, default /tmp/finsam-bench) that is removed after each size.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
sizes=(10000 100000)
if [ "${1:-}" = "--large" ]; then
  sizes+=(1000000)
  shift
fi
scratch=${FINSAM_BENCH_DIR:-/tmp/finsam-bench}
# Build the jar first (the launcher builds when sources changed), so the build is not timed.
"$here/finsam" --help > /dev/null
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
printf '%-10s %10s %14s %12s %16s\n' persons seconds rows rows/s bytes
for n in "${sizes[@]}"; do
  rm -rf "$scratch"
  mkdir -p "$scratch"
  start=$(date +%s.%N)
  "$here/finsam" synth --persons "$n" --out "$scratch/raw" --warehouse "$scratch/warehouse" "$@" \
    > "$scratch.log" 2>&1 || { cat "$scratch.log" >&2; exit 1; }
  end=$(date +%s.%N)
  rows=$(cat "$scratch"/raw/*/*/_manifest.json | sed -n 's/.*"rows" : \([0-9]*\).*/\1/p' | paste -sd+ | bc)
  bytes=$(find "$scratch/raw" -type f -name 'part-*' -not -path '*/_truth/*' -printf '%s\n' | paste -sd+ | bc)
  secs=$(echo "$end - $start" | bc)
  printf '%-10s %10.1f %14d %12.0f %16d\n' "$n" "$secs" "$rows" "$(echo "$rows / $secs" | bc -l)" "$bytes"
done
rm -rf "$scratch"
