#!/usr/bin/env bash
# Benchmark of a monthly run's ingest: MONTHS new monthly deliveries of one table loaded together (one pass
# and one Delta commit, finsam.ingest.deliveries-per-commit at its default) against one delivery at a time
# (deliveries-per-commit = 1), alternating, ROUNDS rounds, each into a fresh warehouse.
#
# 1. generates the synthetic deliveries of PERSONS persons (./finsam synth), unless SYNTH_RAW=<raw folder>
#    names deliveries generated before (read, not touched);
# 2. cuts the rows of TABLE's first delivery (a table with a YYYYMM column "period", default scb_agi_manad)
#    for its last MONTHS months into one delivery per month (one file, its manifest with rows and sha256);
# 3. times ./finsam ingest --all on those deliveries (wall time, JVM and Spark start included) and prints
#    per run: the mode, rows, seconds, rows/s, user and system CPU seconds, the curated table's Delta
#    commits, and the load average before and after (the machine may be shared). The two modes' curated
#    rows must agree (their count by delivery), or the script fails.
#
# Usage: ci/bench-monthly.sh [persons] [months] [rounds]   (defaults 100000, 12, 2; TABLE=scb_agi_manad)
# KEEP=1 keeps the scratch folder (printed on stderr) with the last run's log of each mode.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
persons=${1:-100000}
months=${2:-12}
rounds=${3:-2}
table=${TABLE:-scb_agi_manad}
work=$(mktemp -d "${TMPDIR:-/tmp}/finsam-bench-monthly.XXXXXX")
if [ -n "${KEEP:-}" ]; then trap 'echo "bench-monthly: kept $work" >&2' EXIT; else trap 'rm -rf "$work"' EXIT; fi
"$here/finsam" --help > /dev/null # build first, so the build is not timed

src=${SYNTH_RAW:-}
if [ -z "$src" ]; then
  echo "bench-monthly: generating $persons persons ..." >&2
  "$here/finsam" synth --persons "$persons" --out "$work/synth" --warehouse "$work/synth-wh" > "$work/synth.log" 2>&1 \
    || { tail -20 "$work/synth.log" >&2; exit 1; }
  src="$work/synth"
fi
original=$(grep -l '"replaces" : null' "$src/$table"/*/_manifest.json | head -1)
[ -n "$original" ] || { echo "bench-monthly: no original delivery of $table under $src" >&2; exit 1; }
folder=$(dirname "$original")
header=$(head -1 "$folder/part-00000.csv")
column=$(echo "$header" | tr ';' '\n' | grep -nx period | cut -d: -f1)
[ -n "$column" ] || { echo "bench-monthly: $table has no column period" >&2; exit 1; }
last=$(grep -o '"period_to" : [0-9]*' "$original" | grep -o '[0-9]*$')

# The last $months months, oldest first, as YYYYMM.
periods=()
y=$((last / 100)); m=$((last % 100))
for ((i = 0; i < months; i++)); do
  periods=("$(printf '%04d%02d' "$y" "$m")" "${periods[@]}")
  m=$((m - 1)); if [ "$m" -eq 0 ]; then m=12; y=$((y - 1)); fi
done
raw="$work/raw"
for p in "${periods[@]}"; do
  id="$table-${p:0:4}-${p:4:2}-m"
  mkdir -p "$raw/$table/$id"
  { echo "$header"; tail -q -n +2 "$folder"/part-*.csv | awk -F';' -v c="$column" -v p="$p" '$c == p'; } \
    > "$raw/$table/$id/part-00000.csv"
  n=$(($(wc -l < "$raw/$table/$id/part-00000.csv") - 1))
  sum=$(sha256sum "$raw/$table/$id/part-00000.csv" | cut -d' ' -f1)
  cat > "$raw/$table/$id/_manifest.json" <<EOF
{"source": "SCB", "table": "$table", "delivery_id": "$id", "period_from": $p, "period_to": $p, "format": "csv",
 "delimiter": ";", "person_id": "pid", "replaces": null,
 "files": [{"path": "part-00000.csv", "rows": $n, "sha256": "$sum"}]}
EOF
done
rows=$(cat "$raw"/*/*/_manifest.json | grep -o '"rows": [0-9]*' | grep -o '[0-9]*$' | paste -sd+ | bc)
echo "bench-monthly: $rows rows of $table in $months monthly deliveries (${periods[0]}..${periods[-1]}) from $folder" >&2

for ((r = 1; r <= rounds; r++)); do
  for mode in together one; do
    wh="$work/wh-$mode"
    rm -rf "$wh" && mkdir -p "$wh" && cp -r "$raw" "$wh/raw"
    per=$([ "$mode" = one ] && echo 1 || echo "")
    load_before=$(cut -d' ' -f1-3 /proc/loadavg)
    start=$(date +%s.%N)
    FINSAM_JAVA_OPTS="${FINSAM_JAVA_OPTS:-}${per:+ -Dfinsam.ingest.deliveries-per-commit=$per}" \
      /usr/bin/time -o "$work/cpu" -f "%U %S" "$here/finsam" ingest --all --warehouse "$wh" 2> "$work/ingest-$mode.log" \
      || { tail -30 "$work/ingest-$mode.log" >&2; exit 1; }
    end=$(date +%s.%N)
    load_after=$(cut -d' ' -f1-3 /proc/loadavg)
    read -r user_s sys_s < "$work/cpu"
    commits=$(ls "$wh/curated/$table/_delta_log/" | grep -c '\.json$')
    "$here/finsam" sql --warehouse "$wh" --output "$work/sql-$mode" \
      --query "rows=SELECT _delivery_id, count(*) AS n FROM curated_$table GROUP BY 1 ORDER BY 1" > /dev/null 2>&1 \
      || { echo "bench-monthly: cannot count the curated rows of $wh" >&2; exit 1; }
    awk -v mode="$mode" -v r="$rows" -v s="$start" -v e="$end" -v u="$user_s" -v y="$sys_s" -v c="$commits" \
        -v lb="$load_before" -v la="$load_after" 'BEGIN {
      printf "mode=%s deliveries_per_commit=%s rows_in=%d seconds=%.1f rows_per_s=%.0f user_cpu_s=%.1f sys_cpu_s=%.1f curated_commits=%d load_before=\"%s\" load_after=\"%s\"\n",
        mode, mode == "one" ? "1" : "default", r, e - s, r / (e - s), u, y, c, lb, la }'
  done
  cmp -s "$work/sql-together/rows.csv" "$work/sql-one/rows.csv" || { echo "bench-monthly: the two modes' curated rows by delivery differ" >&2
    diff "$work/sql-together/rows.csv" "$work/sql-one/rows.csv" >&2; exit 1; }
done
