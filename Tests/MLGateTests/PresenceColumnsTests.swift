import Foundation
import Testing

@testable import MLGate

/// Columns read only for a blank row's test (``PresenceColumns``): which fields a typed
/// table's columns settle, that leaving them out changes no report, and that a column
/// passed over batch after batch reads the same values when a batch needs it.
@Suite("Columns read only for a blank row's test")
struct PresenceColumnsTests {
    static let data = Fixtures.url("parquet/presence/data.parquet")

    static func schema() throws -> TableSchema {
        let config = try ConfigLoader.load(path: Fixtures.url("parquet/presence/mlgate.yml").path)
        guard case .data(let gate) = config.gates[0].body, let source = gate.contract?.source, case .schema(let schema, _) = source else {
            throw FixtureProblem()
        }
        return schema
    }

    struct FixtureProblem: Error {}

    static let required: FieldConstraints = {
        var constraints = FieldConstraints()
        constraints.required = true
        return constraints
    }()

    @Test("a typed table's columns settle the fields without constraints, format or options of their own, outside keys")
    func settledFields() throws {
        let reader = try ParquetReader(url: Self.data, displayPath: "data.parquet")
        let header = reader.columns
        let validator = try ContractValidator(schema: try Self.schema(), labels: header, sampleLimit: 1, valueKinds: reader.valueKinds)
        let presence = try #require(validator.presenceColumns)
        #expect(presence.columns.sorted().map { header[$0] } == ["count", "big", "small", "ratio", "single", "amount", "flag", "note", "extra"])
        #expect(presence.deciding.sorted().map { header[$0] } == ["id", "label"])
        // Types only: every column settled, none deciding first.
        let types = try SchemaLoader.load(url: Fixtures.url("parquet/presence/schema_types.json"), displayPath: "schema_types.json")
        let typesOnly = try ContractValidator(schema: types, labels: header, sampleLimit: 1, valueKinds: reader.valueKinds)
        #expect(typesOnly.presenceColumns == PresenceColumns(columns: Set(header.indices), deciding: []))
        // A label the header repeats may name columns of different kinds: neither is settled.
        var repeated = header
        repeated[header.firstIndex(of: "note")!] = "count"
        let twice = try ContractValidator(schema: try Self.schema(), labels: repeated, sampleLimit: 1, valueKinds: reader.valueKinds)
        #expect(try #require(twice.presenceColumns).columns.sorted().map { header[$0] } == ["big", "small", "ratio", "single", "amount", "flag", "extra"])
        // A text table's cells can be absent (a short CSV row): nothing is settled there.
        let text = try ContractValidator(schema: try Self.schema(), labels: header, sampleLimit: 1)
        #expect(text.presenceColumns == nil)
        // A missing value other than the empty cell could be a value's text: none either.
        var other = try Self.schema()
        other.missingValues = ["", "0"]
        #expect(try ContractValidator(schema: other, labels: header, sampleLimit: 1, valueKinds: reader.valueKinds).presenceColumns == nil)
    }

    @Test(
        "a field is settled by its column's type only when every value of that kind is of its type",
        arguments: [
            (SchemaField(name: "a", type: .integer), TypedValueKind.integer, true),
            (SchemaField(name: "a", type: .integer), .floating, false),
            (SchemaField(name: "a", type: .number), .decimal, true),
            (SchemaField(name: "a", type: .number), .text, false),
            (SchemaField(name: "a", type: .boolean), .boolean, true),
            (SchemaField(name: "a", type: .string), .text, true),
            (SchemaField(name: "a", type: .string), .binary, false),
            (SchemaField(name: "a", type: .string, format: "email"), .text, false),
            (SchemaField(name: "a", type: .date), .date, false),
            (SchemaField(name: "a", type: .any), .timestamp, true),
            (SchemaField(name: "a", type: .integer, constraints: Self.required), .integer, false),
            (SchemaField(name: "a", type: .string, categories: ["x"]), .text, false),
        ])
    func settledKinds(_ field: SchemaField, _ kind: TypedValueKind, _ settled: Bool) throws {
        let compiled = try CompiledField(field: field, column: 0, schemaMissingValues: [""], inKey: false, valueKind: kind)
        #expect(ContractValidator.isSettled(compiled) == settled)
    }

