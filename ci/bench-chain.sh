#!/usr/bin/env bash
# Benchmark of the whole chain on synthetic data: ci/bench-chain.sh [persons, default 10000]
# Runs ./finsam run on a fresh warehouse and prints per step: rows in, rows out, seconds, rows per
# second and the driver's peak heap (MiB). Target on 2 cores: 100 000 persons in under 15 minutes.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
persons=${1:-10000}
warehouse=$(mktemp -d "${TMPDIR:-/tmp}/finsam-bench-XXXX")
trap 'rm -rf "$warehouse"' EXIT
start=$(date +%s)
"$here/finsam" run --synth --persons "$persons" --warehouse "$warehouse" > "$warehouse.out" 2> "$warehouse.err" || {
  tail -40 "$warehouse.err" >&2; echo "bench-chain: the chain failed" >&2; exit 1; }
end=$(date +%s)
echo "finsam chain benchmark: $persons persons, $(nproc) cores, $((end - start)) s wall clock (JVM start included)"
sed -n '/done:/,$p' "$warehouse.out"
rm -f "$warehouse.out" "$warehouse.err"
