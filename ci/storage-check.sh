#!/usr/bin/env bash
# The chain on remote storage, run by ci/test.sh: ./finsam run with the warehouse on a real HDFS
# (Hadoop's minicluster, NameNode + DataNode in one JVM) and on a real S3 API (s3proxy through S3A),
# then the same chain under spark-submit on the standalone cluster (ci/standalone-cluster.sh) writing
# to the HDFS; every published table must equal the local-file-system run's (ci/compare-tables.py).
# Small on purpose (300 persons, one outcome, one model): it checks the storage, not the estimates.
# Prints each round's wall-clock seconds. Needs `mvn verify` (or test-compile and package) first.
#   FINSAM_STORAGE_PERSONS (300), FINSAM_STORAGE_CLUSTER (1: also the spark-submit round), FINSAM_STORAGE_DIR
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=${FINSAM_STORAGE_DIR:-$here/jobs/target/storage-check}
persons=${FINSAM_STORAGE_PERSONS:-300}
export FINSAM_ESTIMATE_ONLY__OUTCOMES=${FINSAM_ESTIMATE_ONLY__OUTCOMES:-lon_kr}
export FINSAM_ESTIMATE_ONLY__MODELS=${FINSAM_ESTIMATE_ONLY__MODELS:-M1}
export SPARK_LOCAL_IP=127.0.0.1
rm -rf "$work"; mkdir -p "$work"
passed=0; failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; }

jobs_target="$here/jobs/target"
if [ ! -f "$jobs_target/test-classpath.txt" ] || [ ! -d "$jobs_target/test-classes/se/finsam/storage" ] \
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
s3port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
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
cat > "$work/s3.conf" <<CONF
finsam.spark.conf {
  "spark.hadoop.fs.s3a.endpoint" = "http://127.0.0.1:$s3port"
  "spark.hadoop.fs.s3a.path.style.access" = "true"
  "spark.hadoop.fs.s3a.connection.ssl.enabled" = "false"
  "spark.hadoop.fs.s3a.aws.credentials.provider" = "com.amazonaws.auth.EnvironmentVariableCredentialsProvider"
  "spark.hadoop.fs.s3a.directory.marker.retention" = "keep"
}
CONF
for _ in $(seq 1 120); do
  [ -s "$work/hdfs.uri" ] && (exec 3<> "/dev/tcp/127.0.0.1/$s3port") 2> /dev/null && break
  sleep 1
done
[ -s "$work/hdfs.uri" ] || { echo "storage-check: HDFS minicluster did not start"; tail -30 "$work/hdfs.log"; exit 1; }
hdfs=$(cat "$work/hdfs.uri")
echo "storage-check: $hdfs and s3proxy at 127.0.0.1:$s3port, $persons persons"

# run NAME WAREHOUSE [finsam args]: the whole chain, its seconds, and the report folder copied home.
run() {
  local name=$1 warehouse=$2; shift 2
  local start=$SECONDS
  if "$here/finsam" run --synth --persons "$persons" --warehouse "$warehouse" "$@" > "$work/$name.out" 2> "$work/$name.err"; then
    ok "chain on $name ($((SECONDS - start)) s)"
  else
    bad "chain on $name ($((SECONDS - start)) s)"; tail -40 "$work/$name.err"; return 0
  fi
  local report; report=$(sed -n 's/^report: //p' "$work/$name.out")
  report=${report%/index.html}
  java -cp "$test_cp" se.finsam.storage.CopyToLocal "$report" "$work/reports/$name" \
    "fs.s3a.endpoint=http://127.0.0.1:$s3port" fs.s3a.path.style.access=true fs.s3a.connection.ssl.enabled=false \
    fs.s3a.aws.credentials.provider=com.amazonaws.auth.EnvironmentVariableCredentialsProvider 2> "$work/$name.copy.err" \
    || { bad "copy $report"; tail -5 "$work/$name.copy.err"; }
}
compare() {
  if [ -d "$work/reports/$2" ] && python3 "$here/ci/compare-tables.py" "$work/reports/$1" "$work/reports/$2"; then
    ok "every published table on $2 equals $1's"
  else
    bad "$2's published tables differ from $1's (or it has none)"
  fi
}

run local "$work/local"
run hdfs "$hdfs/finsam/warehouse"
compare local hdfs
run s3 "s3a://finsam/warehouse" --conf "$work/s3.conf"
compare local s3
if grep -rq -e "$AWS_SECRET_ACCESS_KEY" "$work"/s3.out "$work"/s3.err; then bad "the S3 secret key appears in the job's output"
else ok "the S3 secret key appears nowhere in the job's output"; fi

if [ "${FINSAM_STORAGE_CLUSTER:-1}" = 1 ]; then
  start=$SECONDS
  if "$here/finsam" synth --persons "$persons" --warehouse "$hdfs/finsam/cluster" > "$work/cluster-synth.out" 2>&1 \
      && FINSAM_CLUSTER_DIR="$work/standalone" bash "$here/ci/standalone-cluster.sh" submit se.finsam.cli.RunJob \
        --profile cluster --conf "$here/ci/cluster-ci.conf" --warehouse "$hdfs/finsam/cluster" \
        > "$work/cluster.out" 2> "$work/cluster.err"; then
    ok "spark-submit chain on the standalone cluster writing to HDFS ($((SECONDS - start)) s)"
    report=$(sed -n 's/^report: //p' "$work/cluster.out"); report=${report%/index.html}
    java -cp "$test_cp" se.finsam.storage.CopyToLocal "$report" "$work/reports/cluster-hdfs" 2> "$work/cluster.copy.err" \
      || bad "copy $report"
    compare local cluster-hdfs
  else
    bad "spark-submit chain on the standalone cluster writing to HDFS"; tail -40 "$work/cluster.err" "$work/cluster-synth.out"
  fi
fi
echo "storage-check: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
