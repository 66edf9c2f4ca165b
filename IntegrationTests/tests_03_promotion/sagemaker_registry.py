"""Reads and prepares a moto server's S3 and SageMaker state with boto3, for the
SageMaker promotion tests (AWS_ENDPOINT_URL, AWS_REGION and the credentials come from
the environment, as mlgate takes them).

Usage:
  sagemaker_registry.py bucket NAME
      create the S3 bucket NAME
  sagemaker_registry.py promoted GROUP VERSION STATUS MODEL_SHA256 REPORT_SHA256
      version VERSION of the model package group GROUP has ModelApprovalStatus STATUS,
      customer metadata naming the artifact's SHA-256, the gate's verdict and a metric,
      model-quality statistics in S3, and its artifact and report download from S3 with
      the given SHA-256s
  sagemaker_registry.py versions GROUP N
      GROUP has exactly N model package versions
  sagemaker_registry.py nogroup GROUP
      there is no model package group GROUP
  sagemaker_registry.py objects BUCKET N
      the bucket holds exactly N objects
  sagemaker_registry.py user NAME DENIED_ACTION
      create the IAM user NAME allowed s3:* and sagemaker:* but DENIED_ACTION, and print
      its access key id and secret key (one line, space-separated)
  sagemaker_registry.py authenticate
      from now on the server checks every request's signature (with botocore's SigV4
      signer) and the IAM policies of its access key

Exits non-zero (an assertion) when the state is not what is expected.
"""
import hashlib
import json
import os
import sys
import urllib.request

import boto3


def s3():
    return boto3.client("s3", region_name=os.environ["AWS_REGION"])


def sagemaker():
    return boto3.client("sagemaker", region_name=os.environ["AWS_REGION"])


def split(uri):
    assert uri.startswith("s3://"), uri
    bucket, key = uri[5:].split("/", 1)
    return bucket, key


def download(uri):
    bucket, key = split(uri)
    return s3().get_object(Bucket=bucket, Key=key)["Body"].read()


def bucket(name):
    s3().create_bucket(Bucket=name)


def promoted(group, version, status, model_sha, report_sha):
    packages = sagemaker().list_model_packages(ModelPackageGroupName=group)["ModelPackageSummaryList"]
    arns = [p["ModelPackageArn"] for p in packages if p["ModelPackageArn"].endswith("/" + version)]
    assert len(arns) == 1, packages
    package = sagemaker().describe_model_package(ModelPackageName=arns[0])
    assert package["ModelApprovalStatus"] == status, package
    meta = package["CustomerMetadataProperties"]
    assert meta["mlgate.status"] == "passed", meta
    assert meta["mlgate.artifact_sha256"] == model_sha, meta
    assert "mlgate.metric.model.roc_auc" in meta, sorted(meta)
    assert hashlib.sha256(download(meta["mlgate.artifact"])).hexdigest() == model_sha
    assert hashlib.sha256(download(meta["mlgate.report"])).hexdigest() == report_sha
    attestation = download(meta["mlgate.attestation"])
    assert hashlib.sha256(attestation).hexdigest() == meta["mlgate.attestation_sha256"], meta
    stats = package["ModelMetrics"]["ModelQuality"]["Statistics"]
    metrics = json.loads(download(stats["S3Uri"]))["mlgate_metrics"]
    # The metadata holds 10 significant digits, the statistics document every digit.
    assert abs(float(meta["mlgate.metric.model.roc_auc"]) - metrics["model.roc_auc"]["value"]) < 1e-9, (meta, metrics)


def versions(group, count):
    packages = sagemaker().list_model_packages(ModelPackageGroupName=group)["ModelPackageSummaryList"]
    assert len(packages) == int(count), packages


def nogroup(group):
    groups = [g["ModelPackageGroupName"] for g in sagemaker().list_model_package_groups()["ModelPackageGroupSummaryList"]]
    assert group not in groups, groups


def objects(name, count):
    found = s3().list_objects_v2(Bucket=name).get("Contents", [])
    assert len(found) == int(count), [o["Key"] for o in found]


def user(name, denied):
    iam = boto3.client("iam", region_name=os.environ["AWS_REGION"])
    iam.create_user(UserName=name)
    policy = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["s3:*", "sagemaker:*"], "Resource": "*"},
        {"Effect": "Deny", "Action": denied, "Resource": "*"}]}
    iam.put_user_policy(UserName=name, PolicyName="mlgate", PolicyDocument=json.dumps(policy))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    print(key["AccessKeyId"], key["SecretAccessKey"])


def authenticate():
    request = urllib.request.Request(os.environ["AWS_ENDPOINT_URL"] + "/moto-api/reset-auth", data=b"0", method="POST",
                                     headers={"Content-Type": "text/plain"})
    with urllib.request.urlopen(request) as answer:
        assert json.load(answer)["status"] == "ok"


if __name__ == "__main__":
    command = {"bucket": bucket, "promoted": promoted, "versions": versions, "objects": objects, "nogroup": nogroup, "user": user,
               "authenticate": authenticate}[sys.argv[1]]
    command(*sys.argv[2:])
    if command is not user:
        print("ok")
