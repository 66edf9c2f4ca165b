#!/usr/bin/env bash
# Renders the bundled example's HTML report to a PNG with headless Chromium, to look at
# the page as a browser draws it (charts, tables, wrapping) without opening a browser.
# Builds mlgate, runs Examples/loans/mlgate.yml on a copy of the example (so that its
# reports folder is left alone) with --html, screenshots the page and checks the PNG.
# Installs Debian's chromium when it is missing (needs root and apt-get).
# Usage: scripts/render-html-report.sh [output-folder]   (prints the PNG's path)
# The window is 1280 wide and MLGATE_SCREENSHOT_HEIGHT tall (default 8800: the example's
# whole page, charts and drift histograms included).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out=${1:-$(mktemp -d "${TMPDIR:-/tmp}/mlgate-html.XXXXXX")}
mkdir -p "$out"
out=$(cd "$out" && pwd)

swift build --product mlgate >&2
mlgate=$(swift build --show-bin-path)/mlgate

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "chromium is missing; installing it with apt-get" >&2
  apt-get install -y chromium >&2 || { apt-get update >&2 && apt-get install -y chromium >&2; }
  browser=$(command -v chromium)
fi

example="$out/example"
rm -rf "$example"
cp -R Examples/loans "$example"
rm -rf "$example/reports"
rm -f "$out/report.html"
# The verdict does not matter here (a failing or erroring gate has a page too), only
# that the page was written.
status=0
(cd "$example" && "$mlgate" check --quiet --html "$out/report.html" >/dev/null) || status=$?
[ -s "$out/report.html" ] || { echo "FAIL: no HTML report was written (mlgate exited $status)" >&2; exit 1; }
if grep -Eq 'https?://|src=|<script' "$out/report.html"; then
  echo "FAIL: the report refers to the network or runs script" >&2
  exit 1
fi

png="$out/report.png"
rm -f "$png"
timeout 90 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
  --user-data-dir="$out/chromium-profile" --screenshot="$png" --window-size=1280,"${MLGATE_SCREENSHOT_HEIGHT:-8800}" \
  "file://$out/report.html" >"$out/chromium.log" 2>&1 || {
  echo "FAIL: chromium failed; see $out/chromium.log" >&2
  exit 1
}
[ -f "$png" ] || { echo "FAIL: chromium wrote no screenshot; see $out/chromium.log" >&2; exit 1; }
size=$(wc -c <"$png")
if [ "$size" -lt 20000 ]; then
  echo "FAIL: the screenshot is only $size bytes; the page is probably blank" >&2
  exit 1
fi
echo "$png"
