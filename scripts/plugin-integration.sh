#!/usr/bin/env bash
# Plugin integration test: creates a Swift package that depends on mlgate (by path) in a
# temporary folder and runs both command plugins there, as a user would:
#   swift package mlgate --help
#   swift package mlgate-init --data data/train.csv --ci github
#   swift package mlgate            (passes: exit 0, reports in mlgate-reports/)
#   swift package mlgate            (after a failing change: mlgate exits 1)
#   swift package mlgate            (after breaking the config: mlgate exits 2)
# SwiftPM itself exits 1 whenever a plugin's process exits non-zero, printing
# "Plugin ended with exit code N"; the script checks both.
#   swift package mlgate-init       (refuses to overwrite; --force --ci gitlab does)
# Usage: scripts/plugin-integration.sh   (from anywhere; needs swift and xmllint)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/mlgate-plugin.XXXXXX")
trap 'rm -rf "$work"' EXIT
consumer="$work/Consumer"
mkdir -p "$consumer/Sources/Consumer" "$consumer/data"

cat > "$consumer/Package.swift" <<SWIFT
// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Consumer",
    dependencies: [.package(path: "$root")],
    targets: [.target(name: "Consumer")]
)
SWIFT
echo 'public let answer = 42' > "$consumer/Sources/Consumer/Consumer.swift"
{
  echo 'id,feature,label'
  for i in $(seq 1 20); do echo "$i,0.$i,$((i % 2))"; done
} > "$consumer/data/train.csv"

failures=0
pass() { echo "ok   - $1"; }
fail() { echo "FAIL - $1"; failures=$((failures + 1)); }
expect_status() { # expected actual description
  if [ "$1" = "$2" ]; then pass "$3 (exit $2)"; else fail "$3: expected exit $1, got $2"; fi
}
run() { # runs in the consumer package; prints output to a log; echoes the status
  local log="$work/out.log"
  set +e
  (cd "$consumer" && "$@") >"$log" 2>&1
  local status=$?
  set -e
  echo "$status"
}
show_log() { sed 's/^/    | /' "$work/out.log" | tail -n 25; }

echo "# consumer package at $consumer (depends on $root)"

status=$(run swift package mlgate --help)
expect_status 0 "$status" "swift package mlgate --help"
grep -q "check (default)" "$work/out.log" && pass "help lists the check subcommand" || { fail "help lists the check subcommand"; show_log; }

status=$(run swift package mlgate-init --data data/train.csv --ci github)
expect_status 0 "$status" "swift package mlgate-init --data data/train.csv --ci github"
[ -f "$consumer/mlgate.yml" ] && pass "mlgate.yml written" || { fail "mlgate.yml written"; show_log; }
[ -f "$consumer/.github/workflows/mlgate.yml" ] && pass "GitHub workflow written" || fail "GitHub workflow written"
grep -q "columns: \[id, feature, label\]" "$consumer/mlgate.yml" && pass "starter config requires the table's columns" || fail "starter config requires the table's columns"

status=$(run swift package mlgate)
expect_status 0 "$status" "swift package mlgate on the starter config"
grep -q "gate passed" "$work/out.log" && pass "summary says the gate passed" || { fail "summary says the gate passed"; show_log; }
for report in junit.xml report.json summary.md; do
  [ -f "$consumer/mlgate-reports/$report" ] && pass "report mlgate-reports/$report written" || fail "report mlgate-reports/$report written"
done
if xmllint --noout --schema "$root/Tests/MLGateTests/Fixtures/junit.xsd" "$consumer/mlgate-reports/junit.xml" 2>"$work/xmllint.log"; then
  pass "JUnit report is valid against the JUnit XSD"
else
  fail "JUnit report is valid against the JUnit XSD"; cat "$work/xmllint.log"
fi

status=$(run swift package mlgate --junit custom/junit.xml --no-reports)
expect_status 0 "$status" "arguments are forwarded (--no-reports wins)"
[ ! -e "$consumer/custom/junit.xml" ] && pass "--no-reports writes nothing" || fail "--no-reports writes nothing"

sed -i.bak 's/min: 1$/min: 1000/' "$consumer/mlgate.yml"
status=$(run swift package mlgate)
expect_status 1 "$status" "swift package mlgate with a failing check"
grep -q "Plugin ended with exit code 1" "$work/out.log" && pass "mlgate's own status was 1" || { fail "mlgate's own status was 1"; show_log; }
grep -q "FAIL" "$work/out.log" && pass "the failing check is named" || { fail "the failing check is named"; show_log; }

printf 'version: 1\ngates:\n  - name: d\n    kind: data\n    input: data/train.csv\n    checks:\n      - check: row_count\n        treshold: 3\n' > "$consumer/mlgate.yml"
# SwiftPM turns any non-zero plugin status into its own exit 1 and prints the real one.
status=$(run swift package mlgate)
expect_status 1 "$status" "swift package mlgate with a config error"
grep -q "Plugin ended with exit code 2" "$work/out.log" && pass "mlgate's own status was 2" || { fail "mlgate's own status was 2"; show_log; }
grep -q "mlgate.yml:8:9: error: unknown key 'treshold'" "$work/out.log" && pass "config error located at line:column" || { fail "config error located at line:column"; show_log; }

cp "$consumer/mlgate.yml" "$work/before.yml"
status=$(run swift package mlgate-init)
expect_status 1 "$status" "mlgate-init refuses to overwrite"
grep -q "already exists: nothing was written" "$work/out.log" && pass "the refusal says why" || { fail "the refusal says why"; show_log; }
cmp -s "$consumer/mlgate.yml" "$work/before.yml" && pass "existing mlgate.yml left unchanged" || fail "existing mlgate.yml left unchanged"

status=$(run swift package mlgate-init --force --ci gitlab --data data/train.csv)
expect_status 0 "$status" "mlgate-init --force --ci gitlab"
[ -f "$consumer/.gitlab-ci.yml" ] && pass "GitLab CI file written" || fail "GitLab CI file written"

status=$(run swift package mlgate)
expect_status 0 "$status" "swift package mlgate after re-init"

if [ "$failures" -eq 0 ]; then
  echo "plugin integration: all checks passed"
else
  echo "plugin integration: $failures check(s) failed"
  exit 1
fi
