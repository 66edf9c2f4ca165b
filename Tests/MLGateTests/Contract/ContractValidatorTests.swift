import Foundation
import Testing

@testable import MLGate

/// The contract validator beyond the frictionless golden cases: a file read on two cores
/// gives exactly what one sequential pass gives, and the gate's test cases.
@Suite("Contract: validator")
struct ContractValidatorTests {
    static let schema = try! SchemaLoader.parse(
        """
        {"fields": [
          {"name": "id", "type": "integer", "constraints": {"required": true, "unique": true}},
          {"name": "score", "type": "number", "constraints": {"minimum": 0, "maximum": 1}},
          {"name": "kind", "constraints": {"enum": ["a", "b", "c"]}},
          {"name": "day", "type": "date"},
          {"name": "note"}
        ], "primaryKey": "id", "uniqueKeys": [["kind", "note"]]}
        """, file: "s.json")

    /// A file over the parallel threshold, with problems in both halves and a duplicate
    /// id across them, quoted line breaks, blank rows, short and long rows, and a byte
    /// that is not UTF-8 in the second half.
    static func largeFile() throws -> URL {
        var text = "id,score,kind,day,note\n"
        let kinds = ["a", "b", "c"]
        for row in 1...70_000 {
            var id = String(row)
            if row == 60_000 { id = "17" }  // a duplicate of row 17, across the halves
            if row == 3 || row == 55_555 { id = "" }
            var score = String(Double(row % 1000) / 1000)
            if row % 9_973 == 0 { score = "1.5" }
            if row % 12_347 == 0 { score = "n/a" }
            let kind = row % 20_011 == 0 ? "z" : kinds[row % 3]
            let day = row % 31_337 == 0 ? "2024-02-30" : "20\(10 + row % 15)-0\(1 + row % 9)-\(10 + row % 18)"
            var note = row % 7_001 == 0 ? "\"two\nlines, with a comma \(row)\"" : "a note long enough to make the file larger than four megabytes: row \(row)"
            if row == 40_000 { note += ",extra" }
            if row == 65_000 { note += " INVALID-BYTE here" }
            if row == 45_000 {
                text += "\(id),\(score)\n"
                continue
            }
            if row == 50_000 { text += "\n,,,,\n" }
            text += "\(id),\(score),\(kind),\(day),\(note)\n"
        }
        let url = try Fixtures.temporaryDirectory().appendingPathComponent("large.csv")
        let parts = text.components(separatedBy: "INVALID-BYTE")
        try Data(Array(parts[0].utf8) + [0xFF] + Array(parts[1].utf8)).write(to: url)
        #expect(text.utf8.count > ParallelCSVScan.minimumSize)
        return url
    }

    @Test func twoCoresGiveWhatOnePassGives() async throws {
        let url = try Self.largeFile()
        // One sequential pass, batch by batch.
        var reader = try CSVReader(url: url, displayPath: "large.csv")
        reader.recoversMalformedRows = true
        var sequential = try ContractValidator(schema: Self.schema, labels: reader.columns, sampleLimit: 1_000)
        while let batch = try reader.nextBatch() { sequential.observe(batch) }
        let expected = sequential.finish()
        // The gate: the file split in two, read on two cores, the halves appended.
        let input = TableInput(path: "large.csv", url: url, format: .csv, dialect: .csv, location: SourceLocation(file: "large.csv"))
        let contract = ContractConfig(source: .schema(Self.schema, name: "s.json"), samples: 1_000, location: SourceLocation(file: "s.json"))
        let gateResult = await GateRunner.run(GateConfig(name: "data", kind: .data, location: SourceLocation(file: "mlgate.yml"), body: .data(DataGateConfig(input: input, checks: [], contract: contract))))
        let (results, report) = (gateResult.checks, gateResult.contract)
        let parallel = try #require(report)
        #expect(parallel.rows == sequential.rows)
        #expect(parallel.counts == ContractReport(schema: "s.json", rows: sequential.rows, tally: expected).counts)
        #expect(parallel.samples.map(\.rowNumber) == expected.samples.map(\.rowNumber))
        #expect(parallel.samples.map(\.code) == expected.samples.map(\.code))
        #expect(parallel.samples.map(\.line) == expected.samples.map(\.line))
        #expect(parallel.samples.map(\.column) == expected.samples.map(\.column))
        // The problems planted, counted.
        let counts = Dictionary(uniqueKeysWithValues: parallel.counts.map { ("\($0.code) \($0.field ?? "") \($0.constraint ?? "")", $0.count) })
        #expect(counts["unique-error id "] == 1)
        #expect(counts["primary-key id "] == 5, "one duplicate, two empty ids, two blank rows")
        #expect(counts["constraint-error id required"] == 2)
        #expect(counts["blank-row  "] == 2)
        #expect(counts["extra-cell  "] == 1)
        #expect(counts["missing-cell kind "] == 1 && counts["missing-cell day "] == 1 && counts["missing-cell note "] == 1)
        #expect(counts["constraint-error score maximum"] == 7)
        #expect(counts["type-error score "] == 5)
        #expect(counts["type-error day "] == 2)
        #expect(counts["constraint-error kind enum"] == 3)
        let duplicate = try #require(parallel.samples.first { $0.code == .uniqueError && $0.fieldName == "id" })
        #expect(duplicate.rowNumber == 60_003, "row 60,000 of the loop, after the header and the two blank rows")
        #expect(counts["unique-error kind, note "] == nil)
        // The byte that is not UTF-8, in the second half: located, and the read went on.
        #expect(counts["encoding-error  "] == 1)
        let encoding = try #require(parallel.samples.first { $0.code == .encodingError })
        #expect(encoding.rowNumber == 65_003 && encoding.fieldName == "note" && encoding.fieldNumber == 5)
        #expect(encoding.line == 65_012, "after the header, the blank line and nine quoted line breaks")
        #expect(encoding.column.map { $0 > 80 } == true)
        // One test case per field and constraint, failing with the first problem located.
        let names = results.map(\.name)
        for name in ["schema: header", "schema: rows", "id: type", "id: required", "id: unique", "score: minimum", "score: maximum", "kind: enum", "day: type", "primaryKey: id", "uniqueKeys: kind, note"] {
            #expect(names.contains(name), "\(name) missing from \(names)")
        }
        let maximum = try #require(results.first { $0.name == "score: maximum" })
        #expect(maximum.outcome == .failed && maximum.message.contains("7 constraint-error"))
        #expect(maximum.location?.file == "large.csv" && maximum.location?.line != nil)
        #expect(results.first { $0.name == "schema: header" }?.outcome == .passed)
    }

