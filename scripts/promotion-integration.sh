#!/usr/bin/env bash
# Promotion, end to end, against real registries:
#   - a real MLflow tracking server (scripts/mlflow-server.sh: PyPI mlflow-skinny, SQLite,
#     127.0.0.1), started and stopped here;
#   - a dir: registry promoted into by eight `mlgate promote` processes at once.
# On a copy of the bundled example: gate with a signed attestation, verify it with
# Python's `cryptography` (DSSE PAE, Ed25519: an implementation that is not mlgate's),
# promote to MLflow, read back the registered model, version, tags and alias over REST,
# download the stored report, promote the same artifact again (no new version), judge
# the next candidate against `mlflow:URL#loans@champion`, and see every refusal refused.
# Usage: scripts/promotion-integration.sh   (needs swift, python3; installs into .build/)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
work=$(mktemp -d "${TMPDIR:-/tmp}/mlgate-promotion.XXXXXX")
cleanup() {
  scripts/mlflow-server.sh stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

failures=0
pass() { echo "ok   - $1"; }
fail() { echo "FAIL - $1"; failures=$((failures + 1)); }
expect_status() { # expected actual description
  if [ "$1" = "$2" ]; then pass "$3 (exit $2)"; else fail "$3: expected exit $1, got $2"; fi
}
expect_grep() { # pattern file description
  if grep -q -- "$1" "$2"; then pass "$3"; else fail "$3: /$1/ not in $2:"; sed 's/^/    | /' "$2"; fi
}

swift build --product mlgate >/dev/null
mlgate="$(swift build --show-bin-path)/mlgate"

project="$work/project"
mkdir -p "$project"
cp Examples/loans/mlgate.yml Examples/loans/*.csv Examples/loans/*.schema.json "$project/"
cp -R Examples/loans/model "$project/"
cd "$project"

echo "== signed gate attestation, checked by Python's cryptography"
"$mlgate" keygen -o signing.pem >/dev/null
set +e
MLGATE_SIGNING_KEY="$(cat signing.pem)" "$mlgate" check --quiet >"$work/check.out" 2>&1; status=$?
set -e
expect_status 0 "$status" "mlgate check writes reports/attestation.json, signed"
python=python3
if ! "$python" -c 'import cryptography' 2>/dev/null; then
  python="$root/.build/ci-venv/bin/python"
  [ -x "$python" ] || python3 -m venv "$root/.build/ci-venv"
  "$python" -c 'import cryptography' 2>/dev/null || "$root/.build/ci-venv/bin/pip" install -q --disable-pip-version-check cryptography
fi
if "$python" - reports/attestation.json signing.pub.pem model/model.json <<'PY'
import base64, hashlib, json, sys
from cryptography.hazmat.primitives.serialization import load_pem_public_key
envelope = json.load(open(sys.argv[1]))
payload = base64.b64decode(envelope["payload"])
kind = envelope["payloadType"].encode()
pae = b"DSSEv1 %d %s %d %s" % (len(kind), kind, len(payload), payload)
load_pem_public_key(open(sys.argv[2], "rb").read()).verify(base64.b64decode(envelope["signatures"][0]["sig"]), pae)
statement = json.loads(payload)
assert statement["_type"] == "https://in-toto.io/Statement/v1", statement["_type"]
model = hashlib.sha256(open(sys.argv[3], "rb").read()).hexdigest()
assert any(s["digest"]["sha256"] == model for s in statement["subject"]), "model digest not among the subjects"
assert statement["predicate"]["status"] == "passed"
print("    signature, subject digest and verdict agree")
PY
then pass "the DSSE signature verifies with cryptography's Ed25519 and the model's SHA-256 is a subject"; else fail "cryptography could not verify the attestation"; fi

echo "== a real MLflow tracking server"
url=$("$root/scripts/mlflow-server.sh" start)
echo "    $url"
promote() { "$mlgate" promote --attestation reports/attestation.json --artifact model/model.json --to "mlflow:$url" --model loans "$@"; }
set +e
MLGATE_VERIFY_KEY="$(cat signing.pub.pem)" promote --alias champion >"$work/promote.out" 2>&1; status=$?
set -e
expect_status 0 "$status" "mlgate promote --to mlflow:$url"
expect_grep "registered as version 1" "$work/promote.out" "version 1 registered"
"$python" - "$url" "$(sha256sum model/model.json | cut -d' ' -f1)" "$(sha256sum reports/report.json | cut -d' ' -f1)" >"$work/rest.out" 2>&1 <<'PY' && pass "registry state read back over REST: version, tags, alias, stored report and model" || { fail "registry state"; sed 's/^/    | /' "$work/rest.out"; }
import hashlib, json, sys, urllib.parse, urllib.request
url, model_sha, report_sha = sys.argv[1:]
def get(path, **query):
    with urllib.request.urlopen(f"{url}/api/2.0/mlflow/{path}?{urllib.parse.urlencode(query)}") as r:
        return json.load(r)
version = get("registered-models/alias", name="loans", alias="champion")["model_version"]
assert version["version"] == "1", version
tags = {t["key"]: t["value"] for t in version["tags"]}
assert tags["mlgate.status"] == "passed", tags
assert tags["mlgate.artifact_sha256"] == model_sha, tags
assert tags["mlgate.signature"].startswith("verified:"), tags
assert "mlgate.metric.model.roc_auc" in tags, sorted(tags)
def download(uri):
    with urllib.request.urlopen(url + "/api/2.0/mlflow-artifacts/artifacts/" + uri[len("mlflow-artifacts:/"):]) as r:
        return r.read()
assert hashlib.sha256(download(tags["mlgate.report"])).hexdigest() == report_sha
assert hashlib.sha256(download(version["source"] + "/model.json")).hexdigest() == model_sha
print("ok")
PY
set +e
promote --alias staging >"$work/again.out" 2>&1; status=$?
set -e
expect_status 0 "$status" "promoting the same artifact again"
expect_grep "already version 1" "$work/again.out" "no second version for the same artifact; the alias moves"

echo "== the champion loop: the next candidate judged against mlflow:…#loans@champion"
sed -e "s|      predictions: champion_predictions.csv|      registry: mlflow:$url#loans@champion|" -e '/        confidence: 0.95/d' mlgate.yml >next.yml
set +e
"$mlgate" check -c next.yml --no-reports >"$work/next.out" 2>&1; status=$?
set -e
expect_status 0 "$status" "mlgate check with the registry's champion as baseline"
expect_grep "loans@champion: version 1, 15 metric values" "$work/next.out" "the champion's stored report is the baseline"
sed -e "s|      predictions: champion_predictions.csv|      registry: mlflow:$url#loans@production|" -e '/        confidence: 0.95/d' mlgate.yml >missing.yml
set +e
"$mlgate" check -c missing.yml --no-reports >"$work/missing.out" 2>&1; status=$?
set -e
expect_status 2 "$status" "an alias the registry does not have"
expect_grep "no version of 'loans' has alias 'production'" "$work/missing.out" "it is named"

echo "== refusals reach nothing"
printf ' ' >>model/model.json
set +e
promote --alias champion >"$work/changed.out" 2>&1; status=$?
set -e
expect_status 1 "$status" "a model changed after the gate"
expect_grep "nothing was promoted" "$work/changed.out" "refused"
"$mlgate" keygen -o other.pem >/dev/null
git -C "$root" show HEAD:Examples/loans/model/model.json >model/model.json 2>/dev/null || cp "$root/Examples/loans/model/model.json" model/model.json
set +e
MLGATE_VERIFY_KEY="$(cat other.pub.pem)" promote --alias champion >"$work/foreign.out" 2>&1; status=$?
set -e
expect_status 1 "$status" "an attestation signed by another key"
"$python" - "$url" >"$work/count.out" 2>&1 <<'PY' && pass "still one version, champion on it" || { fail "refusals changed the registry"; sed 's/^/    | /' "$work/count.out"; }
import json, sys, urllib.request
with urllib.request.urlopen(sys.argv[1] + "/api/2.0/mlflow/model-versions/search?filter=name%3D%27loans%27") as r:
    versions = json.load(r).get("model_versions", [])
assert [v["version"] for v in versions] == ["1"], versions
PY
set +e
"$mlgate" promote --attestation reports/attestation.json --artifact model/model.json --to "mlflow:http://127.0.0.1:9" --model loans >"$work/down.out" 2>&1; status=$?
set -e
expect_status 2 "$status" "a registry that cannot be reached"
"$root/scripts/mlflow-server.sh" stop >/dev/null

echo "== eight promotions into one dir: registry at once"
for i in 1 2 3 4 5 6 7 8; do
  mkdir -p "job$i/model"
  printf '{"weights": %d}\n' "$i" >"job$i/model/model.json"
  "$mlgate" check --quiet --no-reports --artifact "job$i/model/model.json" --attest "job$i/attestation.json" >/dev/null
done
pids=()
for i in 1 2 3 4 5 6 7 8; do
  "$mlgate" promote --attestation "job$i/attestation.json" --artifact "job$i/model/model.json" --to dir:registry --model loans --alias champion >"$work/p$i.out" 2>&1 &
  pids+=($!)
done
codes=0
for pid in "${pids[@]}"; do wait "$pid" || codes=$((codes + 1)); done
expect_status 0 "$codes" "eight concurrent promotions all succeed"
"$python" - registry <<'PY' && pass "eight versions 1..8, each holding its own artifact" || fail "the registry lost or mixed up a version"
import hashlib, json, os, sys
index = json.load(open(os.path.join(sys.argv[1], "registry.json")))
versions = index["models"]["loans"]["versions"]
assert sorted(v["version"] for v in versions) == list(range(1, 9)), versions
for v in versions:
    data = open(os.path.join(sys.argv[1], "loans", str(v["version"]), v["artifact"]), "rb").read()
    assert hashlib.sha256(data).hexdigest() == v["sha256"]
PY

echo
if [ "$failures" -ne 0 ]; then echo "promotion integration: $failures failed"; exit 1; fi
echo "promotion integration: all passed"
