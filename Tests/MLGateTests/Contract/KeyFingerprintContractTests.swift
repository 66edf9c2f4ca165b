import Foundation
import Testing

@testable import MLGate

/// Keys held as fingerprints (``KeyFingerprint``) find the duplicates that keys held as
/// bytes found: typed values compared as frictionless compares them ("1" and "01" in an
/// integer field), the fields of a composite key kept apart ("ab","c" is not "a","bc"),
/// and duplicates across the halves of a file read on two cores found at the right rows,
/// with the cell's text that one sequential pass reports.
@Suite("Contract: keys as fingerprints")
struct KeyFingerprintContractTests {
    static let schema = try! SchemaLoader.parse(
        """
        {"fields": [
          {"name": "id", "type": "integer", "constraints": {"unique": true}},
          {"name": "sku", "type": "string", "constraints": {"unique": true}},
          {"name": "price", "type": "number", "constraints": {"unique": true}},
          {"name": "order", "type": "integer"},
          {"name": "line", "type": "string"},
          {"name": "a"},
          {"name": "b"},
          {"name": "parent", "type": "integer"}
        ], "primaryKey": ["order", "line"], "uniqueKeys": [["a", "b"]],
        "foreignKeys": [{"fields": "parent", "reference": {"resource": "", "fields": "id"}}]}
        """, file: "s.json")

    static let header = "id,sku,price,order,line,a,b,parent"

    /// A validator that has observed `rows` (after the header), in one pass.
    static func validator(_ rows: [String], sampleLimit: Int = 1_000) throws -> ContractValidator {
        let text = ([header] + rows).joined(separator: "\n") + "\n"
        var reader = try CSVReader(source: MemoryByteSource(Array(text.utf8)), displayPath: "t.csv")
        var validator = try ContractValidator(schema: schema, labels: reader.columns, sampleLimit: sampleLimit)
        while let batch = try reader.nextBatch() { validator.observe(batch) }
        return validator
    }

    static func sequential(_ rows: [String]) throws -> ContractTally {
        try validator(rows).finish()
    }

