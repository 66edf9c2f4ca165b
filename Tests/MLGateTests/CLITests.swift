import Foundation
import MLGate
import Testing

/// The `mlgate` executable, run as a CI job would run it.
@Suite("mlgate command line")
struct CLITests {
    @Test func helpDocumentsEveryCommandAndFlag() throws {
        let root = try ToolRun(["--help"])
        #expect(root.status == 0)
        for word in ["check (default)", "verify", "promote", "keygen", "init", "schema", "Exit codes: 0"] {
            #expect(root.stdout.contains(word), "'mlgate --help' lacks \(word)")
        }
        let check = try ToolRun(["help", "check"])
        #expect(check.status == 0)
        for flag in ["--config", "--junit", "--json", "--markdown", "--attest", "--artifact", "--signing-key", "--no-reports", "--quiet"] {
            #expect(check.stdout.contains(flag), "'mlgate help check' lacks \(flag)")
        }
    }

    @Test func versionPrints() throws {
        let run = try ToolRun(["--version"])
        #expect(run.status == 0)
        #expect(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
    }

    @Test(arguments: [
        ("passing.yml", Int32(0)),
        ("failing.yml", 1),
        ("missing-data.yml", 2),
        ("drift-missing-column.yml", 2),
        ("unterminated.yml", 2),
        ("broken.yml", 2),
    ])
    func exitCodes(config: String, expected: Int32) throws {
        let run = try ToolRun(["check", "--config", "configs/\(config)", "--no-reports"])
        #expect(run.status == expected, "stdout: \(run.stdout)\nstderr: \(run.stderr)")
    }

    @Test(arguments: [["check", "--bogus"], ["check", "--config"], ["frobnicate"], ["init", "--ci", "jenkins"]])
    func usageErrorsExitWith2(arguments: [String]) throws {
        let directory = try Fixtures.temporaryDirectory()
        let run = try ToolRun(arguments, in: directory)
        #expect(run.status == 2, "stderr: \(run.stderr)")
        #expect(!run.stderr.isEmpty)
    }

    @Test func aConfigErrorIsPrintedWithItsLocation() throws {
        let run = try ToolRun(["check", "-c", "configs/broken.yml"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("configs/broken.yml:9:9: error: unknown key 'treshold' in check 'rows'"))
        #expect(run.stdout.isEmpty)
    }

    @Test func writesTheReportsTheFlagsAskFor() throws {
        let directory = try Fixtures.temporaryDirectory()
        let config = Fixtures.url("configs/failing.yml").path
        let run = try ToolRun(
            ["check", "--config", config, "--junit", "out/junit.xml", "--json", "out/report.json", "--markdown", "out/summary.md"],
            in: directory)
        #expect(run.status == 1)
        #expect(run.stdout.contains("FAIL  rows: 4 rows, expected ≤ 3"))
        #expect(run.stdout.contains("mlgate: gate failed"))
        let junit = try Data(contentsOf: directory.appendingPathComponent("out/junit.xml"))
        #expect(XMLElement.validate(junit, schema: Fixtures.url("junit.xsd")) == [])
        #expect(XMLElement.parse(junit)?["failures"] == "2")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("out/report.json")))
        #expect((json as? [String: Any])?["status"] as? String == "failed")
        let markdown = try String(contentsOf: directory.appendingPathComponent("out/summary.md"), encoding: .utf8)
        #expect(markdown.hasPrefix("## ❌ mlgate: gate failed"))
        // Nothing but the three reports: no temporary files left behind.
        let written = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("out").path)
        #expect(written.sorted() == ["junit.xml", "report.json", "summary.md"])
    }

