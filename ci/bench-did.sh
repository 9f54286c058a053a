#!/usr/bin/env bash
# Benchmark of the staggered DiD (issue 7): ci/bench-did.sh [persons, default 100000]
# Generates a monthly panel (persons x 112 months, nine start groups in consecutive months, the last
# comparison-only; not-yet-treated controls, dr) and prints, without covariates and with seed 002's
# Modell 3 covariates, the seconds for att_gt, the four aggregations and 999 bootstrap draws, and the
# driver's peak heap. Spark runs in local mode, so the "driver" is the one JVM that also runs the tasks;
# its heap is capped with FINSAM_DRIVER_MEMORY (default here 1g, the target).
# Targets on 2 cores, 100 000 persons: < 2 min without covariates, < 6 min with, driver heap < 1 GiB.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
persons=${1:-100000}
warehouse=$(mktemp -d "${TMPDIR:-/tmp}/finsam-bench-did-XXXX")
trap 'rm -rf "$warehouse"' EXIT
echo "bench-did: $persons persons, $(nproc) cores, driver heap ${FINSAM_DRIVER_MEMORY:-1g}; load: $(uptime)"
FINSAM_WAREHOUSE="$warehouse" FINSAM_DRIVER_MEMORY=${FINSAM_DRIVER_MEMORY:-1g} "$here/finsam" bench-did \
  --persons "$persons" ${BENCH_DID_ARGS:-} 2> "$warehouse/err" | grep '^bench-did' || {
  tail -40 "$warehouse/err" >&2; echo "bench-did: failed" >&2; exit 1; }
