#!/usr/bin/env bash
# Benchmark of the municipality panel (seed 001): ci/bench-kommun.sh [persons, default 20000]
# Runs ./finsam run --design kommun on a fresh warehouse (synthetic general population, registers
# 2003-2016, 290 municipalities) and prints per step: rows in, rows out, seconds, rows per second and
# the driver's peak heap (MiB). Target on 2 cores: 1 000 000 persons x 10 years aggregated and every
# outcome x group estimated in under 10 minutes (kommunpanel + kommun-estimate).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
persons=${1:-20000}
warehouse=$(mktemp -d "${TMPDIR:-/tmp}/finsam-bench-kommun-XXXX")
trap 'rm -rf "$warehouse" "$warehouse.out" "$warehouse.err"' EXIT
start=$(date +%s)
"$here/finsam" run --design kommun --synth --persons "$persons" --warehouse "$warehouse" > "$warehouse.out" 2> "$warehouse.err" || {
  tail -40 "$warehouse.err" >&2; echo "bench-kommun: the chain failed" >&2; exit 1; }
end=$(date +%s)
echo "finsam kommun benchmark: $persons persons, $(nproc) cores, $((end - start)) s wall clock (JVM start included)"
sed -n '/done:/,$p' "$warehouse.out"
