# The merge-request comment of the bundled example, as a reviewer sees it: the example
# runs on a copy with --json and --attest; 'mlgate comment --dry-run' renders the body
# (the GitHub limit, a job and report link); markdown-it-py (PyPI, GitHub-flavoured:
# tables, raw HTML such as <details>) turns it into a page in GitHub's light palette,
# and headless Chromium draws it. The page must hold the verdict, the warnings and the
# model table, and the screenshot must not be blank. MLGATE_SCREENSHOT_DIR keeps
# comment.md, comment.html and comment.png (as test_01 keeps the report).
# shellcheck shell=bash
mlgate=$(mlgate_bin)
bin=$(ci_venv markdown-it-py=markdown_it)

copy_example "$tmp/example"
status=$(cd "$tmp/example" && status_of "$tmp/check.out" "$mlgate" check --quiet --json "$tmp/report.json" --attest "$tmp/attestation.json")
[ -s "$tmp/report.json" ] || die "no JSON report was written (mlgate exited $status)"
if "$mlgate" comment --report "$tmp/report.json" --attestation "$tmp/attestation.json" --dry-run \
  --job-url https://github.com/acme/loans/actions/runs/42 --report-url https://github.com/acme/loans/actions/runs/42#artifacts \
  >"$tmp/comment.md" 2>"$tmp/comment.err"; then
  pass "mlgate comment --dry-run rendered $(wc -c <"$tmp/comment.md") bytes"
else
  indent "$tmp/comment.err"
  die "mlgate comment --dry-run failed"
fi

"$bin/python" "$suite/comment_page.py" "$tmp/comment.md" "$tmp/comment.html"
for text in "mlgate: gate passed" "Warnings (6)" "Model vs champion" "<details>" "Attested (SHA-256)"; do
  if grep -qF "$text" "$tmp/comment.html"; then pass "the page shows '$text'"; else fail "the page lacks '$text'"; fi
done

png="$tmp/comment.png"
chromium_screenshot "$tmp/comment.html" "$png" 1000 1400
size=$(wc -c <"$png")
if [ "$size" -lt 20000 ]; then fail "the screenshot is only $size bytes; the page is probably blank"; else pass "the screenshot has $size bytes"; fi
if [ -n "${MLGATE_SCREENSHOT_DIR:-}" ]; then
  mkdir -p "$MLGATE_SCREENSHOT_DIR"
  cp "$tmp/comment.md" "$tmp/comment.html" "$png" "$MLGATE_SCREENSHOT_DIR/"
  echo "kept: $MLGATE_SCREENSHOT_DIR/comment.png"
fi
