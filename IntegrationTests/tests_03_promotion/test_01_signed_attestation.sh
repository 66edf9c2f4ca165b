# The gate's signed attestation, checked by an implementation that is not mlgate's:
# Python's `cryptography` verifies the DSSE envelope (PAE, Ed25519), and the in-toto
# statement names the model's SHA-256 and the verdict.
# shellcheck shell=bash
# shellcheck source=IntegrationTests/tests_03_promotion/defines.sh
source "$suite/defines.sh"
signed_project "$tmp/project"
cd "$tmp/project" || exit 1
check "the DSSE signature verifies with cryptography's Ed25519 and the model's SHA-256 is a subject" \
  "$python" "$suite/verify_attestation.py" reports/attestation.json signing.pub.pem model/model.json
