#!/usr/bin/env bash
# Benchmark of ./finsam panel: person-months per second and peak heap for N persons x 112 months.
# Usage: ci/bench-panel.sh [persons]   (default 100000; target < 3 min on 2 cores)
# Generates its own curated tables (jobs/src/test/.../SyntheticCurated) in a temporary warehouse,
# runs the panel job in the shared local[2] test session, prints one line and writes target/bench-panel.txt.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
persons=${1:-100000}
out="$here/jobs/target/bench-panel.txt"
mvn -B -q -ntp -f "$here/pom.xml" -pl jobs -am test -Dtest=PanelBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfinsam.bench.persons="$persons" -Dfinsam.bench.out="$out" > "$here/jobs/target/bench-panel.log" 2>&1 || {
  tail -50 "$here/jobs/target/bench-panel.log" >&2; exit 1; }
cat "$out"