    @Test func aTableWithoutProblemsPassesEveryCase() async throws {
        let directory = try Fixtures.temporaryDirectory()
        let url = directory.appendingPathComponent("ok.csv")
        try Data("id,score,kind,day,note\n1,0.5,a,2024-01-31,x\n2,1,b,2024-02-29,\n".utf8).write(to: url)
        let input = TableInput(path: "ok.csv", url: url, format: .csv, dialect: .csv, location: SourceLocation(file: "ok.csv"))
        let contract = ContractConfig(source: .schema(Self.schema, name: "s.json"), location: SourceLocation(file: "s.json"))
        let gateResult = await GateRunner.run(GateConfig(name: "data", kind: .data, location: SourceLocation(file: "mlgate.yml"), body: .data(DataGateConfig(input: input, checks: [], contract: contract))))
        let (results, report) = (gateResult.checks, gateResult.contract)
        #expect(report?.valid == true && report?.rows == 2)
        #expect(results.allSatisfy { $0.outcome == .passed }, "\(results.filter { $0.outcome != .passed }.map(\.message))")
    }

    @Test func warnSeverityWarns() async throws {
        let directory = try Fixtures.temporaryDirectory()
        let url = directory.appendingPathComponent("bad.csv")
        try Data("id,score,kind,day,note\nx,0.5,a,2024-01-31,x\n".utf8).write(to: url)
        let input = TableInput(path: "bad.csv", url: url, format: .csv, dialect: .csv, location: SourceLocation(file: "bad.csv"))
        let contract = ContractConfig(source: .schema(Self.schema, name: "s.json"), severity: .warn, location: SourceLocation(file: "s.json"))
        let gateResult = await GateRunner.run(GateConfig(name: "data", kind: .data, location: SourceLocation(file: "mlgate.yml"), body: .data(DataGateConfig(input: input, checks: [], contract: contract))))
        let (results, _) = (gateResult.checks, gateResult.contract)
        #expect(results.first { $0.name == "id: type" }?.outcome == .warning)
        #expect(!results.contains { $0.outcome == .failed })
    }

    /// A composite primary key's repeated and null keys are one code's problems: the
    /// check's first samples are the first rows, whichever kind each is (repeats at rows
    /// 3, 5 and 7, a null key at row 4).
    @Test func aCompositeKeysRepeatsAndNullsSampleInRowOrder() throws {
        let schema = try SchemaLoader.parse(
            """
            {"fields": [{"name": "a", "type": "integer"}, {"name": "b"}, {"name": "c"}], "primaryKey": ["a", "b"]}
            """, file: "s.json")
        let url = try Fixtures.temporaryDirectory().appendingPathComponent("keys.csv")
        try Data("a,b,c\n1,x,\n1,x,\n,,z\n1,x,\n2,y,\n1,x,\n".utf8).write(to: url)
        var reader = try CSVReader(url: url, displayPath: "keys.csv")
        var validator = try ContractValidator(schema: schema, labels: reader.columns, sampleLimit: 100)
        while let batch = try reader.nextBatch() { validator.observe(batch) }
        let tally = validator.finish()
        #expect(tally.samples.filter { $0.code == .primaryKey }.map(\.rowNumber) == [3, 4, 5, 7])
        let key = try #require(tally.counts.keys.first { $0.code == .primaryKey })
        #expect(tally.samples(for: key).map(\.rowNumber) == [3, 4, 5])
    }