    static func counts(_ tally: ContractTally) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: tally.counts.map { ("\($0.key.code.rawValue) \($0.key.field ?? "")", $0.value) })
    }

    @Test func integersCompareAsValuesStringsAsText() throws {
        let tally = try Self.sequential([
            "1,1,1.0,1,x,p,q,",
            "01,01,1,01,x,r,s,01",
        ])
        let counts = Self.counts(tally)
        #expect(counts["unique-error id"] == 1, "\"01\" is the integer 1")
        #expect(counts["unique-error sku"] == nil, "\"01\" is not the string \"1\"")
        #expect(counts["unique-error price"] == 1, "1.0 and 1 are one number")
        #expect(counts["primary-key order, line"] == 1, "(01, x) is (1, x)")
        #expect(counts["foreign-key parent"] == nil, "parent 01 is id 1")
        let id = try #require(tally.samples.first { $0.code == .uniqueError && $0.fieldName == "id" })
        #expect(id.rowNumber == 3 && id.cell == "01")
    }

    @Test func compositeFieldsStayApart() throws {
        let tally = try Self.sequential([
            "1,k1,1,1,x,ab,c,",
            "2,k2,2,2,x,a,bc,",
            "3,k3,3,3,x,a\u{1}b,c,",
            "4,k4,4,4,x,,abc,",
            "5,k5,5,5,x,abc,,",
            "6,k6,6,1,xx,ab,c,",
            "7,k7,7,11,x,a,bc,",
        ])
        let counts = Self.counts(tally)
        #expect(counts["unique-error a, b"] == 2, "rows 7 and 8 repeat (ab, c) and (a, bc); nothing else does")
        #expect(counts["primary-key order, line"] == nil, "(1, xx) is not (11, x)")
        #expect(tally.samples.filter { $0.code == .uniqueError }.map(\.rowNumber) == [7, 8])
    }

    /// Two stretches validated apart and appended, as the halves of a file are.
    static func halves(_ first: [String], _ second: [String], sampleLimit: Int = 1_000) throws -> ContractValidator {
        var merged = try validator(first, sampleLimit: sampleLimit)
        merged.append(try validator(second, sampleLimit: sampleLimit))
        return merged
    }

    @Test func duplicatesAcrossStretchesAreFoundAtTheirRows() throws {
        let first = (1...50).map { "\($0),k\($0),\($0).5,\($0),x,a\($0),b,\($0 % 7 + 1)" }
        var second = (51...100).map { "\($0),k\($0),\($0).5,\($0),x,a\($0),b,\($0 % 7 + 1)" }
        second[9] = "60,k7,60.5,60,x,a60,b,1"  // row 60: sku of row 7
        second[19] = "70,k70,70.5,3,x,a70,b,1"  // row 70: primary key of row 3
        second[29] = "80,k80,80.5,80,x,a9,b,1"  // row 80: unique key of row 9
        second[39] = "12,k90,90.5,90,x,a90,b,1"  // row 90: id of row 12
        let merged = try Self.halves(first, second)
        let tally = merged.finish()
        let expected = try Self.sequential(first + second)
        #expect(tally.counts == expected.counts)
        let duplicates = tally.samples.filter { [.uniqueError, .primaryKey].contains($0.code) }
        #expect(duplicates.map(\.rowNumber) == [61, 71, 81, 91], "data row n is row n + 1, after the header")
        #expect(duplicates.map(\.code) == [.uniqueError, .primaryKey, .uniqueError, .uniqueError])
        #expect(duplicates.map(\.message) == expected.samples.filter { [.uniqueError, .primaryKey].contains($0.code) }.map(\.message))
        // The integer's text is known; the string's was not kept: the rows must be read
        // again for the sample to carry it.
        #expect(duplicates.first { $0.rowNumber == 91 }?.cell == "12")
        #expect(duplicates.first { $0.rowNumber == 61 }?.cell == nil)
        #expect(merged.needsSequentialRead)
    }

    @Test func noSecondReadWhenNoTextIsOwed() throws {
        let first = (1...50).map { "\($0),k\($0),\($0).5,\($0),x,a\($0),b," }
        var second = (51...100).map { "\($0),k\($0),\($0).5,\($0),x,a\($0),b," }
        second[39] = "12,k90,90.5,3,x,a9,b,"  // id, primary key and unique key of earlier rows
        #expect(try !Self.halves(first, second).needsSequentialRead, "integer and composite keys owe no text")
        // A string repeated across the stretches, but not among the samples kept: the
        // first stretch's own duplicates fill them.
        var early = first
        for row in [10, 20, 30] { early[row] = "\(row + 1),k1,\(row + 1).5,\(row + 1),x,a\(row + 1),b," }
        var late = second
        late[0] = "51,k2,51.5,51,x,a51,b,"
        let merged = try Self.halves(early, late, sampleLimit: 3)
        #expect(!merged.needsSequentialRead)
        #expect(Self.counts(merged.finish())["unique-error sku"] == 4)
    }

    /// A file over the parallel threshold, read by the gate on two cores: duplicates in
    /// each half and across them (strings, numbers, composite and integer keys) give
    /// what one sequential pass gives, cells included.
    @Test func twoCoresGiveWhatOnePassGives() async throws {
        var rows: [String] = []
        for row in 1...60_000 {
            var (id, sku, price, order) = (String(row), "sku-\(row)", "\(row).25", String(row))
            var (a, b) = ("a\(row)", "a note that makes the file larger than four megabytes \(row)")
            switch row {
            case 1_000: sku = "sku-10"  // within the first half
            case 40_000: sku = "sku-20"  // across the halves
            case 50_000: sku = "sku-45000"  // within the second half
            case 30_000: b = "b"
            case 55_000: (a, b) = ("a30000", "b")  // the unique key (a, b) across
            case 41_000: price = "7.25"  // a number across the halves
            case 42_000: order = "5"  // the primary key across
            case 43_000: id = "11"  // an integer across
            default: break
            }
            rows.append("\(id),\(sku),\(price),\(order),x,\(a),\(b),\(row % 1_000 + 1)")
        }
        let text = ([Self.header] + rows).joined(separator: "\n") + "\n"
        #expect(text.utf8.count > ParallelCSVScan.minimumSize)
        let url = try Fixtures.temporaryDirectory().appendingPathComponent("keys.csv")
        try Data(text.utf8).write(to: url)
        let expected = try Self.sequential(rows)
        let input = TableInput(path: "keys.csv", url: url, format: .csv, dialect: .csv, location: SourceLocation(file: "keys.csv"))
        let contract = ContractConfig(source: .schema(Self.schema, name: "s.json"), samples: 1_000, location: SourceLocation(file: "s.json"))
        let result = await GateRunner.run(
            GateConfig(name: "data", kind: .data, location: SourceLocation(file: "mlgate.yml"), body: .data(DataGateConfig(input: input, checks: [], contract: contract))))
        let report = try #require(result.contract)
        #expect(report.counts == ContractReport(schema: "s.json", rows: rows.count, tally: expected).counts)
        #expect(report.samples == expected.samples)
        let duplicates = report.samples.filter { [.uniqueError, .primaryKey].contains($0.code) }
        #expect(duplicates.map(\.rowNumber) == [1_001, 40_001, 41_001, 42_001, 43_001, 50_001, 55_001])
        #expect(duplicates.map(\.cell) == ["sku-10", "sku-20", "7.25", nil, "11", "sku-45000", nil])
    }
}
