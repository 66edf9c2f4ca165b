# Promotion into Amazon SageMaker Model Registry as moto's server mode imitates it (S3 and
# SageMaker APIs; moto-server.sh: PyPI moto[server], 127.0.0.1, started and stopped here):
# first without authentication (moto's default), promote a signed gate's model, read back the
# model package version, its approval, customer metadata, model metrics and S3 objects
# with boto3, promote the same artifact again (no new version), register an unverified
# attestation as PendingManualApproval, read credentials from a shared credentials file,
# judge the next candidate against `sagemaker:…#loans@champion`, and see the bad inputs
# (no bucket, no credentials, no endpoint) answered with exit 2, AWS's error code, no
# secret and nothing registered; then with moto's authentication on (botocore's SigV4
# signer checks every request, IAM policies are evaluated): a signed promotion passes, a
# wrong secret is SignatureDoesNotMatch, a denied CreateModelPackage is AccessDenied with
# the uploads deleted.
# shellcheck shell=bash
# shellcheck source=IntegrationTests/tests_03_promotion/defines.sh
source "$suite/defines.sh"
trap '"$suite/moto-server.sh" stop >/dev/null 2>&1 || true' EXIT
signed_project "$tmp/project"
cd "$tmp/project" || exit 1

url=$("$suite/moto-server.sh" start)
echo "    $url"
secret="mlgate-test-secret-4Kq9"
export AWS_ENDPOINT_URL="$url" AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=AKIAMLGATETEST AWS_SECRET_ACCESS_KEY="$secret"
export HOME="$tmp/home" # no ~/.aws of the machine's
boto() { "$root/.build/moto-venv/bin/python" "$suite/sagemaker_registry.py" "$@"; }
check "the bucket exists (mlgate does not create buckets)" boto bucket mlgate-models
registry="sagemaker:s3://mlgate-models/registry"
model_sha=$(sha256sum model/model.json | cut -d' ' -f1)
report_sha=$(sha256sum reports/report.json | cut -d' ' -f1)
promote() { "$mlgate" promote --attestation reports/attestation.json --artifact model/model.json --to "$registry" "$@"; }

status=$(MLGATE_VERIFY_KEY="$(cat signing.pub.pem)" status_of "$tmp/promote.out" promote --model loans --alias champion)
expect_status 0 "$status" "mlgate promote --to $registry --model loans (signature verified)"
expect_grep "registered as version 1" "$tmp/promote.out" "version 1 registered"
check "version 1 is Approved; metadata, metrics, artifact and report read back with boto3" \
  boto promoted loans 1 Approved "$model_sha" "$report_sha"
status=$(MLGATE_VERIFY_KEY="$(cat signing.pub.pem)" status_of "$tmp/again.out" promote --model loans --alias staging)
expect_status 0 "$status" "promoting the same artifact again"
expect_grep "already version 1" "$tmp/again.out" "no second version for the same artifact"
check "still one version" boto versions loans 1

status=$(status_of "$tmp/unchecked.out" promote --model loans-unchecked)
expect_status 0 "$status" "promoting without --key (signed, not checked)"
check "registered PendingManualApproval, not Approved" boto promoted loans-unchecked 1 PendingManualApproval "$model_sha" "$report_sha"

echo "== sagemaker: with MLGATE_SAGEMAKER_BUCKET, and the per-service endpoint variables"
status=$(unset AWS_ENDPOINT_URL; export AWS_ENDPOINT_URL_S3="$url" AWS_ENDPOINT_URL_SAGEMAKER="$url" MLGATE_SAGEMAKER_BUCKET=s3://mlgate-models/registry
  status_of "$tmp/env.out" "$mlgate" promote --attestation reports/attestation.json --artifact model/model.json --to sagemaker: --model loans)
expect_status 0 "$status" "the bucket and prefix from MLGATE_SAGEMAKER_BUCKET, AWS_ENDPOINT_URL_S3 and _SAGEMAKER"
expect_grep "already version 1" "$tmp/env.out" "the same place as sagemaker:s3://mlgate-models/registry"

echo "== the shared credentials file (AWS_SHARED_CREDENTIALS_FILE, AWS_PROFILE)"
mkdir -p "$tmp/aws"
printf '[default]\naws_access_key_id = WRONG\n\n[ci]\naws_access_key_id = AKIAFROMFILE\naws_secret_access_key = %s\n' "$secret" >"$tmp/aws/credentials"
status=$(unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY; export AWS_SHARED_CREDENTIALS_FILE="$tmp/aws/credentials" AWS_PROFILE=ci
  MLGATE_VERIFY_KEY=$(cat signing.pub.pem) status_of "$tmp/file.out" promote --model loans-from-file)
