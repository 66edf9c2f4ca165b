# The CI files `mlgate init --ci github|gitlab` writes: actionlint and vendor.github-workflows
# on the workflow, vendor.gitlab-ci on .gitlab-ci.yml.
# shellcheck shell=bash
# shellcheck source=IntegrationTests/tests_05_ci_templates/defines.sh
source "$suite/defines.sh"
lint_tools
mkdir -p "$tmp/init-github" "$tmp/init-gitlab"
"$(mlgate_bin)" init --directory "$tmp/init-github" --ci github >/dev/null
"$(mlgate_bin)" init --directory "$tmp/init-gitlab" --ci gitlab >/dev/null
workflow="$tmp/init-github/.github/workflows/mlgate.yml"
check "actionlint: the GitHub workflow" "$bin/actionlint" "$workflow"
check "vendor.github-workflows: the GitHub workflow" "$bin/check-jsonschema" --builtin-schema vendor.github-workflows "$workflow"
check "vendor.gitlab-ci: .gitlab-ci.yml" "$bin/check-jsonschema" --builtin-schema vendor.gitlab-ci "$tmp/init-gitlab/.gitlab-ci.yml"
