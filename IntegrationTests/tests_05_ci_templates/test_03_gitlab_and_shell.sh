# The GitLab templates: the component split into its two documents and its inputs
# interpolated (gitlab_component.py: every $[[ inputs.x ]] used is declared and every
# declared input used; its scripts equal the classic template's); check-jsonschema
# vendor.gitlab-ci on the classic template, on each document of the component and on its
# jobs with the inputs' defaults. Then shellcheck on every shell step gitlab_component.py
# extracted: the action's run: steps and each GitLab job's before_script + script.
# shellcheck shell=bash
# shellcheck source=IntegrationTests/tests_05_ci_templates/defines.sh
source "$suite/defines.sh"
lint_tools
mkdir -p "$tmp/gitlab" "$tmp/shell"
"$bin/python" "$suite/gitlab_component.py" "$gitlab_component" "$gitlab_classic" "$action" "$tmp" ||
  die "gitlab_component.py found problems (above)"
schema=(--builtin-schema vendor.gitlab-ci)
check "vendor.gitlab-ci: $gitlab_classic" "$bin/check-jsonschema" "${schema[@]}" "$gitlab_classic"
check "vendor.gitlab-ci: $gitlab_component, document 1 (spec: header)" "$bin/check-jsonschema" "${schema[@]}" "$tmp/gitlab/spec.yml"
check "vendor.gitlab-ci: $gitlab_component, document 2 (jobs), as written and with the inputs' defaults" \
  "$bin/check-jsonschema" "${schema[@]}" "$tmp/gitlab/jobs.yml" "$tmp/gitlab/jobs-interpolated.yml"
(cd "$tmp/shell" && for f in *.sh; do echo "  $f"; done)
check "shellcheck: the action's run: steps, the GitLab jobs' scripts" "$bin/shellcheck" -s bash "$tmp"/shell/*.sh
