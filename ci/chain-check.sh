#!/usr/bin/env bash
# End-to-end check of the chain, run by ci/test.sh:
#  1. ./finsam run on synthetic data in local mode (a small population, a subset of outcomes and models
#     so CI stays fast; ./finsam run without settings does the full catalogue);
#  2. the report it wrote has every section and SVG figures, passes the disclosure audit
#     (checked_outputs.csv), and renders in headless Chromium;
#  3. a second ./finsam run with nothing changed does no work;
#  4. the same deliveries go through ingest, panel, estimate and report on a real Spark standalone
#     cluster (ci/standalone-cluster.sh) and every published table equals the local-mode one.
# The cluster round runs beside the local one: much of each chain is serial driver work (JVM start,
# planning, Delta commits), so two chains fill the two cores of a small CI machine. It generates its own
# deliveries with the same settings, since the synthetic registers are a function of their settings, and
# checks that they equal the local run's byte for byte.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=${FINSAM_CHECK_DIR:-$here/jobs/target/chain-check}
rm -rf "$work"; mkdir -p "$work"
# shellcheck source=ci/chain-settings.sh
source "$here/ci/chain-settings.sh"
persons=${FINSAM_CHECK_PERSONS:-1000}
passed=0; failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; }

echo "chain-check: local run and, beside it, the standalone-cluster run, $persons persons"
# Two launchers start at once below: build first (when sources changed), so that they never both build.
"$here/finsam" --help > /dev/null
mkdir -p "$work/cluster"
# ci/cluster-ci.conf only sizes the shuffle and Delta snapshot partitions for this small cluster and chain.
( "$here/finsam" synth --persons "$persons" --warehouse "$work/cluster" > "$work/cluster-synth.out" 2> "$work/cluster-synth.err" \
  && bash "$here/ci/standalone-cluster.sh" submit se.finsam.cli.RunJob --profile cluster \
    --conf "$here/ci/cluster-ci.conf" --warehouse "$work/cluster" > "$work/cluster.out" 2> "$work/cluster.err" ) &
cluster=$!
"$here/finsam" run --synth --persons "$persons" --warehouse "$work/local" > "$work/local.out" 2> "$work/local.err" \
  && ok "local chain" || { bad "local chain"; tail -50 "$work/local.err"; }
cat "$work/local.out"
report=$(sed -n 's/^report: //p' "$work/local.out" | sed 's|^file:||')
if [ -n "$report" ] && [ -f "$report" ]; then
  ok "report written: $report"
  for section in "Tabell 1 " "Tabell 5 " "Tabell 9 " "Tabell B1 " "Tabell B2 " "Tabell B3 " "Tabell B4 " "Tabell B5 " "Tabell B6 " "Tabell B7 " \
      "Tabell B8 " "Tabell B16 " "Figur 1 " "Figur 2 " "Figur 3 " "Figur 4 " "Figur 5 " "Figur 6 " "Figur 7 " "Proveniens" "källa per personmånad" "<svg" \
      "Urval och metod" "Tabell U " "Metodval" "Tabell H " "Tabell S "; do
    grep -q "$section" "$report" && ok "report has '$section'" || bad "report lacks '$section'"
  done
  # Each table and figure under its own number: the seed's (finsam.report.catalogue) or a letter of the report's.
  twice=$(grep -o '<h3>\(Tabell\|Figur\) [A-ZÅÄÖ]\?[0-9]* ' "$report" | sort | uniq -d | tr '\n' ' ')
  [ -z "$twice" ] && ok "every caption number once" || bad "caption numbers used twice: $twice"
  # ids as in se.finsam.report: SampleTables (tabell_urval, tabell_varningar), MethodsSection (tabell_metod)
  # ConsentComparison (tabell_samtycke), HiDistribution (tabell_h)
  for table in tabell_1 tabell_b1 tabell_b2 tabell_b3 tabell_b4 tabell_b5 tabell_b6 tabell_b7 tabell_b8 figur_1 \
      tabell_urval tabell_metod tabell_h tabell_samtycke figur_2_lon_kr figur_3_hi_arbete \
      figur_4_subv_anst_eller_nystartsjobb figur_5_har_fs figur_5_fs_kr figur_5_hi_ekonomiskt_stod \
      figur_6_sjp_dagar_netto figur_7_offentlig_forsorjning; do
    [ -s "$(dirname "$report")/$table.csv" ] && ok "report has $table.csv" || bad "report lacks $table.csv"
  done
  # The estimator's messages are published only when it had some (results/warnings): then both the CSV and
  # the section's table.
  if [ -s "$(dirname "$report")/tabell_varningar.csv" ]; then
    grep -q "Skattningens meddelanden" "$report" && ok "report has the estimator's messages with tabell_varningar.csv" \
      || bad "tabell_varningar.csv without 'Skattningens meddelanden' in the report"
  fi
  # The published report passed the disclosure audit: every table is listed in checked_outputs.csv and
  # no withheld cell can be bounded more narrowly than the protection level (column 9 = protected).
  checked="$(dirname "$report")/checked_outputs.csv"
  if [ -s "$checked" ] && grep -q '^table,tabell_1,' "$checked" \
      && ! awk -F, '$1 == "withheld" && $(NF-2) != "true"' "$checked" | grep -q . \
      && grep -q 'Resultat: godkänd' "$report"; then
    ok "published report passes the disclosure audit ($(grep -c '^withheld,' "$checked") withheld cells)"
  else
    bad "published report does not pass the disclosure audit ($checked)"
  fi
  bash "$here/ci/render-report.sh" "$(dirname "$report")" > "$work/render.log" 2>&1 \
    && ok "report renders in headless Chromium ($(dirname "$report")/index.png)" || { bad "render"; tail -20 "$work/render.log"; }
else
  bad "no report in the chain's output"
fi

run_id=$(basename "$(dirname "${report:-x/x}")")
"$here/finsam" compare-truth --run-id "$run_id" --warehouse "$work/local" > "$work/truth.out" 2> "$work/truth.err" \
  && ok "the simple ATT's 95 % interval covers the synthetic truth (main outcomes)" || { bad "truth not covered"; tail -5 "$work/truth.err"; }
cat "$work/truth.out"

"$here/finsam" run --warehouse "$work/local" > "$work/again.out" 2> "$work/again.err" || bad "second run failed"
if grep -q "running" "$work/again.out"; then bad "second run with nothing changed did work"; cat "$work/again.out"
else ok "second run with nothing changed does no work"; fi

if wait "$cluster"; then
  ok "chain on the standalone cluster"
else
  bad "chain on the standalone cluster"; tail -50 "$work/cluster-synth.err" "$work/cluster.err"
fi
if diff -rq -x _truth "$work/local/raw" "$work/cluster/raw" > "$work/raw-diff.log" 2>&1; then
  ok "the cluster round's deliveries equal the local run's byte for byte"
else
  bad "the cluster round's deliveries differ from the local run's"; head -20 "$work/raw-diff.log"
fi
local_report=$(ls -d "$work"/local/reports/*/ | head -1)
cluster_report=$(ls -d "$work"/cluster/reports/*/ 2>/dev/null | head -1 || true)
if [ -n "$cluster_report" ] && python3 "$here/ci/compare-tables.py" "$local_report" "$cluster_report"; then
  ok "every published table equals local mode's (numbers within 1e-9 relative)"
else
  bad "cluster results differ from local mode (or no report from the cluster run)"
fi
echo "chain-check: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
