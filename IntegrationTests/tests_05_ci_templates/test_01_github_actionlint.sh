# actionlint (with shellcheck) on the GitHub workflows as written; then again on copies
# whose `uses: OWNER/mlgate/ci-templates/github@…` points at the local action, so that
# their inputs and outputs are checked against action.yml.
# shellcheck shell=bash
# shellcheck source=IntegrationTests/tests_05_ci_templates/defines.sh
source "$suite/defines.sh"
lint_tools
"$bin/actionlint" -version | head -1
"$bin/check-jsonschema" --version
"$bin/shellcheck" --version | sed -n 2p
for f in "$action" "${workflows[@]}" "$gitlab_classic" "$gitlab_component"; do
  [ -f "$f" ] || die "$f is missing"
done

check "actionlint: ${workflows[*]}" "${actionlint[@]}" "${workflows[@]}"

# actionlint reads the metadata of local actions only: copy the workflows into a scratch
# project with the action at the same path, and point `uses:` at it.
mkdir -p "$tmp/lint/.git" "$tmp/lint/.github/workflows" "$tmp/lint/ci-templates/github"
cp "$action" "$tmp/lint/ci-templates/github/action.yml"
for f in "${workflows[@]}"; do
  grep -q 'uses: OWNER/mlgate/ci-templates/github@' "$f" || die "$f does not use OWNER/mlgate/ci-templates/github@…"
  sed 's#uses: OWNER/mlgate/ci-templates/github@[^ ]*#uses: ./ci-templates/github#' "$f" \
    >"$tmp/lint/.github/workflows/$(basename "$f")"
done
check "actionlint: the workflows' uses of the action, checked against $action" \
  env -C "$tmp/lint" "${actionlint[@]}"
