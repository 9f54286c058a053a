#!/usr/bin/env bash
# Benchmark of ./finsam ingest: rows per second loading the deliveries of PERSONS persons (default 100 000).
#
# Until the synthetic generator (./finsam synth, branch synth) is on this branch, the script writes its
# own deliveries of realistic size with awk: per person three MiDaS benefit spells (midas_ersattning),
# six months of employer payments (scb_agi_manad) and, for one person in ten, twelve months of
# ekonomiskt bistånd (sos_ekonomiskt_bistand) — about 1.0 M rows for 100 000 persons, one in a thousand
# rows flawed (a code outside its list) so that validation and quarantine do real work.
# With SYNTH_RAW=<raw folder> it loads those deliveries instead (e.g. from ./finsam synth).
#
# Usage: ci/bench-ingest.sh [persons]   Output: one line "rows=... seconds=... rows_per_s=..." plus the job's log.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
persons=${1:-100000}
work=$(mktemp -d "${TMPDIR:-/tmp}/finsam-bench-ingest.XXXXXX")
raw="$work/wh/raw"

write_manifest() { # folder table delivery_id from to
  local folder=$1 table=$2 id=$3 from=$4 to=$5 f rows sha
  f="$folder/part-00000.csv"
  rows=$(( $(wc -l < "$f") - 1 ))
  sha=$(sha256sum "$f" | cut -d' ' -f1)
  cat > "$folder/_manifest.json" <<JSON
{"source": "bench", "table": "$table", "delivery_id": "$id", "period_from": $from, "period_to": $to,
 "format": "csv", "delimiter": ";", "person_id": "pid", "replaces": null,
 "files": [{"path": "part-00000.csv", "rows": $rows, "sha256": "$sha"}], "flaws": {}, "exact_duplicates": 0, "overlapping_spells": 0}
JSON
}

if [ -n "${SYNTH_RAW:-}" ]; then
  mkdir -p "$work/wh" && cp -r "$SYNTH_RAW" "$raw"
else
  d="$raw/midas_ersattning/bench-midas"; mkdir -p "$d"
  awk -v n="$persons" 'BEGIN { srand(1); OFS=";"; print "pid","forman","fran_datum","tom_datum","omfattning","belopp_brutto","sarskilda_fall","ae_skal";
    split("SJP REHAB SE AE FP", f, " "); split("0.25 0.5 0.75 1.0", o, " ");
    for (p = 1; p <= n; p++) for (s = 0; s < 3; s++) {
      m = 1 + 4 * s + int(rand() * 3); d1 = 1 + int(rand() * 20); d2 = d1 + int(rand() * 8);
      fm = (rand() < 0.001) ? "XXX" : f[1 + int(rand() * 5)];
      print p, fm, sprintf("2020-%02d-%02d", m, d1), sprintf("2020-%02d-%02d", m, d2), o[1 + int(rand() * 4)],
            sprintf("%.2f", 500 + rand() * 20000), (rand() < 0.1 ? "true" : "false"), "" } }' > "$d/part-00000.csv"
  write_manifest "$d" midas_ersattning bench-midas 202001 202012

  d="$raw/scb_agi_manad/bench-agi"; mkdir -p "$d"
  awk -v n="$persons" 'BEGIN { srand(2); OFS=";"; print "pid","period","arbetsgivare_id","ersattning_arbete";
    for (p = 1; p <= n; p++) { e = "AG" int(rand() * 5000); for (m = 1; m <= 6; m++)
      print p, sprintf("2020%02d", m), e, (rand() < 0.001 ? "-1" : sprintf("%.0f", 10000 + rand() * 40000)) } }' > "$d/part-00000.csv"
  write_manifest "$d" scb_agi_manad bench-agi 202001 202006

  d="$raw/sos_ekonomiskt_bistand/bench-sos"; mkdir -p "$d"
  awk -v n="$persons" 'BEGIN { srand(3); OFS=";"; print "hushall_id","pid","period","roll","belopp_hushall";
    for (p = 1; p <= n; p += 10) for (m = 1; m <= 12; m++)
      print 900000 + p, p, sprintf("2020%02d", m), (rand() < 0.001 ? "CHEF" : "SOKANDE"), sprintf("%.0f", 2000 + rand() * 9000) }' > "$d/part-00000.csv"
  write_manifest "$d" sos_ekonomiskt_bistand bench-sos 202001 202012
fi

rows=0
for m in "$raw"/*/*/_manifest.json; do
  rows=$(( rows + $(grep -o '"rows" *: *[0-9]*' "$m" | grep -o '[0-9]*$' | paste -sd+ | bc) ))
done
echo "bench-ingest: $rows rows in $(ls -d "$raw"/*/*/ | wc -l) deliveries under $raw" >&2
start=$(date +%s.%N)
"$here/finsam" ingest --all --warehouse "$work/wh" 2> "$work/ingest.log"
end=$(date +%s.%N)
grep -E "ingest run .* (succeeded|failed)" "$work/ingest.log" >&2 || tail -20 "$work/ingest.log" >&2
awk -v r="$rows" -v s="$start" -v e="$end" 'BEGIN { printf "rows=%d seconds=%.1f rows_per_s=%.0f (wall time of ./finsam ingest --all, JVM and Spark start included)\n", r, e - s, r / (e - s) }'
[ -n "${KEEP:-}" ] || rm -rf "$work"
