#!/usr/bin/env bash
# The self-contained executable, proven self-contained: builds it with
# scripts/build-static.sh, checks that it has no dynamic dependencies, and runs the
# bundled example's gate, an attestation and a dir: promotion with it inside an empty
# chroot (only the executable, the example and /proc) — no libc, no Swift runtime, no
# libxml2 on any library path. Without root (no chroot), it runs with an empty
# environment instead and says so.
# Usage: scripts/static-smoke.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
binary=$(scripts/build-static.sh)
echo "built: $binary ($(du -h "$binary" | cut -f1))"
if ldd "$binary" >/dev/null 2>&1; then
  echo "FAIL: $binary has dynamic dependencies:"; ldd "$binary"; exit 1
fi
echo "ok   - no dynamic dependencies (ldd: not a dynamic executable)"

jail=$(mktemp -d "${TMPDIR:-/tmp}/mlgate-jail.XXXXXX")
mounted=false
cleanup() {
  if $mounted; then umount "$jail/proc" || true; fi
  rm -rf "$jail"
}
trap cleanup EXIT
mkdir -p "$jail/proc" "$jail/work"
cp "$binary" "$jail/mlgate"
cp Examples/loans/mlgate.yml Examples/loans/*.csv Examples/loans/*.schema.json "$jail/work/"
cp -R Examples/loans/model "$jail/work/"

run() { # expected-exit description command...
  local expected=$1 what=$2; shift 2
  set +e
  "$@" >"$jail/out" 2>&1
  local code=$?
  set -e
  if [ "$code" = "$expected" ]; then
    echo "ok   - $what (exit $code)"
  else
    echo "FAIL - $what: expected exit $expected, got $code"; sed 's/^/    | /' "$jail/out"; exit 1
  fi
}

if [ "$(id -u)" = 0 ] && mount -t proc proc "$jail/proc" 2>/dev/null; then
  mounted=true
  in_jail() { chroot "$jail" /mlgate "$@"; }
  echo "running inside an empty chroot ($jail: the executable, the example, /proc)"
else
  in_jail() { (cd "$jail" && env -i ./mlgate "$@"); }
  echo "no chroot (not root, or /proc cannot be mounted): running with an empty environment"
fi
run 0 "mlgate --version" in_jail --version
run 0 "the example gate passes, every report written, attestation included" in_jail check --config /work/mlgate.yml --quiet
for report in junit.xml report.json summary.md metrics.txt report.html attestation.json; do
  [ -s "$jail/work/reports/$report" ] || { echo "FAIL - reports/$report not written"; exit 1; }
done
echo "ok   - reports/{junit.xml,report.json,summary.md,metrics.txt,report.html,attestation.json} written"
xmllint --noout --schema Tests/MLGateTests/Fixtures/junit.xsd "$jail/work/reports/junit.xml"
run 0 "mlgate verify" in_jail verify /work/reports/attestation.json --artifact /work/model/model.json
run 0 "mlgate promote --to dir:" in_jail promote --attestation /work/reports/attestation.json --artifact /work/model/model.json --to dir:/work/registry --model loans --alias champion
run 2 "mlgate promote --to mlflow: says the static build has no HTTP client" in_jail promote --attestation /work/reports/attestation.json --artifact /work/model/model.json --to mlflow:http://127.0.0.1:9 --model loans
grep -q "static build" "$jail/out" || { echo "FAIL - the message does not say why"; cat "$jail/out"; exit 1; }

# ci-templates/Dockerfile's build: the Swift runtime and Foundation linked in, only system
# libraries (libxml2, libcurl, libc) loaded at run time. No Docker daemon here, so its
# build command runs directly (it links libcurl, so it needs libcurl4-openssl-dev, as the
# Dockerfile's build stage installs).
image_build=(swift build -c release --product mlgate --static-swift-stdlib)
grep -q -- "--static-swift-stdlib" ci-templates/Dockerfile || { echo "FAIL - ci-templates/Dockerfile no longer builds with --static-swift-stdlib: update this script"; exit 1; }
"${image_build[@]}" >/dev/null
image_binary="$("${image_build[@]}" --show-bin-path)/mlgate"
if ldd "$image_binary" | grep -E "libswift|libFoundation|libdispatch|libBlocksRuntime"; then
  echo "FAIL - the Dockerfile's mlgate loads the Swift runtime dynamically"; exit 1
fi
echo "ok   - the Dockerfile's build loads no Swift library, only the system's ($(ldd "$image_binary" | wc -l) libraries: libc, libxml2, libcurl and theirs)"
run 0 "the Dockerfile's mlgate runs the example" "$image_binary" check --config Examples/loans/mlgate.yml --no-reports --quiet
echo "static executable: all passed"