    /// A duplicate found only when two stretches are joined (a value of the first
    /// repeated at the start of the second) comes before the second stretch's own
    /// duplicates: the check's first samples are those one pass gives (rows 12, 14, 15),
    /// not the second stretch's three it already held.
    @Test func aDuplicateFoundWhenStretchesJoinIsAmongTheFirstSamples() throws {
        let schema = try SchemaLoader.parse(
            """
            {"fields": [{"name": "email", "type": "string", "constraints": {"unique": true}}, {"name": "n", "type": "integer"}]}
            """, file: "s.json")
        let first = (0..<10).map { "e\($0),1\n" }.joined()
        let second = "e3,1\nx,1\nx,1\nx,1\nx,1\n"
        let directory = try Fixtures.temporaryDirectory()
        func validator(_ body: String, _ name: String) throws -> ContractValidator {
            let url = directory.appendingPathComponent(name)
            try Data(("email,n\n" + body).utf8).write(to: url)
            var reader = try CSVReader(url: url, displayPath: name)
            var validator = try ContractValidator(schema: schema, labels: reader.columns, sampleLimit: 100)
            while let batch = try reader.nextBatch() { validator.observe(batch) }
            return validator
        }
        let whole = try validator(first + second, "whole.csv").finish()
        var joined = try validator(first, "first.csv")
        joined.append(try validator(second, "second.csv"))
        let parts = joined.finish()
        let key = ContractTally.Key(code: .uniqueError, field: "email")
        #expect(whole.samples(for: key).map(\.rowNumber) == [12, 14, 15])
        #expect(parts.samples(for: key).map(\.rowNumber) == [12, 14, 15])
        #expect(parts.counts == whole.counts)
        #expect(parts.samples.map(\.rowNumber) == whole.samples.map(\.rowNumber))
    }

    /// Stretches joined give the tally of one pass — counts, samples and each check's
    /// first samples — however many repeats the join finds: past the first few, they
    /// are counted, not recorded (seeded: keys of an integer and of a string that repeat
    /// within and across the stretches, a type error among them, small sample limits).
    @Test(arguments: 0..<8)
    func joinedStretchesTallyAsOnePass(seed: UInt64) throws {
        var generator = SplitMix64(seed: 0x701D &+ seed)
        let schema = try SchemaLoader.parse(
            """
            {"fields": [{"name": "id", "type": "integer", "constraints": {"unique": true}},
                        {"name": "code", "type": "string", "constraints": {"unique": true}},
                        {"name": "n", "type": "integer", "constraints": {"maximum": 5}}]}
            """, file: "s.json")
        let rows = Int.random(in: 20...400, using: &generator)
        let spread = Int.random(in: 5...200, using: &generator)
        let body = (0..<rows).map { _ in
            let n = Int.random(in: 0...6, using: &generator)
            return "\(Int.random(in: 0..<spread, using: &generator)),c\(Int.random(in: 0..<spread, using: &generator)),\(n == 6 ? "x" : String(n))\n"
        }
        let split = Int.random(in: 1..<rows, using: &generator)
        let sampleLimit = [1, 2, 5, 50][Int(seed % 4)]
        let directory = try Fixtures.temporaryDirectory()
        func validator(_ lines: ArraySlice<String>, _ name: String) throws -> ContractValidator {
            let url = directory.appendingPathComponent(name)
            try Data(("id,code,n\n" + lines.joined()).utf8).write(to: url)
            var reader = try CSVReader(url: url, displayPath: name)
            var validator = try ContractValidator(schema: schema, labels: reader.columns, sampleLimit: sampleLimit)
            while let batch = try reader.nextBatch() { validator.observe(batch) }
            return validator
        }
        let whole = try validator(body[...], "whole.csv").finish()
        var joined = try validator(body[..<split], "first.csv")
        joined.append(try validator(body[split...], "second.csv"))
        let parts = joined.finish()
        // A repeated string key found at the join has no text; when one is among the
        // samples, the validator asks to be read again in one pass, which gives it.
        let owed = joined.needsSequentialRead
        func described(_ issues: [ContractIssue]) -> [String] {
            issues.map { issue in
                let cell = owed && issue.code == .uniqueError && issue.fieldName == "code" ? "?" : issue.cell ?? "-"
                return "\(issue.code) \(issue.rowNumber ?? 0) \(issue.fieldName ?? "") \(cell)"
            }
        }
        #expect(parts.counts == whole.counts)
        #expect(described(parts.samples) == described(whole.samples))
        for key in whole.counts.keys {
            #expect(described(parts.samples(for: key)) == described(whole.samples(for: key)), "\(key)")
        }
        let textless = (parts.samples + parts.counts.keys.flatMap { parts.samples(for: $0) }).contains { $0.code == .uniqueError && $0.fieldName == "code" && $0.cell == nil }
        #expect(owed == textless)
    }
}
