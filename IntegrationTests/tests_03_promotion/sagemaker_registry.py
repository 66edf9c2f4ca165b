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
      GROUP has exactly N model package versions (N=0: the group does not exist)
  sagemaker_registry.py objects BUCKET N
      the bucket holds exactly N objects

Exits non-zero (an assertion) when the state is not what is expected.
"""
import hashlib
import json
import os
import sys

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
    groups = [g["ModelPackageGroupName"] for g in sagemaker().list_model_package_groups()["ModelPackageGroupSummaryList"]]
    if int(count) == 0:
        assert group not in groups, groups
        return
    packages = sagemaker().list_model_packages(ModelPackageGroupName=group)["ModelPackageSummaryList"]
    assert len(packages) == int(count), packages


def objects(name, count):
    found = s3().list_objects_v2(Bucket=name).get("Contents", [])
    assert len(found) == int(count), [o["Key"] for o in found]


if __name__ == "__main__":
    {"bucket": bucket, "promoted": promoted, "versions": versions, "objects": objects}[sys.argv[1]](*sys.argv[2:])
    print("ok")
