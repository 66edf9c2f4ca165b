# zizmor (PyPI, offline: no GitHub API) on the GitHub action and workflows, with the
# templates' configuration ci-templates/github/zizmor.yml (which says what it accepts and
# why); every finding of the default persona fails the test.
# shellcheck shell=bash
# shellcheck source=IntegrationTests/tests_05_ci_templates/defines.sh
source "$suite/defines.sh"
bin=$(ci_venv "zizmor<1.33=bin/zizmor")
"$bin/zizmor" --version
check "zizmor --offline: $action ${workflows[*]}" \
  "$bin/zizmor" --offline --no-progress --config ci-templates/github/zizmor.yml "$action" "${workflows[@]}"
# The starter `mlgate init --ci github` writes, with zizmor's defaults.
mkdir -p "$tmp/init-github"
"$(mlgate_bin)" init --directory "$tmp/init-github" --ci github >/dev/null
check "zizmor --offline: the starter workflow of mlgate init --ci github" \
  "$bin/zizmor" --offline --no-progress "$tmp/init-github/.github/workflows/mlgate.yml"
