#!/usr/bin/env bash
# Checks the launcher's command-line contract: help, per-job help, wrong options exit 2.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
passed=0; failed=0
# Every check is a JVM of a few seconds: C1 and the serial collector halve that (a caller's value wins).
export FINSAM_JAVA_OPTS="${FINSAM_JAVA_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC}"
check() { # name, expected exit code, expected text, command...
  local name=$1 want=$2 text=$3; shift 3
  local output code
  output=$("$@" 2>&1); code=$?
  if [ "$code" -eq "$want" ] && grep -qF -- "$text" <<<"$output"; then
    passed=$((passed + 1)); echo "ok   $name"
  else
    failed=$((failed + 1)); echo "FAIL $name (exit $code, wanted $want and '$text')"; echo "$output" | tail -20
  fi
}
check "launcher help lists jobs"    0 "Jobs:"                    "$here/finsam" --help
check "no arguments is a usage error" 2 "Usage: ./finsam"        "$here/finsam"
check "unknown job"                 2 "unknown job 'nosuchjob'"  "$here/finsam" nosuchjob
# Every job's own --help and unknown-option answers are checked in one JVM by se.finsam.cli.FinsamTest;
# here one job shows that the launcher passes them through with their exit codes.
check "ingest --help"               0 "Usage: ./finsam ingest"   "$here/finsam" ingest --help
check "ingest wrong option"         2 "unknown option --no-such-option" "$here/finsam" ingest --no-such-option 1
# Settings that name nothing that exists are usage errors found before any data is read or written.
check "estimate unknown model"      2 "unknown model 'M9'"       "$here/finsam" estimate --models M1,M9 --warehouse /nonexistent/wh
check "estimate unknown outcome"    2 "unknown outcome 'nosuch'" "$here/finsam" estimate --outcomes nosuch --warehouse /nonexistent/wh
check "run unknown design"          2 "unknown design 'nosuch'"  "$here/finsam" run --design nosuch --warehouse /nonexistent/wh
check "did bad alp"                 2 "alp must lie strictly between 0 and 1" "$here/finsam" did --data x.csv --yname y \
  --tname t --idname i --gname g --out /nonexistent/out --alp 2
check "did two unbalanced modes"    2 "exclude each other"       "$here/finsam" did --data x.csv --yname y --tname t \
  --idname i --gname g --out /nonexistent/out --allow-unbalanced-panel --pair-balanced
# Class-data sharing: the first job after a build archives the classes it loaded, a later one maps them.
wh=$(mktemp -d)
check "a job succeeds"              0 ""                         "$here/finsam" init --warehouse "$wh/a"
check "it left the class archive"   0 ""                         test -s "$(ls "$here"/jobs/target/finsam-jobs-*.jsa)"
check "the next job maps it"        0 "source: shared objects file (top)" \
  env FINSAM_JAVA_OPTS="$FINSAM_JAVA_OPTS -Xlog:class+load=info" "$here/finsam" init --warehouse "$wh/b"
check "FINSAM_CDS=0 does not"       0 "no class from the archive" bash -c 'if env FINSAM_CDS=0 FINSAM_JAVA_OPTS="$0 -Xlog:class+load=info" \
  "$1" init --warehouse "$2" 2>&1 | grep -qF "source: shared objects file (top)"; then exit 1; fi; echo "no class from the archive"' \
  "$FINSAM_JAVA_OPTS" "$here/finsam" "$wh/c"
check "nor a Flight Recording"      0 "no class from the archive" bash -c 'if env FINSAM_JAVA_OPTS="$0 -XX:StartFlightRecording=filename=$2/r.jfr -Xlog:class+load=info" \
  "$1" init --warehouse "$2/d" 2>&1 | grep -qF "source: shared objects file (top)"; then exit 1; fi; test -s "$2/r.jfr" && echo "no class from the archive"' \
  "$FINSAM_JAVA_OPTS" "$here/finsam" "$wh"
rm -rf "$wh"
echo "launcher: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