    @Test func writesReportsFromTheConfigRelativeToIt() throws {
        let directory = try Fixtures.temporaryDirectory()
        let configs = directory.appendingPathComponent("configs")
        try FileManager.default.createDirectory(at: configs, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Fixtures.url("data"), to: directory.appendingPathComponent("data"))
        try FileManager.default.copyItem(at: Fixtures.url("configs/passing.yml"), to: configs.appendingPathComponent("passing.yml"))
        let run = try ToolRun(["check", "-c", "configs/passing.yml"], in: directory)
        #expect(run.status == 0)
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("out/junit.xml").path))
        #expect(run.stdout.contains("report: out/junit.xml"))
    }

    @Test func reportsAreWrittenWhenAGateCannotRun() throws {
        // A CI test tab must show why the gate could not run.
        let directory = try Fixtures.temporaryDirectory()
        let run = try ToolRun(
            ["check", "-c", Fixtures.url("configs/missing-data.yml").path, "--junit", "junit.xml"], in: directory)
        #expect(run.status == 2)
        let junit = try #require(XMLElement.parse(Data(contentsOf: directory.appendingPathComponent("junit.xml"))))
        #expect(junit["errors"] == "1")
    }

    @Test func noReportIsWrittenForAConfigError() throws {
        let directory = try Fixtures.temporaryDirectory()
        let run = try ToolRun(["check", "-c", Fixtures.url("configs/broken.yml").path, "--junit", "junit.xml"], in: directory)
        #expect(run.status == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test func checkIsTheDefaultSubcommand() throws {
        let directory = try Fixtures.temporaryDirectory()
        let missing = try ToolRun([], in: directory)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("mlgate.yml: error: config file not found"))
        let run = try ToolRun(["--config", "configs/passing.yml", "--no-reports", "--quiet"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("warning: plenty: 4 rows, expected ≥ 100"))
        #expect(!run.stdout.contains("PASS"))
    }

    @Test func initWritesAStarterConfigThatRuns() throws {
        let directory = try Fixtures.temporaryDirectory()
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("data"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: Fixtures.url("data/people.csv"), to: directory.appendingPathComponent("data/people.csv"))
        let initRun = try ToolRun(["init", "--data", "data/people.csv", "--ci", "gitlab"], in: directory)
        #expect(initRun.status == 0, "\(initRun.stderr)")
        #expect(initRun.stdout.contains("wrote mlgate.yml"))
        #expect(initRun.stdout.contains("wrote .gitlab-ci.yml"))
        let check = try ToolRun(["check"], in: directory)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("mlgate-reports/junit.xml").path))
        let again = try ToolRun(["init"], in: directory)
        #expect(again.status == 2)
        #expect(again.stderr.contains("mlgate.yml already exists: nothing was written; pass --force to overwrite"))
    }

    @Test func schemaPrintsTheConfigSchema() throws {
        let run = try ToolRun(["schema"])
        #expect(run.status == 0)
        #expect(run.stdout == (try Fixtures.text("../../../docs/mlgate.schema.json")))
    }
}