    @Test("a check reading a settled column, or a second consumer reading it, takes it back")
    func otherReaders() throws {
        let settled = PresenceColumns(columns: [1, 2, 3], deciding: [0])
        #expect(settled.excluding([2, 5]) == PresenceColumns(columns: [1, 3], deciding: [0]))
        #expect(settled.excluding([1, 2, 3]) == nil)
        #expect(settled.excluding(nil) == nil)
    }

    @Test("the gates report the same with settled columns left out as with every column read")
    func sameReports() async throws {
        let config = try ConfigLoader.load(path: Fixtures.url("parquet/presence/mlgate.yml").path)
        let leaving = await ParquetReader.$leavesOutPresenceColumns.withValue(true) { await GateRunner(config: config).run() }
        let reading = await ParquetReader.$leavesOutPresenceColumns.withValue(false) { await GateRunner(config: config).run() }
        #expect(leaving.gates.count == 3 && reading.gates.count == 3)
        for (left, read) in zip(leaving.gates, reading.gates) {
            #expect(try HeldNumberGateTests.comparable(left) == HeldNumberGateTests.comparable(read), "gate \(left.name)")
            // Each stretch of null ids and labels has rows blank (every cell null, or a
            // NaN's and an empty string's) and rows that one settled column keeps from it.
            let blank = try #require(left.checks.first { $0.name == "schema: rows" }, "gate \(left.name): \(left.checks.map(\.name))")
            #expect(blank.outcome == .failed)
            #expect(blank.message.contains("16 blank-row"), "\(blank.message)")
        }
    }

    @Test(
        "a column passed over batch after batch reads, where a batch needs it, what a full read gives",
        arguments: [(5000, false), (1000, false), (8192, false), (1000, true), (8192, true)])
    func passedColumnsReadTheSame(batchSize: Int, everyFieldSettled: Bool) throws {
        for file in ["data.parquet", "data_v2.parquet"] {
            let url = Fixtures.url("parquet/presence/\(file)")
            var full = try ParquetReader(url: url, displayPath: file, batchSize: batchSize)
            var lazy = try ParquetReader(url: url, displayPath: file, batchSize: batchSize)
            let header = lazy.columns
            func column(_ name: String) -> Int { header.firstIndex(of: name)! }
            // Every field settled: no column decides first, the settled ones decide in
            // turn (id, then count, ...: one that fills every row is enough).
            let deciding: Set<Int> = everyFieldSettled ? [] : [column("id"), column("label")]
            let settled = everyFieldSettled
                ? Set(header.indices)
                : Set(["count", "big", "ratio", "single", "amount", "flag", "note"].map(column))
            lazy.presenceColumns = PresenceColumns(columns: settled, deciding: deciding)
            lazy.numberColumns = [column("ratio"), column("count")]
            full.numberColumns = lazy.numberColumns
            var (leftOut, read) = (0, 0)
            while let whole = try full.nextBatch() {
                let batch = try #require(try lazy.nextBatch())
                #expect(batch.rowCount == whole.rowCount && batch.firstRowNumber == whole.firstRowNumber)
                let readColumns = header.indices.filter { index in (0..<batch.rowCount).contains { batch.string(index, $0) != nil } }
                for index in header.indices {
                    let present = (0..<batch.rowCount).map { batch.string(index, $0) }
                    let expected = (0..<whole.rowCount).map { whole.string(index, $0) }
                    if settled.contains(index), !readColumns.contains(index) {
                        leftOut += 1
                        // Left out only where each row has a non-empty cell in a column read.
                        #expect((0..<whole.rowCount).allSatisfy { row in readColumns.contains { whole.string($0, row) ?? "" != "" } })
                    } else {
                        if settled.contains(index) { read += 1 }
                        let differs = present.count == expected.count ? present.indices.first { present[$0] != expected[$0] } : 0
                        #expect(differs == nil, "\(file) \(header[index]) row \(whole.firstRowNumber + (differs ?? 0)): \(differs.map { "\(present[$0] ?? "nil") for \(expected[$0] ?? "nil")" } ?? "")")
                    }
                }
                // A batch whose rows all have an id reads no other column when every field is settled.
                if everyFieldSettled, (0..<whole.rowCount).allSatisfy({ whole.string(column("id"), $0) ?? "" != "" }) {
                    #expect(readColumns == [column("id")])
                }
            }
            #expect(try lazy.nextBatch() == nil)
            #expect(leftOut > 0 && read > 0, "\(file), batches of \(batchSize): \(leftOut) left out, \(read) read")
        }
    }
}
