import Foundation
import Testing

@testable import MLGate

/// A run of `failures` failing and `warnings` warning checks in gate "data", and a gate
/// "drift" whose only check warns: more than GitHub shows.
private func crowdedReport(failures: Int, warnings: Int) -> RunReport {
    let start = SampleReports.start
    var checks: [CheckResult] = []
    for index in 0..<max(failures, warnings) {
        if index < failures {
            checks.append(CheckResult(
                name: "f\(index)", check: "row_count", outcome: .failed, message: "failure \(index)",
                location: SourceLocation(file: "mlgate.yml", line: 10 + index, column: 9)))
        }
        if index < warnings {
            checks.append(CheckResult(
                name: "w\(index)", check: "missing_fraction", severity: .warn, outcome: .warning, message: "warning \(index)",
                location: SourceLocation(file: "mlgate.yml", line: 100 + index, column: 9)))
        }
    }
    checks.append(CheckResult(name: "ok", check: "row_count", outcome: .passed, message: "fine"))
    return RunReport(
        config: "mlgate.yml", startedAt: start, duration: 1,
        gates: [
            GateResult(name: "data", kind: .data, startedAt: start, duration: 1, checks: checks),
            GateResult(
                name: "drift", kind: .drift, startedAt: start, duration: 1,
                checks: [
                    CheckResult(
                        name: "dataset_drift", check: "dataset_drift", outcome: .failed, message: "3 of 5 columns drifted",
                        location: SourceLocation(file: "mlgate.yml", line: 200, column: 5))
                ]),
        ])
}

@Suite("GitHub annotations: order and GitHub's cap")
struct GitHubAnnotationOrderTests {
    @Test func gateVerdictsComeFirstThenFailuresThenWarnings() {
        let lines = GitHubAnnotationsRenderer().text(SampleReports.mixed).split(separator: "\n").map(String.init)
        #expect(lines == [
            "::error file=mlgate.yml,line=10,col=9,title=mlgate applications%3A gate failed::gate applications failed: 1 failed (rows); 1 warned (columns)",
            "::error file=mlgate.yml,line=16,col=5,title=mlgate quality%3A gate could not run::gate quality could not run: 1 could not run (kind)",
            "::error file=mlgate.yml,line=10,col=9,title=mlgate applications%3A rows::500 rows, expected ≥ 1000",
            "::error file=mlgate.yml,line=16,col=5,title=mlgate quality%3A kind::gate kind 'model' is not yet supported",
            "::warning file=mlgate.yml,line=13,col=9,title=mlgate applications%3A columns::1 of 2 required columns missing: 'income'",
            "::warning file=mlgate.yml,line=24,col=9,title=mlgate serving%3A income::ks p-value 0.0123 ≤ 0.0500: drifted "
                + "(statistic 0.1075; auto: reference ≤ 1000 values, numeric, 480 distinct values)",
        ])
    }

    @Test func nothingIsCutWithinGitHubsLimits() {
        let lines = GitHubAnnotationsRenderer().text(crowdedReport(failures: 8, warnings: 10)).split(separator: "\n")
        // 2 gate verdicts + 8 failures + 1 drift failure = 11 errors: one is cut.
        #expect(lines.filter { $0.hasPrefix("::error ") }.count == 10)
        #expect(lines.filter { $0.hasPrefix("::warning ") }.count == 10)
        #expect(lines.last == "::notice title=mlgate%3A +1 more::+1 more (1 error) — see the job summary (GitHub shows 10 annotations of each kind per step)")
        let fits = GitHubAnnotationsRenderer().text(crowdedReport(failures: 7, warnings: 10))
        #expect(!fits.contains("::notice"))
        #expect(fits.split(separator: "\n").count == 20)
    }

    @Test func aCrowdedRunKeepsTheVerdictsAndSaysHowManyMoreThereAre() {
        let report = crowdedReport(failures: 19, warnings: 6)
        let renderer = GitHubAnnotationsRenderer()
        let all = renderer.annotations(report)
        #expect(all.errors.count == 2 + 19 + 1)
        let shown = renderer.capped(report)
        let errors = shown.filter { $0.level == "error" }
        #expect(errors.count == 10)
        // Both gate verdicts survive the cut, the drift gate's one included, ahead of the failures.
        #expect(errors.prefix(2).map(\.title) == ["mlgate data: gate failed", "mlgate drift: gate failed"])
        #expect(errors[1].message == "gate drift failed: 1 failed (dataset_drift)")
        #expect(errors[2...].map(\.title) == (0..<8).map { "mlgate data: f\($0)" })
        #expect(shown.filter { $0.level == "warning" }.count == 6)
        let notice = shown.last
        #expect(notice?.level == "notice")
        #expect(notice?.message.hasPrefix("+12 more (12 errors) — see the job summary") == true)
        // Every dropped one is counted: shown + more = all.
        #expect(shown.count - 1 + 12 == all.errors.count + all.warnings.count)
    }

    @Test func warningsAreCappedOnTheirOwn() {
        // Gate "data" only warns (it passed: no verdict); gate "drift" failed.
        let shown = GitHubAnnotationsRenderer().capped(crowdedReport(failures: 0, warnings: 13))
        #expect(shown.filter { $0.level == "warning" }.count == 10)
        #expect(shown.filter { $0.level == "error" }.map(\.title) == ["mlgate drift: gate failed", "mlgate drift: dataset_drift"])
        #expect(shown.last?.message.hasPrefix("+3 more (3 warnings) — see the job summary") == true)
    }

    @Test func aSmallerLimitCutsTheSameWay() {
        let shown = GitHubAnnotationsRenderer(limit: 2).capped(crowdedReport(failures: 3, warnings: 3))
        #expect(shown.map(\.level) == ["error", "error", "warning", "warning", "notice"])
        #expect(shown.last?.message.hasPrefix("+5 more (4 errors, 1 warning)") == true)
    }
}

