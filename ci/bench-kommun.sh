#!/usr/bin/env bash
# Benchmark of the municipality panel (seed 001). Target on 2 cores: 1 000 000 persons x 10 years
# aggregated and every outcome x group estimated in under 10 minutes (kommunpanel + kommun-estimate).
#
#   ci/bench-kommun.sh [persons, default 1000000] [years, default 10]
#     The curated tables kommunpanel reads are written directly (KommunBenchmark: Spark range + hashes,
#     290 municipalities, moves, deaths, MiDaS, bistånd, CSN, wages, AF, förbund joining 2005-2010), then
#     kommunpanel and kommun-estimate run in-process in the shared local[2] test session. Prints rows in
#     and out, wall and CPU seconds per step, the driver's peak heap and the load; writes
#     jobs/target/bench-kommun.txt.
#   ci/bench-kommun.sh --chain [persons, default 20000]
#     The whole chain as the launcher runs it: ./finsam run --design kommun (synth -> ingest ->
#     kommunpanel -> kommun-estimate -> kommun-report) on a fresh warehouse; per step rows, seconds and
#     the driver's peak heap.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
echo "load before: $(uptime)"
if [[ "${1:-}" == "--chain" ]]; then
  persons=${2:-20000}
  warehouse=$(mktemp -d "${TMPDIR:-/tmp}/finsam-bench-kommun-XXXX")
  trap 'rm -rf "$warehouse" "$warehouse.out" "$warehouse.err"' EXIT
  start=$(date +%s)
  "$here/finsam" run --design kommun --synth --persons "$persons" --warehouse "$warehouse" > "$warehouse.out" 2> "$warehouse.err" || {
    tail -40 "$warehouse.err" >&2; echo "bench-kommun: the chain failed" >&2; exit 1; }
  end=$(date +%s)
  echo "finsam kommun benchmark (chain): $persons persons, $(nproc) cores, $((end - start)) s wall clock (JVM start included)"
  sed -n '/done:/,$p' "$warehouse.out"
else
  persons=${1:-1000000}
  years=${2:-10}
  out="$here/jobs/target/bench-kommun.txt"
  mkdir -p "$here/jobs/target"
  mvn -B -q -ntp -o -f "$here/pom.xml" -pl jobs -am test -Dtest=KommunBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
    -Dfinsam.bench.persons="$persons" -Dfinsam.bench.years="$years" -Dfinsam.bench.out="$out" \
    > "$here/jobs/target/bench-kommun.log" 2>&1 || { tail -50 "$here/jobs/target/bench-kommun.log" >&2; exit 1; }
  cat "$out"
fi
echo "load after: $(uptime)"
