#!/usr/bin/env bash
# The project's test command (README, .ci/run): unit and Spark tests, the shaded jar, the spark-submit
# integration tests, then the launcher's command-line contract. Needs ../shared beside the checkout.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"

[ -d "$here/../shared/reference" ] || { echo "ci/test.sh: ../shared (reference data) is missing beside the checkout" >&2; exit 1; }

mvn -B -ntp verify

bash "$here/ci/check-launcher.sh"
