import Foundation
import Testing

@testable import MLGate

/// Parquet as an input of every gate: the bundled example run on Parquet copies of its
/// tables (written by pandas from the CSV files) reports as it does on the CSV files,
/// apart from the inputs' names.
@Suite("Parquet gates")
struct ParquetGateTests {
    /// A run's JSON report, its timings and the folder's path blanked out.
    static func report(_ configURL: URL, folder: URL) async throws -> String {
        let report = await GateRunner(config: try ConfigLoader.load(path: configURL.path)).run()
        return String(decoding: try JSONRenderer().render(report), as: UTF8.self)
            .replacingOccurrences(of: folder.path, with: "$DIR")
            .replacing(/"(duration|startedAt|finishedAt|time)" : [^,\n]+/, with: { "\"\($0.1)\" : 0" })
    }

    @Test("the example's gates report the same on Parquet as on CSV")
    func example() async throws {
        let example = Fixtures.repositoryRoot.appendingPathComponent("Examples/loans")
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let manager = FileManager.default
        for name in try manager.contentsOfDirectory(atPath: example.path) where !name.hasSuffix(".csv") && name != "reports" {
            try manager.copyItem(at: example.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        for name in try manager.contentsOfDirectory(atPath: Fixtures.url("parquet/loans").path) {
            try manager.copyItem(at: Fixtures.url("parquet/loans/\(name)"), to: folder.appendingPathComponent(name))
        }
        let yaml = try String(contentsOf: example.appendingPathComponent("mlgate.yml"), encoding: .utf8)
            .replacingOccurrences(of: ".csv", with: ".parquet")
            .replacingOccurrences(of: "format: csv", with: "format: parquet")
        try yaml.write(to: folder.appendingPathComponent("mlgate.yml"), atomically: true, encoding: .utf8)

        let csv = try await Self.report(example.appendingPathComponent("mlgate.yml"), folder: example)
        let parquet = try await Self.report(folder.appendingPathComponent("mlgate.yml"), folder: folder)
            .replacingOccurrences(of: ".parquet", with: ".csv").replacingOccurrences(of: "(PARQUET)", with: "(CSV)")
        #expect(!csv.isEmpty)
        let csvLines = csv.split(separator: "\n", omittingEmptySubsequences: false)
        let parquetLines = parquet.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(csvLines.count == parquetLines.count)
        for (index, (left, right)) in zip(csvLines, parquetLines).enumerated() where left != right {
            Issue.record("line \(index + 1) differs:\n  csv:     \(left)\n  parquet: \(right)")
        }
    }

    @Test("inference takes the types from the Parquet schema")
    func infer() throws {
        let input = try TableInput(path: Fixtures.url("parquet/types.parquet").path)
        #expect(input.format == .parquet)
        let schema = try SchemaInference.infer(input, rows: nil)
        let types = Dictionary(uniqueKeysWithValues: schema.fields.map { ($0.name, $0.type) })
        #expect(types["string"] == .string)
        #expect(types["int8"] == .integer)
        #expect(types["float32"] == .number)
        #expect(types["dec_big"] == .number)
        #expect(types["date"] == .date)
        #expect(types["ts_utc"] == .datetime)
        #expect(types["time_us"] == .time)
        #expect(types["bool"] == .boolean)
        #expect(types["point.label"] == .string)
        let required = schema.fields.first { $0.name == "required_int" }
        #expect(required?.constraints.required == true)
        #expect(required?.constraints.minimum == "0")
    }

    /// A data gate without a contract reads only the columns its checks name: a list and
    /// a map column beside them (which cannot be read as cells) do not stop it, and a gate
    /// with a check on the list column fails its input, naming the column.
    @Test("a data gate reads only the columns its checks name")
    func dataGateReadsItsColumns() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: Fixtures.url("parquet/nested.parquet"), to: folder.appendingPathComponent("nested.parquet"))
        func run(_ checks: String) async throws -> GateResult {
            let yaml = "version: 1\ngates:\n  - name: data\n    kind: data\n    input: nested.parquet\n    checks:\n\(checks)"
            return await GateRunner(config: try ConfigLoader.parse(yaml, file: "mlgate.yml", directory: folder)).run().gates[0]
        }
        let scalar = try await run("      - check: row_count\n        min: 5\n      - check: missing_fraction\n        column: score\n        max: 0.25\n")
        #expect(scalar.checks.map(\.outcome) == [.passed, .passed, .passed], "\(scalar.checks.map(\.message))")
        #expect(scalar.checks.last?.measurements.first?.value == 0.2)
        let list = try await run("      - check: distinct_count\n        column: tags\n        min: 1\n")
        #expect(list.checks.first?.outcome == .error)
        #expect(list.checks.first?.message.contains("tags") == true, "\(list.checks.first?.message ?? "")")
    }
}
