# Sourced by ci/chain-check.sh: real servers of the two remote storage protocols on localhost, for the
# chain's rounds with the warehouse on HDFS and on S3.
#   remote_storage_start DIR   starts Hadoop's HDFS minicluster (NameNode + DataNode in one JVM) and
#                              s3proxy over a folder (S3A, bucket "finsam"), both under DIR; sets
#                              remote_hdfs (hdfs://127.0.0.1:<port>), remote_s3_conf (the finsam config
#                              overlay with the S3A settings) and remote_s3a (those settings as key=value)
#   remote_copy SRC DST        copies a folder between file systems (local, hdfs://, s3a://)
#   remote_storage_stop        stops both servers
# The S3 keys are made up per run and reach the jobs only through the environment (S3A's
# EnvironmentVariableCredentialsProvider), never a file the jobs read. Needs the jobs module's test
# class path (mvn verify, or test-compile and package).
remote_pids=()

remote_storage_start() {
  local dir=$1 target="$here/jobs/target"
  if [ ! -f "$target/test-classpath.txt" ] || [ ! -f "$target/test-classes/se/finsam/storage/HadoopCopy.class" ] \
      || [ ! -f "$target/s3proxy/s3proxy.jar" ]; then
    mvn -B -q -f "$here/pom.xml" -pl jobs -am test-compile
  fi
  remote_cp="$target/test-classes:$(cat "$target/test-classpath.txt")"
  mkdir -p "$dir/s3/store/finsam"
  java -Xmx512m -cp "$remote_cp" se.finsam.storage.MiniHdfs "$dir/hdfs" "$dir/hdfs.uri" > "$dir/hdfs.log" 2>&1 &
  remote_pids+=($!)
  AWS_ACCESS_KEY_ID="ci-$RANDOM$RANDOM"; AWS_SECRET_ACCESS_KEY="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
  export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
  local port; port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  cat > "$dir/s3/s3proxy.properties" <<PROPS
s3proxy.endpoint=http://127.0.0.1:$port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$AWS_ACCESS_KEY_ID
s3proxy.credential=$AWS_SECRET_ACCESS_KEY
jclouds.provider=filesystem
jclouds.filesystem.basedir=$dir/s3/store
PROPS
  chmod 600 "$dir/s3/s3proxy.properties"
  java -Xmx256m -jar "$target/s3proxy/s3proxy.jar" --properties "$dir/s3/s3proxy.properties" > "$dir/s3/s3proxy.log" 2>&1 &
  remote_pids+=($!)
  # The S3A settings a user sets for an S3-compatible endpoint (README, Running on S3); no keys here.
  remote_s3a=("fs.s3a.endpoint=http://127.0.0.1:$port" fs.s3a.path.style.access=true fs.s3a.connection.ssl.enabled=false
    fs.s3a.aws.credentials.provider=com.amazonaws.auth.EnvironmentVariableCredentialsProvider fs.s3a.directory.marker.retention=keep)
  remote_s3_conf="$dir/s3.conf"
  { echo "finsam.spark.conf {"; for kv in "${remote_s3a[@]}"; do echo "  \"spark.hadoop.${kv%%=*}\" = \"${kv#*=}\""; done; echo "}"; } \
    > "$remote_s3_conf"
  for _ in $(seq 1 180); do
    [ -s "$dir/hdfs.uri" ] && (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null && break
    sleep 1
  done
  [ -s "$dir/hdfs.uri" ] || { echo "remote-storage: the HDFS minicluster did not start"; tail -30 "$dir/hdfs.log"; return 1; }
  (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null \
    || { echo "remote-storage: s3proxy did not start"; tail -30 "$dir/s3/s3proxy.log"; return 1; }
  remote_hdfs=$(cat "$dir/hdfs.uri")
}

remote_copy() {
  java -cp "$remote_cp" se.finsam.storage.HadoopCopy "$1" "$2" "${remote_s3a[@]}"
}

remote_storage_stop() {
  for p in "${remote_pids[@]}"; do kill "$p" 2> /dev/null || true; done
}
