"""Reads an MLflow server's model registry over its REST API, for the promotion tests.

Usage:
  mlflow_registry.py promoted URL MODEL_SHA256 REPORT_SHA256
      the `loans@champion` alias is on version 1, whose mlgate.* tags say passed, name
      the artifact's SHA-256, a verified signature and a metric; the report stored with
      it and the model in its source folder download with the given SHA-256s
  mlflow_registry.py versions URL N
      the registered model `loans` has exactly the versions 1..N

Exits non-zero (an assertion) when the registry does not hold what is expected.
"""
import hashlib
import json
import sys
import urllib.parse
import urllib.request


def get(url, path, **query):
    with urllib.request.urlopen(f"{url}/api/2.0/mlflow/{path}?{urllib.parse.urlencode(query)}") as r:
        return json.load(r)


def download(url, uri):
    with urllib.request.urlopen(url + "/api/2.0/mlflow-artifacts/artifacts/" + uri[len("mlflow-artifacts:/"):]) as r:
        return r.read()


def promoted(url, model_sha, report_sha):
    version = get(url, "registered-models/alias", name="loans", alias="champion")["model_version"]
    assert version["version"] == "1", version
    tags = {t["key"]: t["value"] for t in version["tags"]}
    assert tags["mlgate.status"] == "passed", tags
    assert tags["mlgate.artifact_sha256"] == model_sha, tags
    assert tags["mlgate.signature"].startswith("verified:"), tags
    assert "mlgate.metric.model.roc_auc" in tags, sorted(tags)
    assert hashlib.sha256(download(url, tags["mlgate.report"])).hexdigest() == report_sha
    assert hashlib.sha256(download(url, version["source"] + "/model.json")).hexdigest() == model_sha


def versions(url, count):
    found = get(url, "model-versions/search", filter="name='loans'").get("model_versions", [])
    assert [v["version"] for v in found] == [str(i) for i in range(1, int(count) + 1)], found


if __name__ == "__main__":
    {"promoted": promoted, "versions": versions}[sys.argv[1]](*sys.argv[2:])
    print("ok")
