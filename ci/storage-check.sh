#!/usr/bin/env bash
# The chain on remote storage, run by ci/test.sh after ci/chain-check.sh: the same deliveries as a
# local-file-system run go through the whole chain with the warehouse on a real HDFS (Hadoop's
# minicluster, NameNode + DataNode in one JVM) and on a real S3 API (s3proxy through S3A) with
# ./finsam run, and under spark-submit on the standalone cluster (ci/standalone-cluster.sh) writing to
# the HDFS; every published table must equal the local run's (ci/compare-tables.py).
#   ci/storage-check.sh [local warehouse]
# Given the chain-check's local warehouse, its deliveries and report are the reference (same settings:
# ci/chain-settings.sh); without one, FINSAM_STORAGE_PERSONS (300) persons' deliveries are synthesised
# and a local chain runs beside the remote ones. The rounds run at the same time: a small chain's
# driver mostly waits (on storage, on its own single-threaded phases), so together they use both cores.
# Prints each round's wall-clock seconds. Needs `mvn verify` (or test-compile and package) first.
#   FINSAM_STORAGE_CLUSTER (1: also the spark-submit round), FINSAM_STORAGE_DIR, FINSAM_DRIVER_MEMORY (3g)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=${FINSAM_STORAGE_DIR:-$here/jobs/target/storage-check}
# shellcheck source=ci/chain-settings.sh
source "$here/ci/chain-settings.sh"
# Three drivers and a standalone cluster share the machine; a small chain needs far less than 6g.
export FINSAM_DRIVER_MEMORY=${FINSAM_DRIVER_MEMORY:-3g}
export SPARK_LOCAL_IP=127.0.0.1
rm -rf "$work"; mkdir -p "$work/results"
start_all=$SECONDS

jobs_target="$here/jobs/target"
if [ ! -f "$jobs_target/test-classpath.txt" ] || [ ! -f "$jobs_target/test-classes/se/finsam/storage/HadoopCopy.class" ] \
    || [ ! -f "$jobs_target/s3proxy/s3proxy.jar" ]; then
  mvn -B -q -f "$here/pom.xml" -pl jobs -am test-compile
fi
test_cp="$jobs_target/test-classes:$(cat "$jobs_target/test-classpath.txt")"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

# HDFS: the minicluster serves until killed and writes its hdfs://127.0.0.1:<port> when ready.
java -Xmx512m -cp "$test_cp" se.finsam.storage.MiniHdfs "$work/hdfs" "$work/hdfs.uri" > "$work/hdfs.log" 2>&1 &
pids+=($!)
# S3: s3proxy over a folder (a bucket is a folder), keys made up per run and handed to the jobs only
# through the environment (S3A's EnvironmentVariableCredentialsProvider), never in a file.
AWS_ACCESS_KEY_ID="ci-$RANDOM$RANDOM"; AWS_SECRET_ACCESS_KEY="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
s3port=$(free_port)
mkdir -p "$work/s3/store/finsam"
cat > "$work/s3/s3proxy.properties" <<PROPS
s3proxy.endpoint=http://127.0.0.1:$s3port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$AWS_ACCESS_KEY_ID
s3proxy.credential=$AWS_SECRET_ACCESS_KEY
jclouds.provider=filesystem
jclouds.filesystem.basedir=$work/s3/store
PROPS
chmod 600 "$work/s3/s3proxy.properties"
java -Xmx256m -jar "$jobs_target/s3proxy/s3proxy.jar" --properties "$work/s3/s3proxy.properties" > "$work/s3/s3proxy.log" 2>&1 &
pids+=($!)
# The S3A settings a user sets for an S3-compatible endpoint (README, Running on S3); no keys here.
s3a=("fs.s3a.endpoint=http://127.0.0.1:$s3port" fs.s3a.path.style.access=true fs.s3a.connection.ssl.enabled=false
  fs.s3a.aws.credentials.provider=com.amazonaws.auth.EnvironmentVariableCredentialsProvider fs.s3a.directory.marker.retention=keep)
{ echo "finsam.spark.conf {"; for kv in "${s3a[@]}"; do echo "  \"spark.hadoop.${kv%%=*}\" = \"${kv#*=}\""; done; echo "}"; } > "$work/s3.conf"

for _ in $(seq 1 120); do
  [ -s "$work/hdfs.uri" ] && (exec 3<> "/dev/tcp/127.0.0.1/$s3port") 2> /dev/null && break
  sleep 1
done
[ -s "$work/hdfs.uri" ] || { echo "storage-check: HDFS minicluster did not start"; tail -30 "$work/hdfs.log"; exit 1; }
hdfs=$(cat "$work/hdfs.uri")

