# The docs' snippets: docs/ci-github.md's pull-request workflow equals the template (as
# YAML, comments aside); every YAML snippet in docs/ci-gitlab.md is valid GitLab CI.
# shellcheck shell=bash
# shellcheck source=IntegrationTests/tests_05_ci_templates/defines.sh
source "$suite/defines.sh"
lint_tools
mkdir -p "$tmp/docs"
check "docs/ci-github.md's workflow is ${workflows[0]}" \
  "$bin/python" "$suite/docs_snippets.py" docs/ci-github.md docs/ci-gitlab.md "${workflows[0]}" "$tmp/docs"
check "docs/ci-gitlab.md's snippets are valid GitLab CI" \
  "$bin/check-jsonschema" --builtin-schema vendor.gitlab-ci "$tmp"/docs/ci-gitlab-*.yml
