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

    /// Unresolved rows past the samples a report can show are only counted: with room for
    /// 5 samples, 2,000 unresolved rows (and type errors among them) give the counts and
    /// the first samples that recording every row gives.
    @Test(arguments: [0, 5, 40])
    func unresolvedRowsPastTheSamplesAreCounted(sampleLimit: Int) throws {
        var text = "id,parent,n\n"
        for row in 1...4_000 {
            let parent = row % 2 == 0 ? String(10_000 + row) : String(row)
            text += "\(row),\(parent),\(row % 7 == 0 ? "x" : "1")\n"
        }
        let schema = try SchemaLoader.parse(
            """
            {"fields": [{"name": "id", "type": "integer"}, {"name": "parent", "type": "integer"}, {"name": "n", "type": "integer"}],
             "foreignKeys": [{"fields": "parent", "reference": {"resource": "", "fields": "id"}}]}
            """, file: "s.json")
        let url = try Fixtures.temporaryDirectory().appendingPathComponent("many.csv")
        try Data(text.utf8).write(to: url)
        func tally(_ limit: Int) throws -> ContractTally {
            var reader = try CSVReader(url: url, displayPath: "many.csv")
            var validator = try ContractValidator(schema: schema, labels: reader.columns, sampleLimit: limit)
            while let batch = try reader.nextBatch() { validator.observe(batch) }
            return validator.finish()
        }
        let all = try tally(100_000), few = try tally(sampleLimit)
        #expect(few.counts == all.counts)
        #expect(few.counts[ContractTally.Key(code: .foreignKey, field: "parent → id")] == 2_000)
        #expect(few.samples == Array(all.samples.prefix(sampleLimit)))
        for key in all.counts.keys { #expect(few.samples(for: key) == all.samples(for: key)) }
    }

    /// A foreign key of two fields, a date and a string, through the validator: the
    /// parts are compared together (a date held by one row and a code by another do not
    /// make a reference), a row with both parts missing refers to nothing, and the
    /// message writes the date as the schema's format does (not `date(days:)`), at the
    /// row's line.
    @Test func aKeyOfADateAndAStringIsWrittenAsItsValues() throws {
        let schema = try SchemaLoader.parse(
            """
            {"fields": [
              {"name": "day", "type": "date"}, {"name": "code", "type": "string"},
              {"name": "parent_day", "type": "date"}, {"name": "parent_code", "type": "string"}
            ], "foreignKeys": [{"fields": ["parent_day", "parent_code"],
              "reference": {"resource": "", "fields": ["day", "code"]}}]}
            """, file: "s.json")
        let text = """
            day,code,parent_day,parent_code
            2024-01-01,"two
            lines",,
            2024-02-29,a,2024-03-01,b
            2024-03-01,b,2024-02-29,b
            2024-03-02,c,,
            ,d,2024-02-29,a
            2024-03-03,e,2024-03-03,

            """
        let url = try Fixtures.temporaryDirectory().appendingPathComponent("days.csv")
        try Data(text.utf8).write(to: url)
        var reader = try CSVReader(url: url, displayPath: "days.csv")
        var validator = try ContractValidator(schema: schema, labels: reader.columns, sampleLimit: 100)
        while let batch = try reader.nextBatch() { validator.observe(batch) }
        let samples = validator.finish().samples.filter { $0.code == .foreignKey }
        #expect(samples.map(\.rowNumber) == [4, 7])
        #expect(samples.map(\.line) == [5, 8], "a row's line, after a quoted line break")
        #expect(samples.map(\.cell) == ["2024-02-29, b", "2024-03-03, None"])
        #expect(samples.first?.message.contains("'2024-02-29, b' of (parent_day, parent_code)") == true, "\(samples.first?.message ?? "")")
    }

    /// Values of every kind as references and as targets, in one index and in two
    /// joined (a file's parts): a row is unresolved exactly when no row's referenced
    /// value equals its own, as normalized values compare (an integer and the string of
    /// its digits differ; `2.0` is `2`). Integers are held apart from other values, and
    /// go sparse beyond a dense range: the answers must not change.
    @Test(arguments: [0, 1, 2])
    func valuesOfEveryKindResolveAsValuesCompare(seed: UInt64) {
        var generator = SplitMix64(seed: 0xF00D &+ seed)
        func value() -> CellValue? {
            let n = Int.random(in: 0..<400, using: &generator)
            switch Int.random(in: 0..<6, using: &generator) {
            case 0: return nil
            case 1: return .string(String(n))
            case 2: return .number(Double(n))
            case 3: return .number(Double(n) + 0.5)
            case 4: return .integer(seed == 2 ? n << 40 : n)  // sparse ids in the third run
            default: return .integer(n)
            }
        }
        let rows = (0..<3_000).map { _ in (reference: value(), target: value()) }
        let key = ForeignKey(fields: ["parent"], referenceFields: ["id"])
        func index(_ range: Range<Int>) -> ForeignKeyIndex {
            var index = ForeignKeyIndex(key: key, columns: [1], referenceColumns: [0])
            // In batches of up to 700 rows, numbered from 1 within the range.
            for batch in stride(from: range.lowerBound, to: range.upperBound, by: 700) {
                let part = rows[batch..<min(batch + 700, range.upperBound)]
                let columns = [KeyColumn(part.map(\.reference)), KeyColumn(part.map(\.target))]
                index.observe(columns, firstRow: batch - range.lowerBound + 1, skipping: Array(repeating: false, count: part.count))
            }
            return index
        }
        let referenced = Set(rows.compactMap { ForeignKeyIndex.normalized($0.reference) })
        let expected = rows.indices.filter { row in
            guard let target = ForeignKeyIndex.normalized(rows[row].target) else { return false }
            return !referenced.contains(target)
        }.map { $0 + 1 }
        #expect(!expected.isEmpty && expected.count < rows.count / 2)
        #expect(index(0..<3_000).unresolved().map(\.row) == expected)
        var joined = index(0..<1_234)
        joined.append(index(1_234..<3_000), rowOffset: 1_234)
        let unresolved = joined.unresolved()
        #expect(unresolved.map(\.row) == expected)
        #expect(unresolved.map { joined.values(of: $0)[0] } == expected.map { row in
            switch ForeignKeyIndex.normalized(rows[row - 1].target) {
            case .integer(let n)?: String(n)
            case .string(let text)?: text
            case .number(let number)?: NumberFormatting.value(number)
            default: nil
            }
        })
    }

    @Test func normalizedValuesCompareAsPythonDoes() {
        #expect(ForeignKeyIndex.normalized(.number(2.0)) == .integer(2))
        #expect(ForeignKeyIndex.normalized(.number(2.5)) == .number(2.5))
        #expect(ForeignKeyIndex.normalized(.string("2")) == .string("2"))
        #expect(ForeignKeyIndex.display(KeyBytes.encode([.string("de"), nil]).withUnsafeBytes(KeyBytes.decodeText)) == "de, None")
    }
}
