# The bundled example's HTML report rendered to a PNG by headless Chromium, to see the
# page as a browser draws it (charts, tables, wrapping) without opening a browser: the
# example runs on a copy (its reports folder is left alone) with --html; the page must
# not refer to the network or run script, and the screenshot must not be blank.
# Installs Debian's chromium when it is missing (needs root and apt-get).
# The window is 1280 wide and MLGATE_SCREENSHOT_HEIGHT tall (default 8800: the example's
# whole page, charts and drift histograms included). To keep the page and the PNG, set
# MLGATE_SCREENSHOT_DIR (e.g. IntegrationTests/run-tests.sh -f html with
# MLGATE_SCREENSHOT_DIR=/tmp/page): report.html and report.png are copied there.
# shellcheck shell=bash
mlgate=$(mlgate_bin)

copy_example "$tmp/example"
# The verdict does not matter here (a failing or erroring gate has a page too), only
# that the page was written.
status=$(cd "$tmp/example" && status_of "$tmp/check.out" "$mlgate" check --quiet --html "$tmp/report.html")
[ -s "$tmp/report.html" ] || die "no HTML report was written (mlgate exited $status)"
if grep -Eq 'https?://|src=|<script' "$tmp/report.html"; then
  fail "the report refers to the network or runs script"
else
  pass "the report refers to no network and runs no script"
fi

png="$tmp/report.png"
chromium_screenshot "$tmp/report.html" "$png" 1280 "${MLGATE_SCREENSHOT_HEIGHT:-8800}"
size=$(wc -c <"$png")
if [ "$size" -lt 20000 ]; then
  fail "the screenshot is only $size bytes; the page is probably blank"
else
  pass "the screenshot has $size bytes"
fi
if [ -n "${MLGATE_SCREENSHOT_DIR:-}" ]; then
  mkdir -p "$MLGATE_SCREENSHOT_DIR"
  cp "$tmp/report.html" "$png" "$MLGATE_SCREENSHOT_DIR/"
  echo "kept: $MLGATE_SCREENSHOT_DIR/report.png"
fi
