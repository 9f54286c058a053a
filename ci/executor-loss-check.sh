#!/usr/bin/env bash
# The estimate step survives the loss of an executor (issue 19, item 7). On a real standalone cluster
# (ci/standalone-cluster.sh; --profile cluster, so the estimator's units are checkpointed reliably under
# <warehouse>/_checkpoints/<run id>), estimate runs twice on the same panel: once undisturbed, then
# again while a watcher kills one executor JVM (SIGKILL) as soon as the checkpoint holds the panel's and
# a first outcome's units, so the blocks cached on that executor are lost mid-estimate. The worker
# starts a replacement; the run must finish and its result tables (att_gt, aggte, pretest, sample,
# warnings) must equal the undisturbed run's (ci/compare-tables.py; bootstrap on, seeded). The check
# fails unless the driver logged the lost executor before the estimate's last line and the replacement
# executor ran tasks, so a kill that came too late, or none, cannot pass.
#   ci/executor-loss-check.sh [warehouse with a panel]
# Given a warehouse (e.g. ci/chain-check.sh's local one), its panel/ is copied and used; without one,
# FINSAM_KILL_PERSONS (500) synthetic persons go through synth, ingest and panel in local mode first.
# Environment: FINSAM_KILL_DIR (jobs/target/executor-loss-check); outcomes and models as
# FINSAM_ESTIMATE_ONLY__OUTCOMES (lon_kr,har_fs) and FINSAM_ESTIMATE_ONLY__MODELS (M1).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=${FINSAM_KILL_DIR:-$here/jobs/target/executor-loss-check}
warehouse=$work/warehouse
export FINSAM_ESTIMATE_ONLY__OUTCOMES=${FINSAM_ESTIMATE_ONLY__OUTCOMES:-lon_kr,har_fs}
export FINSAM_ESTIMATE_ONLY__MODELS=${FINSAM_ESTIMATE_ONLY__MODELS:-M1}
# The check is of the passes over the executors: a panel this small would otherwise be estimated in one task.
export FINSAM_ESTIMATE_ONE__TASK__HEAP__SHARE=0
export SPARK_LOCAL_IP=127.0.0.1
rm -rf "$work"; mkdir -p "$work"
start_all=$SECONDS
failed=0
ok() { echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; }
finish() {
  if [ "$failed" -eq 0 ]; then echo "executor-loss-check: passed in $((SECONDS - start_all)) s"
  else echo "executor-loss-check: FAILED ($failed) in $((SECONDS - start_all)) s"; fi
  [ "$failed" -eq 0 ]
  exit
}

if [ -n "${1:-}" ]; then
  [ -d "$1/panel/person_month" ] || { echo "executor-loss-check: $1 has no panel/"; exit 1; }
  mkdir -p "$warehouse"; cp -r "$1/panel" "$warehouse/panel"
else
  echo "finsam.run.designs.estimate-inputs = [synth, ingest, panel]" > "$work/inputs.conf"
  "$here/finsam" run --synth --persons "${FINSAM_KILL_PERSONS:-500}" --design estimate-inputs --conf "$work/inputs.conf" \
    --warehouse "$warehouse" > "$work/inputs.out" 2>&1 || { bad "synth, ingest and panel"; tail -40 "$work/inputs.out"; finish; }
fi
echo "executor-loss-check: panel ready after $((SECONDS - start_all)) s; outcomes $FINSAM_ESTIMATE_ONLY__OUTCOMES, models $FINSAM_ESTIMATE_ONLY__MODELS"

# The cluster's own folder and a free port, so that it never meets another check's cluster.
export FINSAM_CLUSTER_DIR=$work/standalone
FINSAM_CLUSTER_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export FINSAM_CLUSTER_PORT
cluster=("bash" "$here/ci/standalone-cluster.sh")
trap '"${cluster[@]}" stop' EXIT
"${cluster[@]}" start 2> "$work/cluster-start.err" || { bad "standalone cluster"; cat "$work/cluster-start.err"; finish; }

# estimate RUN_ID: the estimate step on the cluster, driver log in $work/RUN_ID.err.
estimate() {
  "${cluster[@]}" run se.finsam.estimate.EstimateJob --profile cluster --conf "$here/ci/cluster-ci.conf" \
    --warehouse "$warehouse" --run-id "$1" --bootstrap > "$work/$1.out" 2> "$work/$1.err"
}

