#!/usr/bin/env bash
# Benchmark of the whole chain on synthetic data: ci/bench-chain.sh [persons, default 10000]
# Runs ./finsam run on a fresh warehouse and prints per step: rows in, rows out, seconds, rows per
# second and the driver's peak heap (MiB). Target on 2 cores (issue 21): 100 000 persons in under 6 minutes,
# 1 000 000 in under 60. KEEP=1 keeps the warehouse (its path is printed on stderr), e.g. for
# ci/bench-estimate-cluster.sh.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
persons=${1:-10000}
warehouse=$(mktemp -d "${TMPDIR:-/tmp}/finsam-bench-XXXX")
if [ -n "${KEEP:-}" ]; then trap 'echo "bench-chain: kept $warehouse" >&2' EXIT; else trap 'rm -rf "$warehouse"' EXIT; fi
start=$(date +%s)
"$here/finsam" run --synth --persons "$persons" --warehouse "$warehouse" > "$warehouse.out" 2> "$warehouse.err" || {
  tail -40 "$warehouse.err" >&2; echo "bench-chain: the chain failed" >&2; exit 1; }
end=$(date +%s)
echo "finsam chain benchmark: $persons persons, $(nproc) cores, $((end - start)) s wall clock (JVM start included)"
sed -n '/done:/,$p' "$warehouse.out"
rm -f "$warehouse.out" "$warehouse.err"
