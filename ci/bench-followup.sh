#!/usr/bin/env bash
# Benchmark of the annual SUS follow-up (seeds 003/004): ci/bench-followup.sh [participants, default 50000]
# Runs ./finsam run --design sus-followup on a fresh warehouse: synthetic registers 2010-2019 for the given
# number of SUS participants (each with 1-3 insatser and the full register history; 10 % comparison pool
# beside them), ingest, then the follow-up of 2019. Prints every step's rows in and out, seconds, rows/s and
# driver peak heap; the followup line is the figure of issue 14 (target: under 5 minutes for 50 000).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
participants=${1:-50000}
persons=$(( (participants * 10 + 8) / 9 ))
warehouse=$(mktemp -d "${TMPDIR:-/tmp}/finsam-bench-followup-XXXX")
trap 'rm -rf "$warehouse" "$warehouse.out" "$warehouse.err"' EXIT
start=$(date +%s)
"$here/finsam" run --design sus-followup --synth --persons "$persons" --warehouse "$warehouse" \
  -Dfinsam.followup.year=2019 -Dfinsam.synth.to=201912 -Dfinsam.synth.correction.period=201912 \
  -Dfinsam.synth.sus.start-to=201912 -Dfinsam.synth.shares.experiment=0 -Dfinsam.synth.shares.sus=0.9 \
  -Dfinsam.synth.shares.pool=0.1 > "$warehouse.out" 2> "$warehouse.err" || {
  tail -40 "$warehouse.err" >&2; echo "bench-followup: the chain failed" >&2; exit 1; }
end=$(date +%s)
echo "finsam followup benchmark: $participants SUS participants ($persons persons), $(nproc) cores," \
  "$((end - start)) s wall clock for synth + ingest + followup (JVM start included)"
sed -n '/done:/,$p' "$warehouse.out"
