#!/usr/bin/env bash
# Benchmark of the staggered DiD (issues 7 and 21).
#
#   ci/bench-did.sh [persons, default 100000]
#     The engine step by step on a generated monthly panel (persons x 112 months, nine start groups in
#     consecutive months, the last comparison-only; not-yet-treated controls, dr): seconds for att_gt, the
#     four aggregations and 999 bootstrap draws, without covariates and with seed 002's Modell 3
#     covariates, and the driver's peak heap. Targets on 2 cores, 100 000 persons: < 2 min without
#     covariates, < 6 min with, driver heap < 1 GiB.
#
#   ci/bench-did.sh whole <mpdta | persons> [runs, default 2] [covariates, default none]
#     The whole process `./finsam did` (JVM, Spark session, CSV read, pivot, estimate, outputs, audit) on
#     shared/reference/mpdta.csv or on the generated panel written as CSV (pid, month_index, group_index, y;
#     not-yet-treated, dr), without covariates or with the time-invariant ones named (x: age in years to
#     0.01, continuous; civilstand: text, 3 levels; e.g. "x" or "x+civilstand", passed as --xformla ~...):
#     per run the rows, wall-clock seconds, rows/s and
#     the driver's peak heap (the largest heap in use before a garbage collection, from -Xlog:gc), and
#     whether the run read the CSV in the driver without Spark (path=driver, finsam.did.driver-heap-share)
#     or through Spark (path=spark).
#     R_SECONDS="117,128" (R did 2.5.0's wall clock on the same CSV, measured elsewhere) adds the
#     speed-up. BENCH_DID_CSV=<folder> keeps the written CSV there and, when it already holds one, reuses
#     it instead of writing it again (generating 1 000 000 persons takes minutes); the folder's name
#     should say the persons and covariates, the script does not check them. Targets: mpdta < 6 s;
#     50 000 persons at least 10x faster than R; 1 000 000 persons < 3 min, < 8 min with one covariate.
#
# Spark runs in local mode, so the "driver" is the one JVM that also runs the tasks; its heap is capped
# with FINSAM_DRIVER_MEMORY (default here 1g). The load average is printed with every run.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
warehouse=$(mktemp -d "${TMPDIR:-/tmp}/finsam-bench-did-XXXX")
trap 'rm -rf "$warehouse"' EXIT
export FINSAM_DRIVER_MEMORY=${FINSAM_DRIVER_MEMORY:-1g}

if [ "${1:-}" != whole ]; then
  persons=${1:-100000}
  echo "bench-did: $persons persons, $(nproc) cores, driver heap $FINSAM_DRIVER_MEMORY; load: $(uptime)"
  FINSAM_WAREHOUSE="$warehouse" "$here/finsam" bench-did \
    --persons "$persons" ${BENCH_DID_ARGS:-} 2> "$warehouse/err" | grep '^bench-did' || {
    tail -40 "$warehouse/err" >&2; echo "bench-did: failed" >&2; exit 1; }
  exit 0
fi

what=${2:?"usage: ci/bench-did.sh whole <mpdta | persons> [runs] [covariates]"}
runs=${3:-2}
covariates=${4:-none}
if [ "$what" = mpdta ]; then
  args=(--data "$here/../shared/reference/mpdta.csv" --yname lemp --tname year --idname countyreal
        --gname first.treat)
else
  csv=${BENCH_DID_CSV:-$warehouse/csv}
  csv_covariates=$([ "$covariates" = none ] || echo "${covariates//+/,}")
  if [ -n "${BENCH_DID_CSV:-}" ] && ls "$csv"/part-* > /dev/null 2>&1; then
    echo "bench-did whole: reusing the CSV in $csv ($(du -sh "$csv" | cut -f1))"
  else
    echo "bench-did whole: writing the $what-person panel as CSV${csv_covariates:+ with $csv_covariates} (not timed)"
    FINSAM_WAREHOUSE="$warehouse/wh" "$here/finsam" bench-did --persons "$what" --write-csv "$csv" \
      ${csv_covariates:+--csv-covariates "$csv_covariates"} 2> "$warehouse/err" || {
      tail -40 "$warehouse/err" >&2; echo "bench-did: writing the panel failed" >&2; exit 1; }
  fi
  args=(--data "$csv" --yname y --tname month_index --idname pid --gname group_index
        --control-group notyettreated)
  [ "$covariates" = none ] || args+=(--xformla "~$covariates")
fi
times=()
for run in $(seq 1 "$runs"); do
  load=$(uptime | sed 's/.*load average: //')
  rm -rf "$warehouse/out" "$warehouse/gc.log"
  start=$(date +%s.%N)
  FINSAM_WAREHOUSE="$warehouse/wh" FINSAM_JAVA_OPTS="${FINSAM_JAVA_OPTS:-} -Xlog:gc:file=$warehouse/gc.log" \
    "$here/finsam" did "${args[@]}" --est-method dr --out "$warehouse/out" 2> "$warehouse/err" > /dev/null || {
    tail -40 "$warehouse/err" >&2; echo "bench-did: ./finsam did failed" >&2; exit 1; }
  seconds=$(echo "$(date +%s.%N) - $start" | bc)
  rows=$(sed -n 's/.*succeeded in .*: read [^ ]* \([0-9]*\) rows.*/\1/p' "$warehouse/err" | tail -1)
  cells=$(($(wc -l < "$warehouse/out/not_for_publication/att_gt.csv") - 1))
  heap=$(grep -o '[0-9]*M->[0-9]*M' "$warehouse/gc.log" | cut -dM -f1 | sort -n | tail -1)
  path=spark
  grep -q 'read, pivoted and estimated in the driver' "$warehouse/err" && path=driver
  times+=("$seconds")
  printf 'bench-did whole: data=%s covariates=%s path=%s run=%d rows=%d cells=%d seconds=%.1f rows_per_s=%.0f driver_peak_heap_mib=%s driver_max_heap=%s cores=%d load=%s\n' \
    "$what" "$covariates" "$path" "$run" "$rows" "$cells" "$seconds" "$(echo "$rows / $seconds" | bc -l)" "${heap:-0}" \
    "$FINSAM_DRIVER_MEMORY" "$(nproc)" "$load"
done
if [ -n "${R_SECONDS:-}" ]; then
  printf '%s\n' "${times[@]}" | awk -v r="$R_SECONDS" '
    { f[NR] = $1 } END {
      n = split(r, rs, ","); rmin = rs[1]; rmax = rs[1]
      for (i = 2; i <= n; i++) { if (rs[i] < rmin) rmin = rs[i]; if (rs[i] > rmax) rmax = rs[i] }
      fmin = f[1]; fmax = f[1]
      for (i = 2; i <= NR; i++) { if (f[i] < fmin) fmin = f[i]; if (f[i] > fmax) fmax = f[i] }
      printf "bench-did whole: R did 2.5.0 %s s (given), finsam %.1f-%.1f s: %.1f-%.1fx faster than R\n",
        r, fmin, fmax, rmin / fmax, rmax / fmin }'
fi