# The executors of this cluster: processes whose working directory is under its workers' folder
# (the worker starts each in work/worker-N/<app id>/<executor id>), so nothing else on the machine is touched.
executors() {
  local p
  for p in $(pgrep -f org.apache.spark.executor.CoarseGrainedExecutorBackend || true); do
    case "$(readlink "/proc/$p/cwd" 2> /dev/null || true)" in "$FINSAM_CLUSTER_DIR"/work/*) echo "$p" ;; esac
  done
}

# Waits until the run's checkpoint folder holds two checkpointed RDDs (the panel's persons and a first
# outcome's units), then kills one executor of this cluster; writes what it did to $work/kill.
kill_after_checkpoint() {
  local run=$1 checkpoints="$warehouse/_checkpoints/$1"
  until [ "$(find "$checkpoints" -name 'part-*' -type f 2> /dev/null | sed 's:/[^/]*$::' | sort -u | wc -l)" -ge 2 ]; do
    if grep -q "estimate run $run \(succeeded\|failed\)" "$work/$run.err" 2> /dev/null; then
      echo "none: the estimate ended before its checkpoint held two RDDs" > "$work/kill"; return
    fi
    sleep 0.1
  done
  local victim; victim=$(executors | sed -n 1p)
  if [ -z "$victim" ]; then echo "none: no executor of this cluster running" > "$work/kill"; return; fi
  local dir; dir=$(readlink "/proc/$victim/cwd")
  local lines; lines=$(wc -l < "$work/$run.err")
  kill -9 "$victim"
  echo "killed executor $(basename "$dir") (pid $victim) of $(basename "$(dirname "$dir")") at driver log line $lines," \
    "$(find "$checkpoints" -name 'part-*' -type f | wc -l) checkpoint files written" > "$work/kill"
}

start=$SECONDS
if estimate undisturbed; then ok "estimate undisturbed on the cluster ($((SECONDS - start)) s)"
else bad "estimate undisturbed on the cluster"; tail -40 "$work/undisturbed.err"; finish; fi

start=$SECONDS
kill_after_checkpoint executor-lost & watcher=$!
if estimate executor-lost; then ok "estimate with an executor killed on the cluster ($((SECONDS - start)) s)"
else bad "estimate with an executor killed on the cluster"; tail -40 "$work/executor-lost.err"; fi
wait "$watcher" || true
kill_line=$(cat "$work/kill" 2> /dev/null || echo "none: the watcher failed")
echo "     $kill_line"

# The kill landed mid-estimate: before it the driver had not logged the estimate's end, after it the
# driver logged the lost executor, then the end; a replacement executor (an id above the first two) ran tasks.
log=$work/executor-lost.err
at=$(sed -n 's/.* at driver log line \([0-9]*\),.*/\1/p' <<< "$kill_line")
done_line=$(grep -m 1 -n 'outcome-model estimations under run' "$log" | cut -d: -f1 || true)
lost_line=$(grep -m 1 -n 'Lost executor' "$log" | cut -d: -f1 || true)
if [ -n "$at" ] && [ -n "$done_line" ] && [ -n "$lost_line" ] && [ "$at" -lt "$done_line" ] && [ "$lost_line" -lt "$done_line" ]; then
  ok "the executor was lost mid-estimate: $(sed -n "${lost_line}p" "$log" | cut -c1-120)"
else
  bad "no executor lost mid-estimate (kill at driver log line ${at:-none}, lost at ${lost_line:-none}, estimate done at ${done_line:-none})"
fi
app=$(sed -n 's/.* of \(app-[0-9-]*\) at .*/\1/p' <<< "$kill_line")
replacements=$(find "$FINSAM_CLUSTER_DIR"/work/worker-*/"${app:-none}" -mindepth 1 -maxdepth 1 -type d -name '[0-9]*' 2> /dev/null \
  | awk -F/ '$NF >= 2' || true)
ran=0
for r in $replacements; do ran=$((ran + $(grep -c 'Running task' "$r/stderr" 2> /dev/null || true))); done
if [ "$ran" -gt 0 ]; then ok "a replacement executor ran $ran tasks ($(echo "$replacements" | xargs -n1 basename | paste -sd,))"
else bad "no replacement executor ran a task"; fi

# The results of both runs, each table without its run id, compared as chain-check compares reports.
tables=(att_gt aggte pretest sample warnings)
for run in undisturbed executor-lost; do
  for t in "${tables[@]}"; do printf -- "-- name: %s__%s\nSELECT * FROM results_%s WHERE run_id = '%s'\n" "$run" "$t" "$t" "$run"; done
done > "$work/results.sql"
if "$here/finsam" sql --warehouse "$warehouse" --queries "$work/results.sql" --output "$work/results" > "$work/sql.out" 2>&1; then
  python3 - "$work/results" <<'PY'
import csv, pathlib, sys
out = pathlib.Path(sys.argv[1])
for f in out.glob("*__*.csv"):
    run, table = f.stem.split("__")
    rows = list(csv.reader(f.open(encoding="utf-8")))
    keep = [i for i, c in enumerate(rows[0]) if c != "run_id"]
    (out / run).mkdir(exist_ok=True)
    with (out / run / f"{table}.csv").open("w", encoding="utf-8", newline="") as o:
        csv.writer(o).writerows([[r[i] for i in keep] for r in rows[:1] + sorted(rows[1:])])
PY
  rows=$(cat "$work"/results/undisturbed/*.csv | wc -l)
  if [ "$(grep -c . "$work/results/undisturbed/att_gt.csv")" -gt 1 ] \
      && python3 "$here/ci/compare-tables.py" "$work/results/undisturbed" "$work/results/executor-lost"; then
    # Sums merged in task completion order may differ in the last bits; here they usually do not.
    same=$(diff -rq "$work/results/undisturbed" "$work/results/executor-lost" > /dev/null && echo "byte for byte" || echo "within 1e-9")
    ok "every result table equals the undisturbed run's ($rows lines, $same)"
  else
    bad "the results differ from the undisturbed run's (or there are none)"
  fi
else
  bad "reading the results"; tail -20 "$work/sql.out"
fi
finish