@Suite("GitLab Code Quality report")
struct CodeQualityRendererTests {
    @Test func oneIssuePerFailingOrWarningCheckInGitLabsFields() throws {
        let data = try CodeQualityRenderer().render(SampleReports.mixed)
        let issues = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        #expect(issues.count == 4)
        for issue in issues {
            #expect(Set(issue.keys) == ["description", "check_name", "fingerprint", "severity", "location"])
        }
        let first = issues[0]
        #expect(first["description"] as? String == "mlgate applications: rows: 500 rows, expected ≥ 1000")
        #expect(first["check_name"] as? String == "mlgate/row_count")
        #expect(first["severity"] as? String == "critical")
        let location = try #require(first["location"] as? [String: Any])
        #expect(location["path"] as? String == "mlgate.yml")
        #expect((location["lines"] as? [String: Any])?["begin"] as? Int == 10)
        #expect(issues.map { $0["severity"] as? String } == ["critical", "minor", "blocker", "minor"])
        #expect(issues.map { ($0["location"] as? [String: Any])?["lines"] as? [String: Int] }.map { $0?["begin"] } == [10, 13, 16, 24])
    }

    @Test func fingerprintsAreStableAcrossRunsAndUniqueWithinOne() {
        let renderer = CodeQualityRenderer()
        let report = crowdedReport(failures: 12, warnings: 12)
        let fingerprints = renderer.issues(report).map(\.fingerprint)
        #expect(Set(fingerprints).count == fingerprints.count)
        #expect(fingerprints.allSatisfy { $0.count == 32 && $0.allSatisfy(\.isHexDigit) })
        // Another run: other numbers, other lines: the same issues keep their fingerprints.
        var moved = report
        for g in moved.gates.indices {
            for c in moved.gates[g].checks.indices {
                moved.gates[g].checks[c].message += " (another run)"
                moved.gates[g].checks[c].location?.line? += 3
            }
        }
        #expect(renderer.issues(moved).map(\.fingerprint) == fingerprints)
        // A warning that became a failure is a new issue.
        var worse = report
        worse.gates[0].checks[1].outcome = .failed
        #expect(renderer.issues(worse)[1].fingerprint != fingerprints[1])
        // The documented formula, as Python computes it:
        // hashlib.sha256(b"mlgate\0applications\0rows\0failed").hexdigest()[:32]
        #expect(CodeQualityRenderer.fingerprint(gate: "applications", check: "rows", kind: "failed")
            == "2c986b57abd15afb9431a95fb97de952")
        // Not the gate's name nor the check's name alone: "a"+"bc" differs from "ab"+"c".
        #expect(CodeQualityRenderer.fingerprint(gate: "a", check: "bc", kind: "failed")
            != CodeQualityRenderer.fingerprint(gate: "ab", check: "c", kind: "failed"))
    }

    @Test func pathsAreMadeRelativeToTheRoot() {
        let renderer = CodeQualityRenderer(root: "/builds/group/project")
        #expect(renderer.relative("/builds/group/project/ml/mlgate.yml") == "ml/mlgate.yml")
        #expect(renderer.relative("./mlgate.yml") == "mlgate.yml")
        #expect(renderer.relative("/elsewhere/mlgate.yml") == "/elsewhere/mlgate.yml")
        #expect(renderer.relative("/builds/group/project-other/x.yml") == "/builds/group/project-other/x.yml")
    }

    @Test func aPassingRunIsAnEmptyArray() throws {
        let report = RunReport(config: "mlgate.yml", startedAt: SampleReports.start, duration: 0, gates: [])
        let data = try CodeQualityRenderer().render(report)
        #expect(try JSONDecoder().decode([CodeQualityRenderer.Issue].self, from: data).isEmpty)
        #expect(data.last == UInt8(ascii: "\n"))
    }

    /// The real thing: `mlgate check --codequality` on a config whose two checks fail;
    /// each issue points at the config line that declares its check.
    @Test func theCommandPointsEachIssueAtItsChecksLine() throws {
        let directory = try Fixtures.temporaryDirectory()
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("configs"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Fixtures.url("data"), to: directory.appendingPathComponent("data"))
        try FileManager.default.copyItem(
            at: Fixtures.url("configs/failing.yml"), to: directory.appendingPathComponent("configs/failing.yml"))
        let run = try ToolRun(["check", "-c", "configs/failing.yml", "--codequality", "out/cq.json", "--no-reports"], in: directory)
        #expect(run.status == 1)
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("out/cq.json").path), "--no-reports writes none")
        let again = try ToolRun(["check", "-c", "configs/failing.yml", "--codequality", "out/cq.json"], in: directory)
        #expect(again.status == 1)
        let issues = try JSONDecoder().decode(
            [CodeQualityRenderer.Issue].self, from: Data(contentsOf: directory.appendingPathComponent("out/cq.json")))
        let config = try String(contentsOf: directory.appendingPathComponent("configs/failing.yml"), encoding: .utf8)
            .components(separatedBy: "\n")
        #expect(issues.map(\.checkName) == ["mlgate/required_columns", "mlgate/row_count"])
        for issue in issues {
            #expect(issue.location.path == "configs/failing.yml")
            let line = config[issue.location.lines.begin - 1]
            #expect(line.contains(String(issue.checkName.dropFirst("mlgate/".count))), "line \(issue.location.lines.begin): \(line)")
        }
    }
}

