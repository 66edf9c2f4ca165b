import Foundation
import Testing

@testable import MLGate

@Suite("Config JSON Schema")
struct ConfigSchemaTests {
    static let published = Fixtures.repositoryRoot.appendingPathComponent("docs/mlgate.schema.json")

    /// docs/mlgate.schema.json is generated from the loader's own key lists; this keeps
    /// it in sync (MLGATE_RECORD_GOLDEN=1 rewrites it).
    @Test func thePublishedSchemaIsCurrent() throws {
        let generated = String(decoding: ConfigSchema.json(), as: UTF8.self)
        if ProcessInfo.processInfo.environment["MLGATE_RECORD_GOLDEN"] == "1" {
            try generated.write(to: Self.published, atomically: true, encoding: .utf8)
            return
        }
        let published = try String(contentsOf: Self.published, encoding: .utf8)
        #expect(published == generated, "docs/mlgate.schema.json is stale; run the tests with MLGATE_RECORD_GOLDEN=1")
    }

    @Test func describesEveryCheckAndEveryKey() throws {
        let schema = ConfigSchema.schema()
        let definitions = try #require(schema["$defs"] as? [String: Any])
        for type in CheckCatalog.tableChecks {
            let definition = try #require(definitions["check.\(type.identifier)"] as? [String: Any])
            let properties = try #require(definition["properties"] as? [String: Any])
            let expected = Set((ConfiguredCheck.keys + type.parameters).map(\.key))
            #expect(Set(properties.keys) == expected)
            #expect(definition["additionalProperties"] as? Bool == false)
        }
        // Every key of every declared check is a property where the schema describes it.
        func properties(_ name: String) -> Set<String> {
            var found = Set<String>()
            func collect(_ value: Any) {
                if let object = value as? [String: Any] {
                    if let properties = object["properties"] as? [String: Any] { found.formUnion(properties.keys) }
                    for (key, nested) in object where key != "properties" { collect(nested) }
                } else if let list = value as? [Any] {
                    list.forEach(collect)
                }
            }
            collect(definitions[name] ?? [:])
            return found
        }
        let gateDefinitions: [GateKind: String] = [
            .data: "dataGate", .model: "modelGate", .fairness: "fairnessGate", .drift: "driftGate",
        ]
        for declaration in CheckCatalog.all {
            let definition: [String]
            switch declaration.identifier {
            case let identifier where CheckCatalog.tableCheck(identifier) != nil: definition = ["check.\(identifier)"]
            case let identifier where ContractCheck(rawValue: identifier) != nil: definition = ["schema"]
            case GateInputCheck.input.rawValue: definition = ["input"]
            case GateInputCheck.baseline.rawValue: definition = ["baseline"]
            case let identifier where MetricFamily(rawValue: identifier) != nil: definition = ["metricCheck"]
            case let identifier where FairnessCheck.Measure(rawValue: identifier) != nil: definition = ["fairnessCheck"]
            default: definition = declaration.gates.compactMap { gateDefinitions[$0] }
            }
            let described = definition.reduce(into: Set<String>()) { $0.formUnion(properties($1)) }
            for key in declaration.parameters {
                #expect(described.contains(key.key), "the schema's \(definition) lacks '\(key.key)' of \(declaration.identifier)")
            }
        }
        let top = try #require(schema["properties"] as? [String: Any])
        #expect(Set(top.keys) == Set(MLGateConfig.keys.map(\.key)))
        let metricCheck = try #require(definitions["metricCheck"] as? [String: Any])
        let metricProperties = try #require(metricCheck["properties"] as? [String: Any])
        #expect(Set(metricProperties.keys) == Set((MetricCheck.commonKeys + MetricCheck.parameters).map(\.key)))
        let modelGate = try #require(definitions["modelGate"] as? [String: Any])
        let modelProperties = try #require(modelGate["properties"] as? [String: Any])
        #expect(Set(modelProperties.keys) == Set((GateConfig.keys + ModelGateConfig.keys).map(\.key)))
    }
}

@Suite("mlgate init")
struct ProjectInitializerTests {
    @Test(arguments: [CISystem?.none, .github, .gitlab])
    func theStarterConfigLoads(ci: CISystem?) throws {
        let directory = try Fixtures.temporaryDirectory()
        let written = try ProjectInitializer(directory: directory, ci: ci).write()
        #expect(written == ["mlgate.yml"] + (ci.map { [$0.path] } ?? []))
        let config = try ConfigLoader.load(path: directory.appendingPathComponent("mlgate.yml").path)
        #expect(config.reports.junit == "mlgate-reports/junit.xml")
        #expect(config.gates.map(\.name) == ["training-data"])
    }

