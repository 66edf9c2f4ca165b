import Foundation
import Testing

@testable import MLGate

@Suite("Config loading")
struct ConfigLoaderTests {
    let directory = URL(fileURLWithPath: "/project")

    func load(_ text: String) throws(DiagnosticError) -> MLGateConfig {
        try ConfigLoader.parse(text, file: "mlgate.yml", directory: directory)
    }

    /// The diagnostics of a config that must not load, one rendered line each.
    func problems(_ text: String) -> [String] {
        do {
            _ = try load(text)
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    @Test func loadsAValidConfig() throws {
        let config = try load(
            """
            version: 1
            reports:
              junit: out/junit.xml
            gates:
              - name: train
                kind: data
                input: data/train.csv
                checks:
                  - check: row_count
                    name: rows
                    min: 10
                    severity: warn
                  - check: required_columns
                    columns: [id, label]
            """)
        #expect(config.version == 1)
        #expect(config.reports.junit == "out/junit.xml")
        #expect(config.resolve("out/junit.xml").path == "/project/out/junit.xml")
        #expect(config.gates.count == 1)
        let gate = config.gates[0]
        #expect(gate.name == "train")
        #expect(gate.kind == .data)
        guard case .data(let data) = gate.body else {
            Issue.record("expected a data gate")
            return
        }
        #expect(data.input.url.path == "/project/data/train.csv")
        #expect(data.input.format == .csv)
        #expect(data.checks.map(\.name) == ["rows", "required_columns"])
        #expect(data.checks.map(\.severity) == [.warn, .error])
        #expect(data.checks[0].location == SourceLocation(file: "mlgate.yml", line: 9, column: 9))
        let rowCount = try #require(data.checks[0].check as? RowCountCheck)
        #expect(rowCount.minimum == 10)
        #expect(rowCount.maximum == nil)
    }

    @Test func acceptsJSON() throws {
        let config = try load(
            #"{"version": 1, "gates": [{"name": "t", "kind": "data", "input": {"path": "t.tsv"}, "checks": [{"check": "row_count", "max": 5}]}]}"#
        )
        guard case .data(let data) = config.gates[0].body else {
            Issue.record("expected a data gate")
            return
        }
        #expect(data.input.format == .tsv)
        #expect(data.input.dialect == .tsv)
    }

    @Test func decodesADriftGate() throws {
        let config = try load(
            """
            version: 1
            gates:
              - name: shift
                kind: drift
                reference: train.csv
                current: {path: today.tsv}
                columns: [age, {name: income, method: psi, threshold: 0.2}]
                categorical: [age]
                ks_method: exact
                drift_share: 0.3
                severity: warn
            """)
        guard case .drift(let drift) = config.gates[0].body else {
            Issue.record("expected a drift gate")
            return
        }
        #expect(drift.reference.path == "train.csv" && drift.current.format == .tsv)
        #expect(drift.columns?.map(\.name) == ["age", "income"])
        #expect(drift.columns?[1].method == .psi && drift.columns?[1].threshold == 0.2)
        #expect(drift.categorical == ["age"] && drift.ksMethod == .exact && drift.driftShare == 0.3)
        #expect(drift.severity == .warn && drift.columnSeverity == .warn && drift.method == .auto)
    }

    @Test func aDriftGateTakesAReferenceOrItsProfile() throws {
        let config = try load("version: 1\ngates:\n  - {name: d, kind: drift, reference_profile: ref.profile.json, current: c.csv}\n")
        guard case .drift(let drift) = config.gates[0].body, case .profile(let path, let url, _) = drift.reference else {
            Issue.record("expected a drift gate with a profile")
            return
        }
        #expect(path == "ref.profile.json" && url.lastPathComponent == "ref.profile.json")
        #expect(problems("version: 1\ngates:\n  - {name: d, kind: drift, reference: r.csv, reference_profile: r.json, current: c.csv}\n")
            == ["mlgate.yml:3:65: error: give 'reference' or 'reference_profile' in gate 'd', not both"])
        #expect(problems("version: 1\ngates:\n  - {name: d, kind: drift, current: c.csv}\n")
            == ["mlgate.yml:3:5: error: missing required key 'reference' (or 'reference_profile') in gate 'd'"])
    }

