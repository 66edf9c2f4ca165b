# The self-contained executable, proven self-contained: built with scripts/build-static.sh,
# no dynamic dependencies, and the bundled example's gate, an attestation and a dir:
# promotion run with it inside an empty chroot (only the executable, the example and
# /proc): no libc, no Swift runtime, no libxml2 on any library path. Without root (no
# chroot), it runs with an empty environment instead and says so.
# shellcheck shell=bash
binary=$(scripts/build-static.sh)
echo "built: $binary ($(du -h "$binary" | cut -f1))"
if ldd "$binary" >/dev/null 2>&1; then
  ldd "$binary"
  die "$binary has dynamic dependencies"
fi
pass "no dynamic dependencies (ldd: not a dynamic executable)"

jail="$tmp/jail"
mounted=false
trap '$mounted && umount "$jail/proc" || true' EXIT
mkdir -p "$jail/proc"
cp "$binary" "$jail/mlgate"
copy_example "$jail/work"

run() { # expected-exit description command...
  local expected=$1 what=$2 status
  shift 2
  status=$(status_of "$jail/out" "$@")
  [ "$status" = "$expected" ] || indent "$jail/out"
  expect_status "$expected" "$status" "$what"
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
  check "reports/$report written" test -s "$jail/work/reports/$report"
done
check "the JUnit report is valid against the JUnit XSD" xmllint_junit "$jail/work/reports/junit.xml"
run 0 "mlgate verify" in_jail verify /work/reports/attestation.json --artifact /work/model/model.json
run 0 "mlgate promote --to dir:" in_jail promote --attestation /work/reports/attestation.json --artifact /work/model/model.json --to dir:/work/registry --model loans --alias champion
run 2 "mlgate promote --to mlflow: says the static build has no HTTP client" in_jail promote --attestation /work/reports/attestation.json --artifact /work/model/model.json --to mlflow:http://127.0.0.1:9 --model loans
expect_grep "static build" "$jail/out" "the message says why"
