# The bundled example, as the README runs it (on a copy, so that Examples/loans/reports
# is left alone): the gate passes and its JUnit report is valid against the JUnit XSD.
# shellcheck shell=bash
copy_example "$tmp/loans"
status=$(status_of "$tmp/check.out" "$(mlgate_bin)" check --config "$tmp/loans/mlgate.yml")
expect_status 0 "$status" "mlgate check --config Examples/loans/mlgate.yml"
check "reports/junit.xml is valid against Tests/MLGateTests/Fixtures/junit.xsd" xmllint_junit "$tmp/loans/reports/junit.xml"
