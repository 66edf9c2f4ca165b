import Foundation
import Testing
@testable import MLGate

/// The dictionaries a scan collects for the columns that consumers read an entry at a
/// time (``CellDictionary/collect(_:column:limit:)``, ``SharedConsumer``): an entry per
/// distinct text, and runs that read the same whether batches have them or not.
@Suite("Cell dictionaries collected from text")
struct CellDictionaryTests {
    /// Texts that a word alone would confuse: the same first and last eight bytes,
    /// a text and its prefix, multi-byte letters, commas inside quotes.
    static let pool = [
        "a", "b", "ab", "ba", "abc", "abcd", "abcde", "abcdefgh", "abcdefghi", "abcdefghij",
        "category-one-long", "category-two-long", "category-one-longer", "catégorie", "x,y", "\"q\"", "0", "1", "00", "-1",
    ]

    /// CSV text of `rows` rows: an id, then columns drawn from `pools` (an empty string
    /// in a pool is an empty cell); every cell quoted.
    static func csv(rows: Int, pools: [[String]], seed: UInt64) -> (bytes: [UInt8], cells: [[String]]) {
        var generator = SplitMix64(seed: seed)
        var text = "id," + pools.indices.map { "c\($0)" }.joined(separator: ",") + "\n"
        var cells: [[String]] = Array(repeating: [], count: pools.count)
        for row in 0..<rows {
            text += "\(row)"
            for (column, pool) in pools.enumerated() {
                let value = pool[Int.random(in: 0..<pool.count, using: &generator)]
                cells[column].append(value)
                text += ",\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            text += "\n"
        }
        return (Array(text.utf8), cells)
    }

    static func batches(_ bytes: [UInt8]) throws -> [RowBatch] {
        var reader = try CSVReader(source: MemoryByteSource(bytes), displayPath: "t.csv")
        var batches: [RowBatch] = []
        while let batch = try reader.nextBatch() { batches.append(batch) }
        return batches
    }

    @Test(arguments: [1, 2, 300, 4_096, 9_000])
    func anEntryPerDistinctTextInOrderOfFirstAppearance(_ rows: Int) throws {
        let pools = [Self.pool, Self.pool + ["", "", ""], ["M", "F", ""], ["only"]]
        let (bytes, cells) = Self.csv(rows: rows, pools: pools, seed: UInt64(rows))
        var offset = 0
        for batch in try Self.batches(bytes) {
            for column in pools.indices {
                guard case .dictionary(let dictionary) = CellDictionary.collect(batch, column: column + 1) else {
                    Issue.record("column \(column) of a batch of \(batch.rowCount) rows has no dictionary")
                    continue
                }
                #expect(dictionary.entries.count == batch.rowCount)
                var entryOfText: [String: Int32] = [:]
                for row in 0..<batch.rowCount {
                    let text = cells[column][offset + row], entry = dictionary.entries[row]
                    if text.isEmpty {
                        #expect(entry == -1)
                    } else if let known = entryOfText[text] {
                        #expect(entry == known, "row \(offset + row): '\(text)'")
                    } else {
                        #expect(entry == Int32(entryOfText.count), "row \(offset + row): '\(text)' is new")
                        entryOfText[text] = entry
                    }
                }
                #expect(dictionary.count == entryOfText.count)
            }
            offset += batch.rowCount
        }
        #expect(offset == rows)
    }

    @Test func moreTextsThanTheLimitAndRowsWithoutTheCell() throws {
        let many = (0..<300).map { "value-\($0)" }
        let batch = try #require(try Self.batches(Self.csv(rows: 2_000, pools: [many], seed: 7).bytes).first)
        if case .tooMany = CellDictionary.collect(batch, column: 1) {} else { Issue.record("300 texts, limit 256") }
        if case .dictionary(let dictionary) = CellDictionary.collect(batch, column: 1, limit: 300) {
            #expect(dictionary.count == 300)
        } else {
            Issue.record("300 texts, limit 300")
        }
        // The id column: every text distinct.
        if case .tooMany = CellDictionary.collect(batch, column: 0) {} else { Issue.record("2,000 ids") }
        let short = try #require(try Self.batches(Array("a,b\n1,x\n2\n3,x\n".utf8)).first)
        if case .notApplicable = CellDictionary.collect(short, column: 1) {} else { Issue.record("a row without the cell") }
        if case .dictionary = CellDictionary.collect(short, column: 0) {} else { Issue.record("a full column") }
    }

    /// A column of entries read as numbers (``RowBatch/forEachNumber(in:_:)``, which parses
    /// each entry once) reads as the same column without its dictionary: the same
    /// readings — numbers with their own text, text, missing cells — row by row.
    @Test(arguments: [1, 700, 9_000])
    func numbersReadTheSameByEntry(_ rows: Int) throws {
        let numbers = ["0", "1", "-1", "2.50", "2.5", "1e3", "007", "nan", "NaN", "inf", "-0", "NA", "x", "12345678.125", "", ""]
        let (bytes, _) = Self.csv(rows: rows, pools: [numbers, Self.pool], seed: UInt64(rows) &+ 5)
        var read = 0
        for batch in try Self.batches(bytes) {
            for column in [1, 2] {
                guard case .dictionary(let dictionary) = CellDictionary.collect(batch, column: column) else {
                    Issue.record("column \(column) has no dictionary")
                    continue
                }
                var byEntry = batch
                byEntry.setDictionary(column, dictionary)
                let expected = batch.numberReadings(column)
                #expect(expected.count == batch.rowCount)
                #expect(byEntry.numberReadings(column) == expected)
            }
            read += batch.rowCount
        }
        #expect(read == rows)
    }

    /// Whole runs whose every consumer of entries (the contract, the predictions of a
    /// model and a fairness gate, a distinct count, drift) reads the same file, with and
    /// without dictionaries: the same reports, findings included (empty and unknown
    /// categories, texts that break the schema). The first batch is read row by row
    /// (its labels are not known yet), the later ones column by column.
    @Test(arguments: [600, 5_000, 20_000])
    func runsReadTheSameWithAndWithoutDictionaries(_ rows: Int) async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        var generator = SplitMix64(seed: UInt64(rows) &* 31)
        let groups = ["north-east-region", "north-west-region", "south", "", "ouest-é", "x,y"]
        // Drift's readings: missing tokens among numbers and among text, a column of
        // integers that turns into text late in the file, one of 40 categories.
        let tokens = ["1", "2", "2.5", "NA", "nan", "inf", "-1.#IND", "", "n/a"]
        for (name, count) in [("table.csv", rows), ("reference.csv", rows / 2 + 700)] {
            var text = "id,label,score,prediction,sex,group,note,tokens,turns,many\n"
            for row in 0..<count {
                let label = String(Int.random(in: 0...1, using: &generator))
                let score = Double(Int.random(in: 0...1_000, using: &generator)) / 1_000
                let prediction = score >= 0.5 ? "1" : "0"
                let sex = ["F", "M", "M", "", "X"][Int.random(in: 0...4, using: &generator)]
                let group = groups[Int.random(in: 0..<groups.count, using: &generator)]
                let token = tokens[Int.random(in: 0..<tokens.count, using: &generator)]
                let turns = row == count - 300 ? "late text" : String(Int.random(in: 18...90, using: &generator))
                let many = "c\(Int.random(in: 0..<40, using: &generator))"
                text += "\(row),\(label),\(score),\(prediction),\(sex),\"\(group)\",note \(Int.random(in: 0...100_000, using: &generator)),"
                text += "\(token),\(turns),\(many)\n"
            }
            try Data(text.utf8).write(to: folder.appendingPathComponent(name))
        }
        let schema = """
            {"fields": [
              {"name": "id", "type": "integer", "constraints": {"required": true}},
              {"name": "label", "type": "integer", "constraints": {"enum": [0, 1]}},
              {"name": "score", "type": "number", "constraints": {"minimum": 0, "maximum": 1}},
              {"name": "prediction", "type": "integer", "constraints": {"required": true}},
              {"name": "sex", "type": "string", "constraints": {"required": true, "enum": ["F", "M"]}},
              {"name": "group", "type": "string", "constraints": {"pattern": "[a-z-]+"}},
              {"name": "note", "type": "string", "constraints": {"maxLength": 10}},
              {"name": "tokens", "type": "string"},
              {"name": "turns", "type": "integer"},
              {"name": "many", "type": "string"}
            ]}
            """
        let config = """
            version: 1
            gates:
              - name: data
                kind: data
                input: {path: table.csv, encoding: utf-8}
                schema: table.schema.json
                checks:
                  - {check: distinct_count, column: group, max: 4}
              - name: model
                kind: model
                predictions: {path: table.csv, encoding: utf-8}
                task: binary
                label: label
                score: score
                prediction: prediction
                slices: [group]
                metrics:
                  - {metric: roc_auc, min: 0.4}
                  - {metric: accuracy, min: 0.4}
              - name: fairness
                kind: fairness
                predictions: {path: table.csv, encoding: utf-8}
                task: binary
                label: label
                prediction: prediction
                sensitive: [sex, group]
                checks:
                  - {check: demographic_parity_difference, max: 0.5}
              - name: drift
                kind: drift
                reference: reference.csv
                current: {path: table.csv, encoding: utf-8}
                exclude: [id, note]

            """
        let loaded = try DifferentialRuns.config(config, schema: schema, in: folder)
        let withText = try await DifferentialRuns.jsonReport(loaded)
        let withoutText = try await SharedConsumer.$collectsDictionaries.withValue(false) {
            try await DifferentialRuns.jsonReport(loaded)
        }
        #expect(withText == withoutText)
        #expect(withText.contains("\"checks\""))
    }
}
