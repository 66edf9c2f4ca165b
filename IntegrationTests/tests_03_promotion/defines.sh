# Shared by the promotion tests (sourced): signed_project DIR copies the bundled example
# into DIR, makes a signing key there (signing.pem, signing.pub.pem) and runs its gate
# with it, which writes reports/attestation.json, signed. Sets `mlgate` and `python` (a
# python3 that imports cryptography: python3 itself or .build/ci-venv's).
# shellcheck shell=bash
# shellcheck disable=SC2034 # python: the tests'
mlgate=$(mlgate_bin)
python=$(python_with cryptography=cryptography)

# baseline REGISTRY ALIAS: the project's mlgate.yml with REGISTRY#loans@ALIAS as the model
# gate's baseline instead of the champion's predictions.
baseline() { sed -e "s|      predictions: champion_predictions.csv|      registry: $1#loans@$2|" -e '/        confidence: 0.95/d' mlgate.yml; }

# champion_loop REGISTRY MISSING: `mlgate check` judged against REGISTRY#loans@champion
# passes with the champion's stored report (version 1), and against @production fails
# with exit 2 and a message matching MISSING.
champion_loop() {
  echo "== the champion loop: the next candidate judged against $1#loans@champion"
  baseline "$1" champion >next.yml
  status=$(status_of "$tmp/next.out" "$mlgate" check -c next.yml --no-reports)
  expect_status 0 "$status" "mlgate check with the registry's champion as baseline"
  expect_grep "loans@champion: version 1, 15 metric values" "$tmp/next.out" "the champion's stored report is the baseline"
  baseline "$1" production >missing.yml
  status=$(status_of "$tmp/missing.out" "$mlgate" check -c missing.yml --no-reports)
  expect_status 2 "$status" "an alias the registry does not have"
  expect_grep "$2" "$tmp/missing.out" "it is named"
}

signed_project() {
  copy_example "$1"
  (cd "$1" && "$mlgate" keygen -o signing.pem >/dev/null)
  local status
  status=$(cd "$1" && MLGATE_SIGNING_KEY="$(cat signing.pem)" status_of "$tmp/check.out" "$mlgate" check --quiet)
  expect_status 0 "$status" "mlgate check writes reports/attestation.json, signed"
}
