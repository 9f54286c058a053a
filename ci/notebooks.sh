#!/usr/bin/env bash
# Executes every notebook in notebooks/ headless (nbconvert, Python kernel) against a warehouse
# (FINSAM_WAREHOUSE) and its newest report (FINSAM_REPORT), fails on any cell's error, and checks with
# ci/check-notebooks.py that the numbers the analyst notebook tables and plots equal the report's CSVs
# and that the totals and means the data-engineer notebook printed equal the CSVs of its ./finsam sql
# call. Installs Debian's Jupyter, pandas and matplotlib packages when missing (apt-get as root). Run by
# ci/test.sh on the chain-check warehouse.
#   ci/notebooks.sh <warehouse folder>
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
warehouse=${1:?usage: ci/notebooks.sh <warehouse folder>}
out="$here/jobs/target/notebooks"
packages="python3-pandas python3-matplotlib python3-nbclient python3-ipykernel jupyter-nbconvert"
missing=$(for p in $packages; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || echo "$p"; done)
if [ -n "$missing" ]; then
  echo "notebooks: installing" $missing >&2
  [ "$(id -u)" = 0 ] || { echo "notebooks: need root to apt-get install $missing" >&2; exit 1; }
  export DEBIAN_FRONTEND=noninteractive
  # shellcheck disable=SC2086
  apt-get install -y -q --no-install-recommends $missing > /dev/null 2>&1 \
    || { apt-get update -q > /dev/null && apt-get install -y -q --no-install-recommends $missing > /dev/null; }
fi
report=$(ls -td "$warehouse"/reports/*/ | head -1)
report=$(cd "${report%/}" && pwd)   # the kernel runs in notebooks/
[ -f "$report/checked_outputs.csv" ] || { echo "notebooks: no checked report under $warehouse/reports" >&2; exit 1; }
rm -rf "$out"; mkdir -p "$out"
export FINSAM_REPORT="$report"
export FINSAM_WAREHOUSE; FINSAM_WAREHOUSE=$(cd "$warehouse" && pwd)
export FINSAM_HOME="$here" FINSAM_SQL_OUTPUT="$out/data-engineer-sql"
status=0
for nb in "$here"/notebooks/*.ipynb; do
  name=$(basename "$nb" .ipynb)
  start=$SECONDS
  if jupyter nbconvert --to notebook --execute --ExecutePreprocessor.timeout=600 \
      --output-dir "$out" --output "$name" "$nb" > "$out/$name.log" 2>&1; then
    echo "ok   notebook $name executed ($((SECONDS - start)) s, $out/$name.ipynb)"
  else
    echo "FAIL notebook $name"; tail -30 "$out/$name.log"; status=1; continue
  fi
  if [ "$name" = published-results ]; then
    python3 "$here/ci/check-notebooks.py" "$out/$name.ipynb" "$report" && echo "ok   $name matches $report" \
      || { echo "FAIL $name differs from the report's CSVs"; status=1; }
  elif [ "$name" = data-engineer ]; then
    python3 "$here/ci/check-notebooks.py" --sql "$out/$name.ipynb" "$FINSAM_SQL_OUTPUT" \
      && echo "ok   $name matches its ./finsam sql CSVs" || { echo "FAIL $name differs from its CSVs"; status=1; }
  fi
done
exit $status