# The reference: the given local warehouse, or deliveries synthesised now and a local chain run
# alongside the remote rounds.
reference=${1:-$work/local}
if [ -z "${1:-}" ]; then
  persons=${FINSAM_STORAGE_PERSONS:-300}
  "$here/finsam" synth --persons "$persons" --warehouse "$reference" > "$work/synth.out" 2>&1 \
    || { echo "FAIL synthetic deliveries"; tail -40 "$work/synth.out"; exit 1; }
fi
[ -d "$reference/raw" ] || { echo "storage-check: $reference has no raw/ deliveries"; exit 1; }
echo "storage-check: $hdfs and s3proxy at 127.0.0.1:$s3port, the deliveries of $reference"

# round NAME WAREHOUSE COMMAND...: the reference's deliveries copied into WAREHOUSE (unless it is the
# reference), the chain run by COMMAND --warehouse WAREHOUSE, its report copied to reports/NAME.
# Writes "ok ..."/"FAIL ..." lines to results/NAME.
round() {
  local name=$1 warehouse=$2; shift 2
  local start=$SECONDS result="$work/results/$name"
  if [ "$warehouse" != "$reference" ]; then
    java -cp "$test_cp" se.finsam.storage.HadoopCopy "$reference/raw" "$warehouse/raw" "${s3a[@]}" 2> "$work/$name.copy.err" \
      || { { echo "FAIL copy the deliveries to $warehouse"; tail -5 "$work/$name.copy.err"; } >> "$result"; return 0; }
  fi
  if "$@" --warehouse "$warehouse" > "$work/$name.out" 2> "$work/$name.err"; then
    echo "ok   chain on $name ($((SECONDS - start)) s)" >> "$result"
  else
    { echo "FAIL chain on $name ($((SECONDS - start)) s)"; tail -40 "$work/$name.err"; } >> "$result"; return 0
  fi
  [ "$warehouse" = "$reference" ] && return 0
  local report; report=$(sed -n 's/^report: //p' "$work/$name.out")
  report=${report%/index.html}
  java -cp "$test_cp" se.finsam.storage.HadoopCopy "$report" "$work/reports/$name" "${s3a[@]}" 2> "$work/$name.copy.err" \
    || { echo "FAIL copy $report home"; tail -5 "$work/$name.copy.err"; } >> "$result"
}

mkdir -p "$work/reports"
rounds=(hdfs s3)
running=()   # the rounds' processes: a bare `wait` would wait for the servers too
if [ -z "${1:-}" ]; then round local "$reference" "$here/finsam" run & running+=($!); fi
round hdfs "$hdfs/finsam/warehouse" "$here/finsam" run & running+=($!)
round s3 "s3a://finsam/warehouse" "$here/finsam" run --conf "$work/s3.conf" & running+=($!)
if [ "${FINSAM_STORAGE_CLUSTER:-1}" = 1 ]; then
  rounds+=(cluster-hdfs)
  # The cluster's own folder and a free port, so it never meets the chain-check's cluster.
  FINSAM_CLUSTER_DIR="$work/standalone" FINSAM_CLUSTER_PORT=$(free_port) round cluster-hdfs "$hdfs/finsam/cluster" \
    bash "$here/ci/standalone-cluster.sh" submit se.finsam.cli.RunJob --profile cluster --conf "$here/ci/cluster-ci.conf" &
  running+=($!)
fi
wait "${running[@]}"
cat "$work"/results/*
reference_report=$(ls -td "$reference"/reports/*/ 2> /dev/null | head -1)
compared="$work/results/compared"
for name in "${rounds[@]}"; do
  if [ -n "$reference_report" ] && [ -d "$work/reports/$name" ] \
      && python3 "$here/ci/compare-tables.py" "$reference_report" "$work/reports/$name"; then
    echo "ok   every published table on $name equals the local run's"
  else
    echo "FAIL $name's published tables differ from the local run's (or one has none)"
  fi
done | tee "$compared"
if grep -rq -e "$AWS_SECRET_ACCESS_KEY" "$work"/s3.out "$work"/s3.err; then echo "FAIL the S3 secret key appears in the job's output"
else echo "ok   the S3 secret key appears nowhere in the job's output"; fi | tee -a "$compared"
passed=$(cat "$work"/results/* | grep -c '^ok' || true)
failed=$(cat "$work"/results/* | grep -c '^FAIL' || true)
echo "storage-check: $passed passed, $failed failed in $((SECONDS - start_all)) s"
[ "$failed" -eq 0 ]