expect_status 0 "$status" "credentials from profile ci of the shared credentials file"
expect_grep "s3://mlgate-models/registry" "$tmp/file.out" "the reference is shown"

champion_loop "$registry" "no Approved version has alias 'production'"
baseline "$registry" approved >approved.yml
status=$(status_of "$tmp/approved.out" "$mlgate" check -c approved.yml --no-reports)
expect_status 0 "$status" "@approved: the newest Approved version"
expect_grep "loans@approved: version 1" "$tmp/approved.out" "read"

echo "== bad input: exit 2, AWS's error code, no secret, nothing registered"
status=$(status_of "$tmp/nobucket.out" promote --model loans-nobucket --to "sagemaker:s3://no-such-bucket-mlgate")
expect_status 2 "$status" "a bucket that does not exist"
expect_grep "NoSuchBucket" "$tmp/nobucket.out" "S3's error code is shown"
check "no model package group was created" boto nogroup loans-nobucket
status=$(unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY; status_of "$tmp/nocreds.out" promote --model loans-nocreds)
expect_status 2 "$status" "no credentials anywhere"
expect_grep "no AWS credentials" "$tmp/nocreds.out" "said so"
status=$(MLGATE_SAGEMAKER_BUCKET='' status_of "$tmp/nobucketname.out" "$mlgate" promote --attestation reports/attestation.json --artifact model/model.json --to "sagemaker:" --model loans-x)
expect_status 2 "$status" "sagemaker: without MLGATE_SAGEMAKER_BUCKET"
status=$(AWS_ENDPOINT_URL=http://127.0.0.1:9 status_of "$tmp/down.out" promote --model loans-down)
expect_status 2 "$status" "an endpoint that does not answer"
expect_grep "no answer from 127.0.0.1:9" "$tmp/down.out" "the endpoint is named"
status=$(status_of "$tmp/badname.out" promote --model loans_v2)
expect_status 2 "$status" "a model name SageMaker does not accept as a group name"
if grep -rl -- "$secret" "$tmp"/*.out >/dev/null 2>&1; then fail "the secret key appears in an output"; else pass "no output holds the secret key"; fi
check "the bucket holds only the two promotions' objects (and one of the file-credentials run)" boto objects mlgate-models 15

echo "== signatures and IAM: moto checks every request with botocore's SigV4 signer and the key's policies"
read -r ci_key ci_secret < <(boto user ci sagemaker:DeleteModelPackage)
read -r nocreate_key nocreate_secret < <(boto user nocreate sagemaker:CreateModelPackage)
check "authentication is on" boto authenticate
status=$(AWS_ACCESS_KEY_ID=$ci_key AWS_SECRET_ACCESS_KEY=$ci_secret MLGATE_VERIFY_KEY="$(cat signing.pub.pem)" \
  status_of "$tmp/signed.out" promote --model loans-signed)
expect_status 0 "$status" "every request's signature verifies (botocore's signer in moto)"
status=$(AWS_ACCESS_KEY_ID=$ci_key AWS_SECRET_ACCESS_KEY="$secret" status_of "$tmp/badsig.out" promote --model loans-badsig)
expect_status 2 "$status" "a wrong secret key"
expect_grep "SignatureDoesNotMatch" "$tmp/badsig.out" "S3's error code is shown"
status=$(AWS_ACCESS_KEY_ID=$nocreate_key AWS_SECRET_ACCESS_KEY=$nocreate_secret status_of "$tmp/denied.out" promote --model loans-denied)
expect_status 2 "$status" "a role without sagemaker:CreateModelPackage"
expect_grep "CreateModelPackage: HTTP 4.. AccessDenied" "$tmp/denied.out" "SageMaker's error code is shown"
expect_grep "nothing was registered, and the 4 object(s) uploaded before were deleted" "$tmp/denied.out" "the uploads are deleted"
export AWS_ACCESS_KEY_ID=$ci_key AWS_SECRET_ACCESS_KEY=$ci_secret
check "no version in loans-denied (the group itself was created)" boto versions loans-denied 0
check "the bucket holds the earlier objects and loans-signed's five, none of loans-denied's" boto objects mlgate-models 20
for out in signed badsig denied; do
  if grep -q -- "$ci_secret\|$nocreate_secret" "$tmp/$out.out"; then fail "a secret key appears in $out.out"; fi
done

echo "== refusals reach nothing"
printf ' ' >>model/model.json
status=$(status_of "$tmp/changed.out" promote --model loans --alias champion)
expect_status 1 "$status" "a model changed after the gate"
check "still one version" boto versions loans 1
