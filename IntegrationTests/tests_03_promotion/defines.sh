# Shared by the promotion tests (sourced): signed_project DIR copies the bundled example
# into DIR, makes a signing key there (signing.pem, signing.pub.pem) and runs its gate
# with it, which writes reports/attestation.json, signed. Sets `mlgate` and `python` (a
# python3 that imports cryptography: python3 itself or .build/ci-venv's).
# shellcheck shell=bash
# shellcheck disable=SC2034 # python: the tests'
mlgate=$(mlgate_bin)
python=$(python_with cryptography=cryptography)

signed_project() {
  copy_example "$1"
  (cd "$1" && "$mlgate" keygen -o signing.pem >/dev/null)
  local status
  status=$(cd "$1" && MLGATE_SIGNING_KEY="$(cat signing.pem)" status_of "$tmp/check.out" "$mlgate" check --quiet)
  expect_status 0 "$status" "mlgate check writes reports/attestation.json, signed"
}