    @Test func requiresTheColumnsOfTheGivenTable() throws {
        let directory = try Fixtures.temporaryDirectory()
        try FileManager.default.copyItem(at: Fixtures.url("data/people.csv"), to: directory.appendingPathComponent("p.csv"))
        try ProjectInitializer(directory: directory, dataPath: "p.csv").write()
        let text = try String(contentsOf: directory.appendingPathComponent("mlgate.yml"), encoding: .utf8)
        #expect(text.contains("input: p.csv\n"))
        #expect(text.contains("columns: [id, name, age, income]"))
    }

    @Test func neverOverwritesWithoutForceAndWritesAllOrNothing() throws {
        let directory = try Fixtures.temporaryDirectory()
        try "mine".write(to: directory.appendingPathComponent(".gitlab-ci.yml"), atomically: true, encoding: .utf8)
        #expect(throws: InitError.self) {
            try ProjectInitializer(directory: directory, ci: .gitlab).write()
        }
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("mlgate.yml").path))
        try ProjectInitializer(directory: directory, ci: .gitlab, force: true).write()
        let ci = try String(contentsOf: directory.appendingPathComponent(".gitlab-ci.yml"), encoding: .utf8)
        #expect(ci.contains("junit: mlgate-reports/junit.xml"))
    }

    @Test(arguments: [("plain", "plain"), ("with space", "\"with space\""), ("yes", "\"yes\""), ("a\"b", "\"a\\\"b\""), ("1st", "\"1st\"")])
    func quotesYAMLScalarsThatNeedIt(text: String, expected: String) {
        #expect(ProjectInitializer.yamlScalar(text) == expected)
    }
}

@Suite("Atomic report writing")
struct AtomicFileWriterTests {
    @Test func replacesAFileCompletelyAndLeavesNoTemporaryFile() throws {
        let directory = try Fixtures.temporaryDirectory()
        let target = directory.appendingPathComponent("nested/report.xml")
        try AtomicFileWriter.write(Data("first, and longer".utf8), to: target)
        try AtomicFileWriter.write(Data("second".utf8), to: target)
        #expect(try String(contentsOf: target, encoding: .utf8) == "second")
        #expect(try FileManager.default.contentsOfDirectory(atPath: target.deletingLastPathComponent().path) == ["report.xml"])
    }

    @Test func aFailedWriteKeepsTheOldFileAndLeavesNoTemporaryFile() throws {
        let directory = try Fixtures.temporaryDirectory()
        let target = directory.appendingPathComponent("report.xml")
        try AtomicFileWriter.write(Data("old".utf8), to: target)
        // A folder cannot be renamed over by a file: the last step fails.
        let blocked = directory.appendingPathComponent("blocked")
        try FileManager.default.createDirectory(at: blocked.appendingPathComponent("inside"), withIntermediateDirectories: true)
        #expect(throws: ReportWriteError.self) {
            try AtomicFileWriter.write(Data("new".utf8), to: blocked)
        }
        #expect(try String(contentsOf: target, encoding: .utf8) == "old")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["blocked", "report.xml"])
    }

    @Test func reportWriterRendersEverythingBeforeWritingAnything() throws {
        let directory = try Fixtures.temporaryDirectory()
        // The JSON target's folder cannot be created (a file stands in its way), so the
        // write fails; the JUnit file is written first in format order, but what matters
        // is that no file is ever partial.
        let written = try ReportWriter.write(
            SampleReports.mixed,
            to: [.junit: directory.appendingPathComponent("junit.xml"), .markdown: directory.appendingPathComponent("s.md")])
        #expect(written.map(\.lastPathComponent) == ["junit.xml", "s.md"])
        let data = try Data(contentsOf: directory.appendingPathComponent("junit.xml"))
        #expect(data == (try JUnitRenderer().render(SampleReports.mixed)))
    }
}

@Suite("Config reference")
struct ConfigReferenceTests {
    static let reference = Fixtures.repositoryRoot.appendingPathComponent("docs/config.md")
    static let begin = "<!-- check-catalog: generated from CheckCatalog.all; MLGATE_RECORD_GOLDEN=1 rewrites it -->\n"
    static let end = "<!-- /check-catalog -->"

    /// docs/config.md's catalog table is generated from ``CheckCatalog/all`` (one row per
    /// declared check, with its keys); MLGATE_RECORD_GOLDEN=1 rewrites it.
    @Test func theCatalogTableIsCurrent() throws {
        let text = try String(contentsOf: Self.reference, encoding: .utf8)
        let start = try #require(text.range(of: Self.begin), "docs/config.md lacks the check-catalog marker")
        let stop = try #require(text.range(of: Self.end, range: start.upperBound..<text.endIndex))
        let generated = CheckCatalog.referenceTable()
        if ProcessInfo.processInfo.environment["MLGATE_RECORD_GOLDEN"] == "1" {
            try text.replacingCharacters(in: start.upperBound..<stop.lowerBound, with: generated)
                .write(to: Self.reference, atomically: true, encoding: .utf8)
            return
        }
        #expect(String(text[start.upperBound..<stop.lowerBound]) == generated, "docs/config.md's check catalog is stale; run the tests with MLGATE_RECORD_GOLDEN=1")
    }

