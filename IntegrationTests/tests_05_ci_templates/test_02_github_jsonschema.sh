# check-jsonschema's vendor schemas on the GitHub templates: the workflows against
# vendor.github-workflows, the action against vendor.github-actions.
# shellcheck shell=bash
# shellcheck source=IntegrationTests/tests_05_ci_templates/defines.sh
source "$suite/defines.sh"
lint_tools
check "vendor.github-workflows: ${workflows[*]}" "$bin/check-jsonschema" --builtin-schema vendor.github-workflows "${workflows[@]}"
check "vendor.github-actions: $action" "$bin/check-jsonschema" --builtin-schema vendor.github-actions "$action"
