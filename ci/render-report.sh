#!/usr/bin/env bash
# Renders a report directory's page (index.html, or e.g. matchning.html of the matched design) with
# headless Chromium to <report dir>/<page>.png, so that a person (or CI artefact viewer) can see the page
# as printed. Installs Debian's chromium when missing (CI runs as root with the Debian archive reachable).
# Usage: ci/render-report.sh <report dir> [page.html]
set -euo pipefail
dir=${1:?usage: ci/render-report.sh <report dir> [page.html]}
name=${2:-index.html}
png="${name%.html}.png"
[ -f "$dir/$name" ] || { echo "no $dir/$name" >&2; exit 1; }
if [ ! -x /usr/bin/chromium ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
page="file://$(cd "$dir" && pwd)/$name"
/usr/bin/chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --screenshot="$dir/$png" --window-size=1280,4000 "$page"
test -s "$dir/$png"
echo "wrote $dir/$png"
