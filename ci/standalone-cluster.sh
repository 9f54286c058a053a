#!/usr/bin/env bash
# Starts a real Spark standalone cluster on localhost (one master, two workers) from Spark 3.5.7's own
# jars, brought by Maven into a local SPARK_HOME, submits the shaded jar to it with
# org.apache.spark.deploy.SparkSubmit --master spark://..., and stops the cluster on exit.
#
#   ci/standalone-cluster.sh submit <main class> [job args...]   start, submit one job, stop
#   ci/standalone-cluster.sh start | stop                          keep a cluster up between submits
#   ci/standalone-cluster.sh run <main class> [job args...]       submit one job to the cluster kept up
#
# Environment: FINSAM_CLUSTER_DIR (default jobs/target/standalone), FINSAM_CLUSTER_PORT (default 7177);
# FINSAM_CLUSTER_WORKER_MEMORY (what each worker offers, 3g); for a submit, FINSAM_CLUSTER_DRIVER_MEMORY (the
# client-mode driver's heap, 2g), FINSAM_CLUSTER_EXECUTOR_MEMORY (2g, at most a worker's offer),
# FINSAM_CLUSTER_CORES (the job's cores, one per executor: 2, or 1 for a single executor) and
# FINSAM_CLUSTER_DRIVER_OPTS (more JVM options for the driver, e.g. a GC log).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$here/pom.xml" | head -n 1)
jar="$here/jobs/target/finsam-jobs-$version.jar"
provided="$here/jobs/target/provided-classpath.txt"
dir="${FINSAM_CLUSTER_DIR:-$here/jobs/target/standalone}"
port="${FINSAM_CLUSTER_PORT:-7177}"
master="spark://127.0.0.1:$port"
opens=$(sed -n 's:.*<spark.jvm.opens>\(.*\)</spark.jvm.opens>.*:\1:p' "$here/pom.xml")
export SPARK_LOCAL_IP=127.0.0.1
export SPARK_HOME="$dir/spark-home"
# The launcher library asks for the Scala version when SPARK_HOME is not a binary distribution.
export SPARK_SCALA_VERSION=2.12

build() {
  if [ ! -f "$jar" ] || [ ! -f "$provided" ]; then
    mvn -B -q -f "$here/pom.xml" -DskipTests package
  fi
  mkdir -p "$SPARK_HOME/jars" "$dir/logs" "$dir/work"
  # A SPARK_HOME is a RELEASE file and a jars/ folder: the worker builds executor class paths from it.
  echo "Spark 3.5.7 built for finsam from Maven Central" > "$SPARK_HOME/RELEASE"
  tr ':' '\n' < "$provided" | while read -r j; do ln -sf "$j" "$SPARK_HOME/jars/"; done
}

start() {
  build
  # shellcheck disable=SC2086
  nohup java -Xmx512m $opens -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port "$port" --webui-port $((port + 1000)) > "$dir/logs/master.log" 2>&1 &
  echo $! > "$dir/master.pid"
  for w in 1 2; do
    # shellcheck disable=SC2086
    nohup java -Xmx512m $opens -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.worker.Worker \
      --host 127.0.0.1 --webui-port $((port + 1000 + w)) --cores 1 --memory "${FINSAM_CLUSTER_WORKER_MEMORY:-3g}" \
      --work-dir "$dir/work/worker-$w" "$master" > "$dir/logs/worker-$w.log" 2>&1 &
    echo $! > "$dir/worker-$w.pid"
  done
  for _ in $(seq 1 120); do
    if [ "$(grep -c 'Registering worker' "$dir/logs/master.log" 2>/dev/null || true)" -ge 2 ]; then
      echo "standalone cluster up at $master with 2 workers" >&2
      return 0
    fi
    sleep 1
  done
  echo "standalone cluster did not start; logs in $dir/logs" >&2
  tail -20 "$dir"/logs/*.log >&2
  stop
  return 1
}

stop() {
  for f in "$dir"/worker-*.pid "$dir/master.pid"; do
    [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true
    rm -f "$f"
  done
}

submit() {
  local main=$1; shift
  # shellcheck disable=SC2086
  java -Xmx"${FINSAM_CLUSTER_DRIVER_MEMORY:-2g}" ${FINSAM_CLUSTER_DRIVER_OPTS:-} $opens \
    -Dlog4j2.configurationFile="$here/conf/log4j2.properties" \
    -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.SparkSubmit \
    --master "$master" --deploy-mode client --class "$main" \
    --conf spark.executor.memory="${FINSAM_CLUSTER_EXECUTOR_MEMORY:-2g}" --conf spark.executor.cores=1 --conf spark.cores.max="${FINSAM_CLUSTER_CORES:-2}" \
    --conf spark.driver.host=127.0.0.1 --conf spark.ui.enabled=false \
    "$jar" "$@"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  submit)
    shift
    trap stop EXIT
    start
    submit "$@"
    ;;
  run) shift; submit "$@" ;;
  *) sed -n '2,12p' "$0" >&2; exit 2 ;;
esac