@Suite("mlgate metrics")
struct MetricsCommandTests {
    @Test func printsEveryBinaryMetricAsJSONKeyedByName() throws {
        let run = try ToolRun([
            "metrics", "metrics/binary_basic.csv", "--task", "binary", "--label", "label", "--score", "score",
            "--prediction", "prediction", "--format", "json",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let metrics = try #require(json["metrics"] as? [String: Any])
        #expect(Set(metrics.keys) == Set(Metric.all(for: .binary).map(\.name)))
        #expect(json["rows"] as? Int == 100)
        #expect(json["positive_label"] as? String == "1")
        #expect((json["confusion_matrix"] as? [[Double]])?.count == 2)
    }

    @Test func printsUndefinedMetricsWithTheirReason() throws {
        let run = try ToolRun([
            "metrics", "metrics/binary_single_class.csv", "--task", "binary", "--label", "label", "--score", "score",
            "--prediction", "prediction",
        ])
        #expect(run.status == 0)
        #expect(run.stdout.contains("roc_auc            undefined (only one class present in the labels"))
    }

    @Test func readsMulticlassScoresByPrefix() throws {
        let run = try ToolRun([
            "metrics", "metrics/multiclass_basic.csv", "--task", "multiclass", "--label", "label",
            "--score-prefix", "score_", "--prediction", "prediction", "--format", "json",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(json["classes"] as? [String] == ["a", "b", "c"])
        #expect((json["metrics"] as? [String: Any])?["roc_auc_ovo_weighted"] is Double)
    }

    @Test(arguments: [
        (["--task", "binary", "--label", "nope", "--score", "score"], "no label column 'nope'"),
        (["--task", "binary", "--label", "label"], "give --prediction, --score, or both"),
        (["--task", "multiclass", "--label", "label", "--prediction", "prediction", "--positive-label", "1"], "--positive-label applies to binary models only"),
        (["--task", "regression", "--label", "label", "--prediction", "prediction", "--classes", "a,b"], "--classes applies to classifiers only"),
        (["--task", "binary", "--label", "label", "--score", "score", "--threshold", "2"], "expected a number in [0, 1] for --threshold, found 2.0"),
        (["--task", "regression", "--label", "label"], "a regression model needs --prediction"),
        (["--task", "multiclass", "--label", "label", "--prediction", "prediction", "--classes", "0"], "is not one of the declared classes"),
    ])
    func badInputExitsWith2(arguments: [String], message: String) throws {
        let run = try ToolRun(["metrics", "metrics/binary_basic.csv"] + arguments)
        #expect(run.status == 2)
        #expect(run.stderr.contains(message), "\(run.stderr)")
    }
}


@Suite("mlgate fairness")
struct FairnessCommandTests {
    @Test func printsGroupsAndAggregatesAsJSON() throws {
        let run = try ToolRun([
            "fairness", "fairness/group_without_positives.csv", "--sensitive", "sex,race", "--label", "label",
            "--prediction", "prediction", "--reference", "sex=M,race=a", "--format", "json",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let groups = try #require(json["groups"] as? [[String: Any]])
        #expect(groups.count == 6)
        let fc = try #require(groups.first { $0["group"] as? [String] == ["F", "c"] }?["rates"] as? [String: Any])
        #expect(fc["true_positive_rate"] is NSNull)
        let aggregates = try #require(json["aggregates"] as? [String: Any])
        let odds = try #require((aggregates["equalized_odds_difference"] as? [String: [String: Double]])?["between_groups"])
        #expect(abs(odds["worst_case"]! - 0.9666666666666667) < 1e-12)
        #expect((json["reference"] as? [String: Any])?["group"] as? [String] == ["M", "a"])
    }

    @Test(arguments: [
        (["--sensitive", "sex", "--label", "label"], "give --prediction or --score"),
        (["--sensitive", "gender", "--label", "label", "--prediction", "prediction"], "no slice column 'gender'"),
        (["--sensitive", "sex", "--label", "label", "--prediction", "prediction", "--reference", "race=a"], "--reference takes column=value pairs"),
        (["--sensitive", "sex", "--label", "label", "--prediction", "prediction", "--reference", "sx=M"], "found 'sx=M'; did you mean 'sex'?"),
        (["--sensitive", "sex,race", "--label", "label", "--prediction", "prediction", "--reference", "sex=M"], "--reference needs a value for every sensitive column (sex, race)"),
        // A group that does not exist is an error, as in mlgate.yml, not a reference silently left out.
        (["--sensitive", "sex", "--label", "label", "--prediction", "prediction", "--reference", "sex=Mx"],
         "error: --reference names no group sex=Mx; groups: sex=F; sex=M; did you mean 'sex=M'?"),
    ])
    func badInputExitsWith2(arguments: [String], message: String) throws {
        let run = try ToolRun(["fairness", "fairness/groups_basic.csv"] + arguments)
        #expect(run.status == 2)
        #expect(run.stderr.contains(message), "\(run.stderr)")
    }
}


@Suite("mlgate drift")
struct DriftCommandTests {
    @Test(arguments: [
        (["--categorical", "age", "--numeric", "age"], "column 'age' is both --categorical and --numeric"),
        (["--columns", "age,age"], "column 'age' is listed twice"),
        (["--columns", "age", "--exclude", "income"], "--exclude applies when --columns is not given"),
        (["--bins", "1"], "expected an integer ≥ 2 for --bins, found 1"),
        (["--drift-share", "0"], "expected a share in (0, 1] for --drift-share, found 0.0"),
    ])
    func refusesWhatAConfigRefuses(arguments: [String], message: String) throws {
        let run = try ToolRun(["drift", "drift/tiny_reference.csv", "drift/tiny_current.csv"] + arguments)
        #expect(run.status == 2)
        #expect(run.stderr.contains(message), "\(run.stderr)")
    }

    @Test func exitsWithTheGatesStatus() throws {
        let run = try ToolRun(["drift", "drift/tiny_reference.csv", "drift/tiny_current.csv", "--columns", "age,nope"])
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("ERROR "))
        let unknown = try ToolRun(["drift", "drift/tiny_reference.txt", "drift/tiny_current.csv"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr == "drift/tiny_reference.txt: error: cannot tell the format from the extension: expected .csv, .tsv or .jsonl (optionally .gz), or .parquet\n")
    }
}

@Suite("mlgate check exit codes")
struct CheckExitCodeTests {
    @Test func aReportThatCannotBeWrittenMakesTheSummarySayExit2() throws {
        let directory = try Fixtures.temporaryDirectory()
        try Data("not a folder".utf8).write(to: directory.appendingPathComponent("blocker"))
        let run = try ToolRun(
            ["check", "-c", Fixtures.url("configs/passing.yml").path, "--junit", "blocker/junit.xml"], in: directory)
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.hasSuffix("(exit 2)\n"), "\(run.stdout)")
        #expect(run.stderr.contains("blocker/junit.xml"))
    }

    @Test func quietPrintsTheProblemsAndTheVerdictOnly() throws {
        let run = try ToolRun(["check", "-c", "configs/failing.yml", "--no-reports", "--quiet"])
        #expect(run.status == 1)
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.allSatisfy { $0.contains(": failed: ") || $0.contains(": warning: ") || $0.contains(": skipped: ") || $0.hasPrefix("mlgate: ") })
        #expect(lines.last?.hasSuffix("(exit 1)") == true)
    }
}