    @Test func driftGateProblemsAreLocated() {
        #expect(problems(
            """
            version: 1
            gates:
              - name: shift
                kind: drift
                reference: train.csv
                method: kolmogorov
                columns: [{name: age, metod: ks}]
                drift_share: 2
                categorical: [age]
                numeric: [age]
            """) == [
                "mlgate.yml:3:5: error: missing required key 'current' in gate 'shift'",
                "mlgate.yml:6:13: error: expected one of 'auto', 'ks', 'wasserstein', 'psi', 'jensenshannon', 'chisquare', 'ztest', 'linf' for 'method' in gate 'shift', found 'kolmogorov'",
                "mlgate.yml:8:18: error: expected a share in (0, 1] for 'drift_share' in gate 'shift', found 2.0",
                "mlgate.yml:7:27: error: unknown key 'metod' in column #1 in gate 'shift' (a name or {name, method, threshold}); did you mean 'method'?",
                "mlgate.yml:10:14: error: column 'age' is both 'categorical' and 'numeric' in gate 'shift'",
            ])
    }

    struct Malformed: CustomTestStringConvertible, Sendable {
        var name: String
        var yaml: String
        var expected: [String]
        var testDescription: String { name }
    }

    static let malformed: [Malformed] = [
        Malformed(
            name: "unknown key with a suggestion",
            yaml: """
                version: 1
                gates:
                  - name: train
                    kind: data
                    input: train.csv
                    checks:
                      - check: row_count
                        name: rows
                        mni: 3
                """,
            expected: [
                "mlgate.yml:9:9: error: unknown key 'mni' in check 'rows'; did you mean 'min'?",
                "mlgate.yml:7:9: error: 'row_count' needs 'min', 'max' or both in check 'rows'",
            ]),
        Malformed(
            name: "unknown top-level key",
            yaml: "version: 1\nreport: {}\ngates:\n  - {name: a, kind: data, input: a.csv}\n",
            expected: ["mlgate.yml:2:1: error: unknown key 'report' at the top level of the config; did you mean 'reports'?"]),
        Malformed(
            name: "wrong type",
            yaml: "version: 1\ngates:\n  - name: a\n    kind: data\n    input: a.csv\n    checks:\n      - {check: row_count, min: many}\n",
            expected: ["mlgate.yml:7:33: error: expected an integer ≥ 0 for 'min' in check 'row_count', found 'many'"]),
        Malformed(
            name: "negative bound",
            yaml: "version: 1\ngates:\n  - name: a\n    kind: data\n    input: a.csv\n    checks:\n      - {check: row_count, max: -1}\n",
            expected: ["mlgate.yml:7:33: error: expected an integer ≥ 0 for 'max' in check 'row_count', found '-1'"]),
        Malformed(
            name: "contradictory bounds",
            yaml: "version: 1\ngates:\n  - name: a\n    kind: data\n    input: a.csv\n    checks:\n      - {check: row_count, min: 5, max: 2}\n",
            expected: ["mlgate.yml:7:33: error: 'min' (5) is greater than 'max' (2) in check 'row_count'"]),
        Malformed(
            name: "missing required keys",
            yaml: "version: 1\ngates:\n  - name: a\n    kind: data\n",
            expected: ["mlgate.yml:3:5: error: missing required key 'input' in gate 'a'"]),
        Malformed(
            name: "missing version and gates",
            yaml: "reports: {}\n",
            expected: [
                "mlgate.yml:1:1: error: missing required key 'version' at the top level of the config",
                "mlgate.yml:1:1: error: missing required key 'gates' at the top level of the config",
            ]),
        Malformed(
            name: "unsupported version",
            yaml: "version: 2\ngates:\n  - {name: a, kind: data, input: a.csv}\n",
            expected: ["mlgate.yml:1:10: error: unsupported config version 2: this mlgate reads version 1"]),
        Malformed(
            name: "unknown kind",
            yaml: "version: 1\ngates:\n  - {name: a, kind: dta, input: a.csv}\n",
            expected: [
                "mlgate.yml:3:21: error: expected one of 'data', 'model', 'fairness', 'drift' for 'kind' in gate 'a', found 'dta'; did you mean 'data'?"
            ]),
        Malformed(
            name: "unknown check",
            yaml: "version: 1\ngates:\n  - name: a\n    kind: data\n    input: a.csv\n    checks:\n      - check: rowcount\n",
            expected: [
                "mlgate.yml:7:16: error: unknown check 'rowcount' in gate 'a'; did you mean 'row_count'? (data checks: \(CheckCatalog.tableChecks.map { $0.identifier }.joined(separator: ", ")))"
            ]),
        Malformed(
            name: "empty column list",
            yaml: "version: 1\ngates:\n  - name: a\n    kind: data\n    input: a.csv\n    checks:\n      - check: required_columns\n        columns: []\n",
            expected: [
                "mlgate.yml:8:18: error: expected a list of strings for 'columns' in check 'required_columns', found an empty list"
            ]),
        Malformed(
            name: "duplicate names",
            yaml: """
                version: 1
                gates:
                  - name: a
                    kind: data
                    input: a.csv
                    checks:
                      - {check: row_count, min: 1}
                      - {check: row_count, max: 9}
                  - {name: a, kind: drift, reference: r.csv, current: c.csv}
                """,
            expected: [
                "mlgate.yml:8:9: error: duplicate check name 'row_count' in gate 'a' (first declared at mlgate.yml:7:9); give one a 'name'",
                "mlgate.yml:9:5: error: duplicate gate name 'a' (first declared at mlgate.yml:3:5)",
            ]),
        Malformed(
            name: "gates is not a list",
            yaml: "version: 1\ngates: data\n",
            expected: ["mlgate.yml:2:8: error: expected a list for 'gates', found 'data'"]),
        Malformed(
            name: "unknown input format",
            yaml: "version: 1\ngates:\n  - {name: a, kind: data, input: a.xlsx}\n",
            expected: [
                "mlgate.yml:3:34: error: cannot tell the format of 'a.xlsx' in gate 'a' from its extension: expected .csv, .tsv, .jsonl or .parquet, or set 'format'"
            ]),
        Malformed(
            name: "bad delimiter",
            yaml: "version: 1\ngates:\n  - name: a\n    kind: data\n    input: {path: a.csv, delimiter: ';;'}\n",
            expected: [
                "mlgate.yml:5:37: error: 'delimiter': expected exactly one ASCII character (such as \",\", \";\", \"|\" or \"\\t\"), found \";;\" in 'input' in gate 'a'"
            ]),
        Malformed(
            name: "YAML syntax error",
            yaml: "version: 1\ngates:\n  - name: a\n    kind: [data\n",
            expected: [
                "mlgate.yml:5:1: error: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence at line 4, column 11)"
            ]),
        Malformed(
            name: "duplicate key",
            yaml: "version: 1\nversion: 1\ngates: []\n",
            expected: ["mlgate.yml:1:1: error: duplicate key 'version' in a mapping: each key may appear once"]),
        Malformed(
            name: "tab indentation",
            yaml: "version: 1\ngates:\n\t- name: a\n",
            expected: [
                "mlgate.yml:3:1: error: invalid YAML: found character that cannot start any token (while scanning for the next token at line 3, column 1)"
            ]),
        Malformed(
            name: "empty document",
            yaml: "# nothing here\n",
            expected: ["mlgate.yml: error: the config is empty: expected a mapping with 'version' and 'gates'"]),
        Malformed(
            name: "top level is a list",
            yaml: "- version: 1\n",
            expected: ["mlgate.yml:1:1: error: expected a mapping at the top level of the config, found a list"]),
        Malformed(
            name: "empty gates",
            yaml: "version: 1\ngates: []\n",
            expected: ["mlgate.yml:2:8: error: 'gates' is empty: declare at least one gate"]),
    ]

    @Test(arguments: malformed)
    func reportsEveryProblemWithLineAndColumn(_ example: Malformed) {
        #expect(problems(example.yaml) == example.expected)
    }

    @Test func loadsFromAFileAndResolvesPathsAgainstIt() throws {
        let config = try ConfigLoader.load(path: Fixtures.url("configs/passing.yml").path)
        guard case .data(let data) = config.gates[0].body else {
            Issue.record("expected a data gate")
            return
        }
        #expect(data.input.url.path == Fixtures.url("data/people.csv").standardizedFileURL.path)
    }

    @Test func aMissingConfigFileIsAnError() {
        #expect {
            try ConfigLoader.load(path: "/nonexistent/mlgate.yml")
        } throws: { error in
            "\(error)".hasPrefix("/nonexistent/mlgate.yml: error: config file not found")
        }
    }

    @Test func invalidUTF8IsAnError() throws {
        let directory = try Fixtures.temporaryDirectory()
        let file = directory.appendingPathComponent("mlgate.yml")
        try Data([0x76, 0x3A, 0xFF, 0x0A]).write(to: file)
        #expect {
            try ConfigLoader.load(path: file.path)
        } throws: { error in
            "\(error)".contains("error: the config file is not valid UTF-8 text")
        }
    }
}

@Suite("Suggestions")
struct SuggestionTests {
    @Test(arguments: [
        ("treshold", ["threshold", "min"], "threshold"),
        ("mni", ["min", "max"], "min"),
        ("rowcount", ["row_count", "required_columns"], "row_count"),
        ("Income", ["income", "age"], "income"),
    ])
    func suggestsTheClosestCandidate(word: String, candidates: [String], expected: String) {
        #expect(Suggestion.closest(to: word, in: candidates) == expected)
    }

    @Test func suggestsNothingWhenNothingIsClose() {
        #expect(Suggestion.closest(to: "xyz", in: ["threshold", "columns"]) == nil)
        #expect(Suggestion.didYouMean("completely", in: ["min"]) == "")
    }
}
