# Promotion through the templates: the action with attest + model-artifact (signed with a
# fresh key), then the `mlgate promote` step of workflows/mlgate-promote.yml with
# vars/secrets pointing at a dir: registry and the public key (version 1 and the champion
# alias must appear; after the model file changes, the same step must refuse: exit 1).
# The same for both GitLab templates: mlgate-gate on the default branch with
# MLGATE_REGISTRY set, then mlgate-promote's before_script + script (the approval of the
# manual job is GitLab's and is not emulated).
# shellcheck shell=bash
# shellcheck source=IntegrationTests/tests_05_ci_templates/defines.sh
source "$suite/defines.sh"
make_project passing
run_steps promotion
