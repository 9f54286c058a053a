#!/usr/bin/env bash
# Checks the launcher's command-line contract: help, per-job help, wrong options exit 2.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
passed=0; failed=0
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
for job in $("$here/finsam" --help | awk '/^Jobs:/{on=1;next} on && NF {print $1}'); do
  check "$job --help"               0 "Usage: ./finsam $job"     "$here/finsam" "$job" --help
  check "$job wrong option"         2 "unknown option --no-such-option" "$here/finsam" "$job" --no-such-option 1
done
echo "launcher: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
