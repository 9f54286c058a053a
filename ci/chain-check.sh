#!/usr/bin/env bash
# End-to-end check of the chain, run by ci/test.sh:
#  1. ./finsam run on synthetic data in local mode (a small population, a subset of outcomes and models
#     so CI stays fast; ./finsam run without settings does the full catalogue);
#  2. the report it wrote has every section and SVG figures, passes the disclosure audit
#     (checked_outputs.csv), and renders in headless Chromium;
#  3. a second ./finsam run with nothing changed does no work;
#  4. the chain on remote storage, each round with the same deliveries: ./finsam run with the warehouse on
#     a real HDFS (Hadoop's minicluster) and on a real S3 API (s3proxy, through S3A), and spark-submit of
#     ingest, panel, estimate and report to a real Spark standalone cluster (ci/standalone-cluster.sh)
#     writing to the HDFS; every published table of each round equals the local run's, and the S3 keys
#     appear nowhere in the job's output.
# The remote rounds run beside the local one: much of each chain is serial driver work (JVM start,
# planning, Delta commits, storage round trips), so the chains fill the two cores together. Each round
# generates its own deliveries on its storage with the same settings, since the synthetic registers are
# a function of their settings, and checks that they equal the local run's byte for byte.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=${FINSAM_CHECK_DIR:-$here/jobs/target/chain-check}
rm -rf "$work"; mkdir -p "$work/remote" "$work/home"
# shellcheck source=ci/chain-settings.sh
source "$here/ci/chain-settings.sh"
# shellcheck source=ci/remote-storage.sh
source "$here/ci/remote-storage.sh"
persons=${FINSAM_CHECK_PERSONS:-1000}
passed=0; failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; }
rounds=(); round_pids=()
trap 'for p in "${round_pids[@]}"; do kill "$p" 2> /dev/null || true; done; remote_storage_stop' EXIT

# Two launchers start at once below: build first (when sources changed), so that they never both build.
"$here/finsam" --help > /dev/null
remote_storage_start "$work/remote"
echo "chain-check: $persons persons; local run and, beside it, HDFS ($remote_hdfs), S3 (s3proxy) and the standalone cluster on HDFS"
# round NAME WAREHOUSE COMMAND...: COMMAND's chain into WAREHOUSE in the background (output NAME.out/.err).
round() {
  local name=$1; shift
  # Four drivers and a cluster share two cores: a remote round's driver needs far less than the default.
  ( export FINSAM_DRIVER_MEMORY=${FINSAM_REMOTE_DRIVER_MEMORY:-3g}; "$@" > "$work/$name.out" 2> "$work/$name.err" ) &
  rounds+=("$name"); round_pids+=($!)
}
round hdfs "$here/finsam" run --synth --persons "$persons" --warehouse "$remote_hdfs/finsam/warehouse"
round s3 "$here/finsam" run --synth --persons "$persons" --conf "$remote_s3_conf" --warehouse s3a://finsam/warehouse
# ci/cluster-ci.conf only sizes the shuffle and Delta snapshot partitions for this small cluster and chain.
round cluster bash -c '"$1" synth --persons "$2" --warehouse "$3" && bash "$4" submit se.finsam.cli.RunJob --profile cluster \
  --conf "$5" --warehouse "$3"' _ "$here/finsam" "$persons" "$remote_hdfs/finsam/cluster" "$here/ci/standalone-cluster.sh" \
  "$here/ci/cluster-ci.conf"
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

local_report=$(ls -d "$work"/local/reports/*/ | head -1)
for i in "${!rounds[@]}"; do
  name=${rounds[$i]}
  if wait "${round_pids[$i]}"; then ok "chain on $name"; else bad "chain on $name"; tail -50 "$work/$name.err"; continue; fi
  # The round's deliveries and report copied home: sed finds the warehouse in the report's location.
  report=$(sed -n 's/^report: //p' "$work/$name.out"); report=${report%/index.html}
  warehouse=${report%/reports/*}
  if [ -n "$report" ] && remote_copy "$warehouse/raw" "$work/home/$name/raw" 2> "$work/$name.copy.err" \
      && remote_copy "$report" "$work/home/$name/report" 2>> "$work/$name.copy.err"; then
    diff -rq -x _truth -x "*.crc" "$work/local/raw" "$work/home/$name/raw" > "$work/$name.raw-diff.log" 2>&1 \
      && ok "$name's deliveries equal the local run's byte for byte" \
      || { bad "$name's deliveries differ from the local run's"; head -20 "$work/$name.raw-diff.log"; }
    python3 "$here/ci/compare-tables.py" "$local_report" "$work/home/$name/report" \
      && ok "every published table on $name equals local mode's (numbers within 1e-9 relative)" \
      || bad "$name's published tables differ from local mode's"
  else
    bad "no report of $name to compare (${report:-none in its output})"; tail -5 "$work/$name.copy.err"
  fi
done
if grep -rq -e "$AWS_SECRET_ACCESS_KEY" "$work"/s3.out "$work"/s3.err; then bad "the S3 secret key appears in the job's output"
else ok "the S3 secret key appears nowhere in the job's output"; fi
echo "chain-check: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
