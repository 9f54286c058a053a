#!/usr/bin/env bash
# Benchmark of the matched design (seed 000) from curated Delta tables of P potential referents and T treated
# persons: the study population, the yearly outcomes, exact matching and Tables 1-12, in the shared local[2]
# test session.
# Usage: ci/bench-matched.sh [pool] [treated]   (default 1000000 10000; target < 3 min on 2 cores)
# FINSAM_BENCH_WAREHOUSE=/some/dir keeps the generated curated tables in /some/dir-P-T for the next run.
# Prints rows, seconds (wall and the JVM's CPU) in all and per step, the driver's peak heap and the load, and
# writes jobs/target/bench-matched.txt.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
pool=${1:-1000000}
treated=${2:-10000}
out="$here/jobs/target/bench-matched.txt"
mkdir -p "$here/jobs/target"
echo "load before: $(uptime)"
mvn -B -q -ntp -o -f "$here/pom.xml" -pl jobs -am test -Dtest=MatchedBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfinsam.bench.pool="$pool" -Dfinsam.bench.treated="$treated" -Dfinsam.bench.out="$out" \
  ${FINSAM_BENCH_WAREHOUSE:+-Dfinsam.bench.warehouse="$FINSAM_BENCH_WAREHOUSE"} \
  > "$here/jobs/target/bench-matched.log" 2>&1 || { tail -50 "$here/jobs/target/bench-matched.log" >&2; exit 1; }
cat "$out"
echo "load after: $(uptime)"
