# Both command plugins in a Swift package that depends on mlgate (by path), as a user
# runs them:
#   swift package mlgate --help
#   swift package mlgate-init --data data/train.csv --ci github
#   swift package mlgate            (passes: exit 0, reports in mlgate-reports/)
#   swift package mlgate            (after a failing change: mlgate exits 1)
#   swift package mlgate            (after breaking the config: mlgate exits 2)
#   swift package mlgate-init       (refuses to overwrite; --force --ci gitlab does)
# SwiftPM itself exits 1 whenever a plugin's process exits non-zero, printing
# "Plugin ended with exit code N"; the test checks both.
# shellcheck shell=bash
consumer="$tmp/Consumer"
mkdir -p "$consumer/Sources/Consumer" "$consumer/data"
cat >"$consumer/Package.swift" <<SWIFT
// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Consumer",
    dependencies: [.package(path: "$root")],
    targets: [.target(name: "Consumer")]
)
SWIFT
echo 'public let answer = 42' >"$consumer/Sources/Consumer/Consumer.swift"
{
  echo 'id,feature,label'
  for i in $(seq 1 20); do echo "$i,0.$i,$((i % 2))"; done
} >"$consumer/data/train.csv"

log="$tmp/out.log"
in_consumer() { (cd "$consumer" && "$@"); }
run() { status_of "$log" in_consumer "$@"; }   # the exit status; the output in $log

echo "# consumer package at $consumer (depends on $root)"

status=$(run swift package mlgate --help)
expect_status 0 "$status" "swift package mlgate --help"
expect_grep "check (default)" "$log" "help lists the check subcommand"

status=$(run swift package mlgate-init --data data/train.csv --ci github)
expect_status 0 "$status" "swift package mlgate-init --data data/train.csv --ci github"
check "mlgate.yml written" test -f "$consumer/mlgate.yml"
check "GitHub workflow written" test -f "$consumer/.github/workflows/mlgate.yml"
expect_grep "columns: \[id, feature, label\]" "$consumer/mlgate.yml" "starter config requires the table's columns"

status=$(run swift package mlgate)
expect_status 0 "$status" "swift package mlgate on the starter config"
expect_grep "gate passed" "$log" "summary says the gate passed"
for report in junit.xml report.json summary.md; do
  check "report mlgate-reports/$report written" test -f "$consumer/mlgate-reports/$report"
done
check "JUnit report is valid against the JUnit XSD" xmllint_junit "$consumer/mlgate-reports/junit.xml"

status=$(run swift package mlgate --junit custom/junit.xml --no-reports)
expect_status 0 "$status" "arguments are forwarded (--no-reports wins)"
check "--no-reports writes nothing" test ! -e "$consumer/custom/junit.xml"

sed -i.bak 's/min: 1$/min: 1000/' "$consumer/mlgate.yml"
status=$(run swift package mlgate)
expect_status 1 "$status" "swift package mlgate with a failing check"
expect_grep "Plugin ended with exit code 1" "$log" "mlgate's own status was 1"
expect_grep "FAIL" "$log" "the failing check is named"

printf 'version: 1\ngates:\n  - name: d\n    kind: data\n    input: data/train.csv\n    checks:\n      - check: row_count\n        treshold: 3\n' >"$consumer/mlgate.yml"
# SwiftPM turns any non-zero plugin status into its own exit 1 and prints the real one.
status=$(run swift package mlgate)
expect_status 1 "$status" "swift package mlgate with a config error"
expect_grep "Plugin ended with exit code 2" "$log" "mlgate's own status was 2"
expect_grep "mlgate.yml:8:9: error: unknown key 'treshold'" "$log" "config error located at line:column"

cp "$consumer/mlgate.yml" "$tmp/before.yml"
status=$(run swift package mlgate-init)
expect_status 1 "$status" "mlgate-init refuses to overwrite"
expect_grep "already exists: nothing was written" "$log" "the refusal says why"
check "existing mlgate.yml left unchanged" cmp -s "$consumer/mlgate.yml" "$tmp/before.yml"

status=$(run swift package mlgate-init --force --ci gitlab --data data/train.csv)
expect_status 0 "$status" "mlgate-init --force --ci gitlab"
check "GitLab CI file written" test -f "$consumer/.gitlab-ci.yml"

status=$(run swift package mlgate)
expect_status 0 "$status" "swift package mlgate after re-init"
