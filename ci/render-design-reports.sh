#!/usr/bin/env bash
# Renders the page of every design report the tests kept (se.finsam.report.DesignReports, under
# jobs/target/design-reports/<design>/) with headless Chromium, as chain-check does for seed 002's report.
# Run by ci/test.sh after `mvn verify`; fails when a design's report is missing or does not render.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir="$here/jobs/target/design-reports"
status=0
for page in matched/matchning.html kommun/kommun.html followup/followup.html; do
  if bash "$here/ci/render-report.sh" "$dir/$(dirname "$page")" "$(basename "$page")" > /dev/null 2>&1; then
    echo "ok   $page renders in headless Chromium ($dir/${page%.html}.png)"
  else
    echo "FAIL $page: missing or does not render (run the tests first: mvn verify)"; status=1
  fi
done
exit $status
