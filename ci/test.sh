#!/usr/bin/env bash
# The project's test command (README, .ci/run): unit and Spark tests, the shaded jar and the
# spark-submit integration tests (mvn verify), the launcher's command-line contract, the Airflow DAG,
# and the whole chain end to end in local mode, with the warehouse on HDFS and on S3 (Hadoop's
# minicluster, s3proxy) and under spark-submit on a Spark standalone cluster writing to the HDFS, with
# the report rendered in headless Chromium (and each design report the tests kept) and the notebooks
# over its checked outputs; the estimate surviving a killed executor on the standalone cluster with
# FINSAM_EXECUTOR_LOSS_CHECK=1.
# Needs ../shared beside the checkout.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"

[ -d "$here/../shared/reference" ] || { echo "ci/test.sh: ../shared (reference data) is missing beside the checkout" >&2; exit 1; }

mvn -B -ntp verify

check_dir="${FINSAM_CHECK_DIR:-$here/jobs/target/chain-check}"
bash "$here/ci/check-launcher.sh"
bash "$here/ci/render-design-reports.sh"
bash "$here/ci/chain-check.sh"
# The DAG check (its period re-run on a small warehouse of its own) and the notebooks run side by side:
# each is mostly one serial driver.
dag_log="$here/jobs/target/check-airflow-dag.log"
python3 "$here/ci/check-airflow-dag.py" > "$dag_log" 2>&1 & dag=$!
notebooks=0; bash "$here/ci/notebooks.sh" "$check_dir/local" || notebooks=$?
dag_status=0; wait "$dag" || dag_status=$?
cat "$dag_log"
[ "$dag_status" = 0 ] && [ "$notebooks" = 0 ] || { echo "ci/test.sh: airflow-dag exit $dag_status, notebooks exit $notebooks" >&2; exit 1; }
# Two estimate runs on the standalone cluster, one losing an executor, over chain-check's panel: several
# minutes more on 2 cores, and too heavy to hide beside another step.
if [ "${FINSAM_EXECUTOR_LOSS_CHECK:-0}" = 1 ]; then
  bash "$here/ci/executor-loss-check.sh" "$check_dir/local"
fi
