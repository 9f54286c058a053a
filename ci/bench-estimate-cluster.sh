#!/usr/bin/env bash
# Benchmark of the estimate step on the localhost standalone cluster (ci/standalone-cluster.sh) with a small
# driver (issue 21 item 3: driver memory flat in persons): every model and outcome of the configuration
# (seed 002's five models and all outcomes unless FINSAM_ESTIMATE_ONLY__* say otherwise), submitted with
# --profile cluster as ci/executor-loss-check.sh does.
#   ci/bench-estimate-cluster.sh [persons | warehouse with a panel]
# Given a warehouse, its panel/ is read where it is (linked, not copied; the results go to a scratch
# warehouse); given a number (default 2 000), that many synthetic persons go through synth, ingest and
# panel in local mode first (not timed).
# Prints the largest model's persons, their MiB in a heap (when sized), where they were estimated (one task or passes), estimates, seconds (the submit's
# wall clock, JVM start included), the driver's and the executors' peak heap (largest heap before a GC, from
# their GC logs) and the load before and after.
# Environment: FINSAM_BENCH_DRIVER_MEMORY (1g), FINSAM_CLUSTER_EXECUTOR_MEMORY (2g),
# FINSAM_CLUSTER_WORKER_MEMORY (3g) and FINSAM_CLUSTER_CORES (2 executors, or 1), KEEP=1 keeps the scratch
# folder; FINSAM_ESTIMATE_ONE__TASK__HEAP__SHARE=0 forces the passes over the executors.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/finsam-bench-estimate.XXXXXX")
warehouse=$work/warehouse
export SPARK_LOCAL_IP=127.0.0.1
mkdir -p "$warehouse"
"$here/finsam" --help > /dev/null # build first, so the build is not timed

arg=${1:-2000}
if [ -d "$arg" ]; then
  [ -d "$arg/panel/person_month" ] || { echo "bench-estimate-cluster: $arg has no panel/" >&2; exit 1; }
  ln -s "$(cd "$arg" && pwd)/panel" "$warehouse/panel"
else
  echo "bench-estimate-cluster: synth, ingest and panel of $arg persons ..." >&2
  echo "finsam.run.designs.estimate-inputs = [synth, ingest, panel]" > "$work/inputs.conf"
  "$here/finsam" run --synth --persons "$arg" --design estimate-inputs --conf "$work/inputs.conf" \
    --warehouse "$warehouse" > "$work/inputs.out" 2>&1 || { tail -40 "$work/inputs.out" >&2; exit 1; }
fi

export FINSAM_CLUSTER_DIR=$work/standalone
FINSAM_CLUSTER_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export FINSAM_CLUSTER_PORT
export FINSAM_CLUSTER_DRIVER_MEMORY=${FINSAM_BENCH_DRIVER_MEMORY:-1g}
# SparkConf reads spark.* system properties, so the executors get their GC logs (one per JVM) this way.
export FINSAM_CLUSTER_DRIVER_OPTS="-Xlog:gc:file=$work/gc-driver.log -Dspark.executor.extraJavaOptions=-Xlog:gc:file=$work/gc-executor-%p.log"
cluster=("bash" "$here/ci/standalone-cluster.sh")
cleanup() {
  "${cluster[@]}" stop
  if [ -n "${KEEP:-}" ]; then echo "bench-estimate-cluster: kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
"${cluster[@]}" start 2> "$work/cluster-start.err" || { cat "$work/cluster-start.err" >&2; exit 1; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
start=$(date +%s.%N)
"${cluster[@]}" run se.finsam.estimate.EstimateJob --profile cluster --conf "$here/ci/cluster-ci.conf" \
  --warehouse "$warehouse" --run-id bench > "$work/estimate.out" 2> "$work/estimate.err" \
  || { tail -40 "$work/estimate.err" >&2; exit 1; }
end=$(date +%s.%N)
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

log=$work/estimate.err
# The largest model's sample (seed 002's M1 has everybody pivoted), from the driver's log or, in one task, the
# executors'; the size line is missing when the share is 0.
persons=$(cat "$log" "$work"/standalone/work/*/*/*/stderr 2> /dev/null \
  | sed -n 's/.*EstimateJob: estimate [A-Za-z0-9_]*: \([0-9]*\) persons, months.*/\1/p' | sort -n | tail -1)
mib=$(sed -n 's/.*persons take \([0-9.]*\) MiB in a heap.*/\1/p' "$log" | head -1)
if grep -q 'every model is estimated in one task' "$log"; then path=one-task; else path=passes; fi
estimates=$(sed -n 's/.*estimate: \([0-9]*\) outcome-model estimations under run.*/\1/p' "$log" | head -1)
# GC log lines end in "<before>M-><after>M(<capacity>M) <pause>ms"; the largest "before" is the heap's peak.
peak() { cat "$@" 2> /dev/null | grep -o '[0-9]*M->[0-9]*M' | cut -dM -f1 | sort -n | tail -1; }
driver_peak=$(peak "$work/gc-driver.log")
executor_peak=$(peak "$work"/gc-executor-*.log)
awk -v p="${persons:-0}" -v m="${mib:-n/a}" -v path="$path" -v n="${estimates:-0}" -v s="$start" -v e="$end" \
    -v d="${driver_peak:-0}" -v x="${executor_peak:-0}" -v dm="$FINSAM_CLUSTER_DRIVER_MEMORY" \
    -v lb="$load_before" -v la="$load_after" 'BEGIN {
  printf "persons=%d persons_mib=%s path=%s estimates=%d seconds=%.1f driver_memory=%s driver_peak_heap_mb=%d executor_peak_heap_mb=%d load_before=\"%s\" load_after=\"%s\"\n",
    p, m, path, n, e - s, dm, d, x, lb, la }'
