#!/usr/bin/env bash
# Renders a report directory's index.html with headless Chromium to <report dir>/index.png, so that a
# person (or CI artefact viewer) can see the page as printed. Installs Debian's chromium when missing
# (CI runs as root with the Debian archive reachable). Usage: ci/render-report.sh <report dir>
set -euo pipefail
dir=${1:?usage: ci/render-report.sh <report dir>}
[ -f "$dir/index.html" ] || { echo "no $dir/index.html" >&2; exit 1; }
if [ ! -x /usr/bin/chromium ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
page="file://$(cd "$dir" && pwd)/index.html"
/usr/bin/chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --screenshot="$dir/index.png" --window-size=1280,4000 "$page"
test -s "$dir/index.png"
echo "wrote $dir/index.png"