    /// docs/config.md documents every check and every key mlgate accepts, and documents
    /// no check the catalog does not declare.
    @Test func documentsEveryCheckAndKey() throws {
        let reference = try String(contentsOf: Self.reference, encoding: .utf8)
        for declaration in CheckCatalog.all {
            #expect(reference.contains("`\(declaration.identifier)`"), "docs/config.md lacks check \(declaration.identifier)")
            for key in declaration.parameters {
                #expect(reference.contains("| `\(key.key)` |"), "docs/config.md lacks key \(key.key) of \(declaration.identifier)")
            }
        }
        for declaration in CheckCatalog.all where !declaration.parameters.isEmpty {
            #expect(reference.contains("#### `\(declaration.identifier)`"), "docs/config.md lacks a section on \(declaration.identifier)")
        }
        // Vice versa: every check section names a declared check.
        let declared = Set(CheckCatalog.all.map(\.identifier))
        for line in reference.split(separator: "\n") where line.hasPrefix("### `") {
            let identifier = line.dropFirst(5).prefix { $0 != "`" }
            guard !identifier.hasPrefix("kind:") else { continue }
            #expect(declared.contains(String(identifier)), "docs/config.md documents '\(identifier)', which no check declares")
        }
        let keys = MLGateConfig.keys + ReportPaths.keys + GateConfig.keys + DataGateConfig.keys + TableInput.keys + DatabaseTable.keys
            + ConfiguredCheck.keys + ModelGateConfig.keys + MetricCheck.parameters + MetricCheck.commonKeys
            + FairnessGateConfig.keys + FairnessCheck.parameters + DriftGateConfig.keys + DriftGateConfig.columnKeys
        for key in keys {
            #expect(reference.contains("| `\(key.key)` |"), "docs/config.md lacks key \(key.key)")
        }
    }
}

@Suite("JSON report schema")
struct ReportSchemaTests {
    /// Every key the JSON report writes is described in docs/report.schema.json (which
    /// forbids undescribed keys; .ci/run validates real reports against it).
    @Test func describesEveryKeyTheReportWrites() throws {
        let schemaData = try Data(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("docs/report.schema.json"))
        let schema = try #require(try JSONSerialization.jsonObject(with: schemaData) as? [String: Any])
        let definitions = try #require(schema["$defs"] as? [String: [String: Any]])
        func properties(_ definition: [String: Any]?) -> Set<String> {
            Set((definition?["properties"] as? [String: Any])?.keys ?? [String: Any]().keys)
        }
        var report = SampleReports.mixed
        let start = report.startedAt
        report.gates.append(GateResult(
            name: "fairness", kind: .fairness, startedAt: start, duration: 0, checks: [],
            detail: .groups(GroupTableReport(
                features: ["sex"], minGroupSize: 1, reference: ["M"], metrics: ["selection_rate"],
                rows: [.init(group: ["F"], count: 1, judged: true, values: ["selection_rate": 1], intervals: ["selection_rate": [0, 1]])]))))
        report.gates.append(GateResult(
            name: "model", kind: .model, startedAt: start, duration: 0, checks: [],
            detail: .curves([CurveReport(name: "roc", xLabel: "x", yLabel: "y", x: [0, 1], y: [0, 1], area: 0.5)])))
        let json = try #require(try JSONSerialization.jsonObject(with: JSONRenderer().render(report)) as? [String: Any])
        #expect(Set(json.keys).isSubset(of: properties(schema)))
        var driftTables = 0
        for gate in json["gates"] as! [[String: Any]] {
            #expect(Set(gate.keys).isSubset(of: properties(definitions["gate"])), "\(gate.keys)")
            for check in gate["checks"] as! [[String: Any]] {
                #expect(Set(check.keys).isSubset(of: properties(definitions["check"])), "\(check.keys)")
            }
            if let groups = gate["groups"] as? [String: Any] {
                #expect(Set(groups.keys).isSubset(of: properties(definitions["groups"])))
            }
            for curve in gate["curves"] as? [[String: Any]] ?? [] {
                #expect(Set(curve.keys).isSubset(of: properties(definitions["curve"])))
            }
            if let drift = gate["drift"] as? [String: Any] {
                driftTables += 1
                #expect(Set(drift.keys) == properties(definitions["drift"]))
                for column in drift["columns"] as! [[String: Any]] {
                    #expect(Set(column.keys).isSubset(of: properties(definitions["driftColumn"])), "\(column.keys)")
                    let histogram = (definitions["driftColumn"]?["properties"] as? [String: Any])?["histogram"] as? [String: Any]
                    #expect(Set((column["histogram"] as! [String: Any]).keys) == properties(histogram))
                }
            }
        }
        #expect(driftTables == 1, "SampleReports.mixed has a drift gate")
        #expect(((schema["properties"] as? [String: Any])?["formatVersion"] as? [String: Any])?["const"] as? Int == RunReport.formatVersion)
    }
}