@Suite("JUnit: warnings as failures, skipped reasons")
struct JUnitWarningStyleTests {
    @Test func theDefaultIsUnchanged() throws {
        #expect(try JUnitRenderer().render(SampleReports.mixed) == JUnitRenderer(warnings: .output).render(SampleReports.mixed))
    }

    @Test func warningsAsFailuresOfASeparateSuiteAreValidJUnit() throws {
        let data = try JUnitRenderer(warnings: .failures).render(SampleReports.mixed)
        #expect(XMLElement.validate(data, schema: JUnitRendererTests.xsd) == [])
        let root = try #require(XMLElement.parse(data))
        let suites = root.children("testsuite")
        #expect(suites.map { $0["name"] } == ["applications", "applications.warnings", "quality", "serving", "serving.warnings"])
        // The totals count the extra failing cases.
        let plain = try #require(XMLElement.parse(try JUnitRenderer().render(SampleReports.mixed)))
        let warnings = SampleReports.mixed.totals.warnings
        #expect(Int(root["tests"] ?? "") == Int(plain["tests"] ?? "")! + warnings)
        #expect(Int(root["failures"] ?? "") == Int(plain["failures"] ?? "")! + warnings)

        let warned = suites[1]
        #expect(warned["tests"] == "1")
        #expect(warned["failures"] == "1")
        let testcase = try #require(warned.children("testcase").first)
        #expect(testcase["classname"] == "mlgate.applications.warnings")
        #expect(testcase["name"] == "columns")
        #expect(testcase["file"] == "mlgate.yml")
        #expect(testcase["line"] == "13")
        let failure = try #require(testcase.child("failure"))
        #expect(failure["type"] == "required_columns")
        #expect(failure.text == "warning: 1 of 2 required columns missing: 'income'\nmissing column 'income'")
        // The gate's own suite is as before: the warned check passes there.
        #expect(suites[0].children("testcase").first { $0["name"] == "columns" }?.child("failure") == nil)
        #expect(suites[0]["failures"] == "1")
    }

    @Test func aSkippedChecksReasonIsTheElementsText() throws {
        let root = try #require(XMLElement.parse(try JUnitRenderer().render(SampleReports.mixed)))
        let skipped = try #require(root.children("testsuite")[1].children("testcase")[1].child("skipped"))
        #expect(skipped["message"] == "not run: <input> & \"quotes\"")
        #expect(skipped.text == "not run: <input> & \"quotes\"")
    }
}

@Suite("OpenMetrics as GitLab's metrics parser reads it")
struct OpenMetricsGitLabTests {
    @Test func noHashOutsideCommentsAndLabelsDecodeBack() {
        let name = "recall #2 100% (region=\"north\")"
        let text = OpenMetricsRenderer().text(SampleReports.withText(name))
        for line in text.split(separator: "\n") where !line.hasPrefix("# ") {
            // GitLab cuts each line at its first '#': there must be none.
            #expect(!line.contains("#"), "\(line)")
        }
        #expect(text.contains(#"check="crecall %232 100%25 (region=\"north\")""#))
        #expect(OpenMetricsRenderer.quote("a#b%c") == #""a%23b%25c""#)
        let encoded = String(OpenMetricsRenderer.quote("a#b%23c").dropFirst().dropLast())
        #expect(encoded.removingPercentEncoding == "a#b%23c")
    }
}
