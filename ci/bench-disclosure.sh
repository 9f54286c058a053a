#!/usr/bin/env bash
# Benchmark of the output checker (issue 18): ci/bench-disclosure.sh [persons, default 100000]
# Checks and audits generated tables of the seed 002 report's shape and size (every outcome and model,
# six event-study figures, Figure 1, B1, B3-B7 with their lines) and prints tables, cells, lines,
# withheld cells and seconds per check. Pure Java (a Spark session starts with the launcher but does
# no work). Target: under 1 minute for a 100 000-person seed 002 run's tables.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
persons=${1:-100000}
warehouse=$(mktemp -d "${TMPDIR:-/tmp}/finsam-bench-disclosure-XXXX")
trap 'rm -rf "$warehouse"' EXIT
echo "bench-disclosure: $persons persons, $(nproc) cores; load: $(uptime)"
FINSAM_WAREHOUSE="$warehouse" "$here/finsam" bench-disclosure --persons "$persons" ${BENCH_DISCLOSURE_ARGS:-} \
  2> "$warehouse/err" | grep '^bench-disclosure' || { tail -40 "$warehouse/err" >&2; echo "bench-disclosure: failed" >&2; exit 1; }
