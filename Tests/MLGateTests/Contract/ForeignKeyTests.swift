import Foundation
import Testing

@testable import MLGate

/// Foreign keys within the table, beyond the frictionless golden cases
/// (`foreign-key-*`): a file read on two cores, with references in each half to rows of
/// the other, gives exactly what one sequential pass gives.
@Suite("Contract: foreign keys")
struct ForeignKeyTests {
    static let schema = try! SchemaLoader.parse(
        """
        {"fields": [
          {"name": "id", "type": "integer", "constraints": {"unique": true}},
          {"name": "parent", "type": "integer"},
          {"name": "note"}
        ], "foreignKeys": [{"fields": "parent", "reference": {"resource": "", "fields": "id"}}]}
        """, file: "s.json")

    /// 80,000 rows with ids 1…80,000 except 12,345 (never written): each row's parent is
    /// the row 40,000 ahead or behind (across the halves), 8 rows reference 12,345 or an
    /// id beyond the table, every 1,000th parent is missing.
    static func file() throws -> (URL, missing: [Int]) {
        var text = "id,parent,note\n"
        var missing: [Int] = []
        for row in 1...80_000 {
            let id = row == 12_345 ? "" : String(row)
            var parent = row <= 40_000 ? String(row + 40_000) : String(row - 40_000)
            if row % 1_000 == 0 { parent = "" }
            if row == 52_345 || row % 9_999 == 0 {
                parent = row == 52_345 ? "12345" : String(100_000 + row)
                missing.append(row + 1)
            }
            text += "\(id),\(parent),a note that makes the file larger than the parallel threshold \(row)\n"
        }
        let url = try Fixtures.temporaryDirectory().appendingPathComponent("tree.csv")
        try Data(text.utf8).write(to: url)
        #expect(text.utf8.count > ParallelCSVScan.minimumSize)
        return (url, missing)
    }

    @Test func twoCoresGiveWhatOnePassGives() async throws {
        let (url, missing) = try Self.file()
        var reader = try CSVReader(url: url, displayPath: "tree.csv")
        var sequential = try ContractValidator(schema: Self.schema, labels: reader.columns, sampleLimit: 1_000)
        while let batch = try reader.nextBatch() { sequential.observe(batch) }
        let expected = sequential.finish()
        #expect(expected.samples.filter { $0.code == .foreignKey }.map(\.rowNumber) == missing.map(Optional.some))

        let input = TableInput(path: "tree.csv", url: url, format: .csv, dialect: .csv, location: SourceLocation(file: "tree.csv"))
        let contract = ContractConfig(source: .schema(Self.schema, name: "s.json"), samples: 1_000, location: SourceLocation(file: "s.json"))
        let result = await GateRunner.run(
            GateConfig(name: "data", kind: .data, location: SourceLocation(file: "mlgate.yml"), body: .data(DataGateConfig(input: input, checks: [], contract: contract))))
        let report = try #require(result.contract)
        #expect(report.samples.map(\.rowNumber) == expected.samples.map(\.rowNumber))
        #expect(report.samples.map(\.line) == expected.samples.map(\.line))
        #expect(report.samples.map(\.cell) == expected.samples.map(\.cell))
        let check = try #require(result.checks.first { $0.name == "foreignKeys: parent → id" })
        #expect(check.outcome == .failed && check.message.contains("\(missing.count) foreign-key"), "\(check.message)")
        let first = try #require(report.samples.first { $0.code == .foreignKey })
        #expect(first.line == first.rowNumber, "a row's line (no quoted line breaks: row n is line n)")
        #expect(first.message.contains("'109999' of (parent) is not a value of (id) in any row"), "\(first.message)")
    }

    @Test func normalizedValuesCompareAsPythonDoes() {
        #expect(ForeignKeyIndex.normalized(.number(2.0)) == .integer(2))
        #expect(ForeignKeyIndex.normalized(.number(2.5)) == .number(2.5))
        #expect(ForeignKeyIndex.normalized(.string("2")) == .string("2"))
        #expect(ForeignKeyIndex.display(KeyBytes.encode([.string("de"), nil]).withUnsafeBytes(KeyBytes.decodeText)) == "de, None")
    }
}
