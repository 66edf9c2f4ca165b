import Foundation
import Testing

@testable import MLGate

/// The Parquet fixtures (written by pyarrow, pandas, polars and Spark; see
/// Fixtures/parquet/make_fixtures.py and make_spark_fixtures.py) read cell for cell as pyarrow reads them.
@Suite("Parquet reading")
struct ParquetReaderTests {
    struct Expected: Decodable {
        var columns: [String]
        var rows: Int
        var cells: [String: [String?]]
    }

    /// pyarrow's fixtures (expected.json) and Spark's (expected_spark.json, written by
    /// make_spark_fixtures.py through parquet-java: INT96, DELTA pages, fixed-size decimals).
    static let expected: [String: Expected] = {
        ["expected", "expected_spark"].reduce(into: [:]) { all, name in
            let data = try! Data(contentsOf: Fixtures.url("parquet/\(name).json"))
            all.merge(try! JSONDecoder().decode([String: Expected].self, from: data)) { first, _ in first }
        }
    }()

    static let fixtures = expected.keys.filter { $0 != "nested" }.sorted()

    /// Every cell of the file, column by column (`nil` for a cell not kept), and the
    /// row numbers and lines of the batches.
    /// With `numbers`, every column that can be is read as numbers, and its cells are
    /// the texts the batch makes of them.
    static func read(_ name: String, batchSize: Int = 8192, kept: Set<Int>? = nil, numbers: Bool = false) throws(TableReadError)
        -> (columns: [String], cells: [[String?]], rowNumbers: [Int], lines: [Int])
    {
        var reader = try ParquetReader(url: Fixtures.url("parquet/\(name).parquet"), displayPath: "\(name).parquet", batchSize: batchSize)
        reader.keptColumns = kept
        if numbers { reader.numberColumns = Set(reader.columns.indices) }
        var cells = [[String?]](repeating: [], count: reader.columns.count)
        var rowNumbers: [Int] = [], lines: [Int] = []
        while let batch = try reader.nextBatch() {
            for column in 0..<batch.width {
                for row in 0..<batch.rowCount { cells[column].append(batch.string(column, row)) }
            }
            rowNumbers += (0..<batch.rowCount).map { batch.firstRowNumber + $0 }
            lines += batch.lineNumbers
        }
        return (reader.columns, cells, rowNumbers, lines)
    }

    @Test("every value equals pyarrow's", arguments: fixtures)
    func values(_ name: String) throws {
        let expected = try #require(Self.expected[name])
        for (batchSize, numbers) in [(8192, false), (7, false), (8192, true), (7, true)] {
            let read = try Self.read(name, batchSize: batchSize, numbers: numbers)
            #expect(read.columns == expected.columns)
            #expect(read.rowNumbers == Array((0..<expected.rows).map { $0 + 2 }))
            #expect(read.lines == read.rowNumbers)
            for (index, column) in read.columns.enumerated() {
                let want = try #require(expected.cells[column], "no expected cells for \(column)")
                // A null reads as an empty cell, as pandas writes it to CSV.
                let got = read.cells[index]
                #expect(got.count == want.count, "\(name).\(column): row count")
                for (row, (cell, value)) in zip(got, want).enumerated() where cell != (value ?? "") {
                    Issue.record("\(name).\(column) row \(row): read \(cell.map { "'\($0)'" } ?? "nil"), pyarrow \(value.map { "'\($0)'" } ?? "null")")
                    break
                }
            }
        }
    }

    @Test("only the columns read are decoded; the others read as missing")
    func projection() throws {
        let expected = try #require(Self.expected["types"])
        let float64 = try #require(expected.columns.firstIndex(of: "float64"))
        let label = try #require(expected.columns.firstIndex(of: "point.label"))
        let read = try Self.read("types", batchSize: 16, kept: [float64, label])
        for (index, column) in read.columns.enumerated() {
            if index == float64 || index == label {
                #expect(read.cells[index] == expected.cells[column]!.map { $0 ?? "" })
            } else {
                #expect(read.cells[index].allSatisfy { $0 == nil })
            }
        }
    }

    @Test("a range of rows reads as those rows of the whole file, numbered as in it", arguments: ["row_groups", "encodings_v2", "dict_v2", "zero_row_group"])
    func rowRanges(_ name: String) throws {
        let whole = try Self.read(name)
        let total = whole.rowNumbers.count
        for split in [0, 1, 7, 8, 15, 16, 17, 33, total / 2, total - 1, total] where split <= total {
            var cells = [[String?]](repeating: [], count: whole.columns.count)
            var numbers: [Int] = []
            for rows in [0..<split, split..<total] {
                var reader = try ParquetReader(
                    url: Fixtures.url("parquet/\(name).parquet"), displayPath: name, batchSize: 5, rows: rows)
                reader.decodesColumnsConcurrently = false
                while let batch = try reader.nextBatch() {
                    for column in 0..<batch.width {
                        for row in 0..<batch.rowCount { cells[column].append(batch.string(column, row)) }
                    }
                    numbers += (0..<batch.rowCount).map { batch.firstRowNumber + $0 }
                }
            }
            #expect(cells == whole.cells, "\(name) split at \(split)")
            #expect(numbers == whole.rowNumbers)
        }
    }

    /// Every cell of the batches it observes, row by row, and their row numbers.
    struct Collector: TableConsumer {
        var rows: [[String?]] = []
        var numbers: [Int] = []
        /// How many consumers were appended into this one.
        var parts = 1
        mutating func observe(_ batch: RowBatch) throws(TableReadError) {
            for row in 0..<batch.rowCount {
                rows.append((0..<batch.width).map { batch.string($0, row) })
                numbers.append(batch.firstRowNumber + row)
            }
        }
        mutating func append(_ later: Collector) {
            rows += later.rows
            numbers += later.numbers
            parts += later.parts
        }
    }

    @Test("a file read in parts on several cores gives the rows of one pass", arguments: ["row_groups", "dict_v2", "types"], [2, 3, 5])
    func parts(_ name: String, workers: Int) async throws {
        let url = Fixtures.url("parquet/\(name).parquet")
        let whole = try await ParallelParquetScan.scan(url: url, displayPath: name, splitting: false) { _ throws(TableReadError) in Collector() }
        let split = try await ParallelParquetScan.scan(url: url, displayPath: name, minimumRows: 2, workers: workers) { _ throws(TableReadError) in
            Collector()
        }
        #expect(whole.rows.count == Self.expected[name]?.rows)
        #expect(split.rows == whole.rows)
        #expect(split.numbers == whole.numbers)
        #expect(split.parts == min(workers, whole.rows.count))
    }

    @Test("a list or a map is an error naming it only when it is read")
    func nested() throws {
        let expected = try #require(Self.expected["nested"])
        let read = try Self.read("nested", kept: [0, 3])
        #expect(read.columns == expected.columns)
        #expect(read.cells[0] == expected.cells["id"]!.map { $0 ?? "" })
        #expect(read.cells[3] == expected.cells["score"]!.map { $0 ?? "" })
        #expect(read.cells[1].allSatisfy { $0 == nil })
        let error = #expect(throws: TableReadError.self) { try Self.read("nested") }
        #expect(error?.message.contains("column 'tags' is a LIST") == true)
        let map = #expect(throws: TableReadError.self) { try Self.read("nested", kept: [2]) }
        #expect(map?.message.contains("column 'attrs' is a MAP") == true)
    }

    @Test("Table Schema types come from the Parquet schema")
    func types() throws {
        let reader = try ParquetReader(url: Fixtures.url("parquet/types.parquet"), displayPath: "types.parquet")
        let types = reader.tableSchemaTypes
        let expected: [String: FieldType] = [
            "bool": .boolean, "int8": .integer, "uint64": .integer, "float32": .number, "float64": .number,
            "string": .string, "binary": .string, "date": .date, "time_ms": .time, "ts_ns": .datetime, "ts_utc": .datetime,
            "dec_small": .number, "dec_big": .number, "category": .string, "point.x": .number, "point.label": .string,
        ]
        for (name, type) in expected { #expect(types[name] == type, "\(name)") }
        let int96 = try ParquetReader(url: Fixtures.url("parquet/int96.parquet"), displayPath: "int96.parquet")
        #expect(int96.tableSchemaTypes["ts_us"] == .datetime)
        #expect(reader.keyValueMetadata.contains { $0.key == "ARROW:schema" })
        let pandas = try ParquetReader(url: Fixtures.url("parquet/pandas.parquet"), displayPath: "pandas.parquet")
        #expect(pandas.keyValueMetadata.contains { $0.key == "pandas" })
    }

    @Test("the format is told by the extension or by the magic bytes")
    func detection() throws {
        #expect(TableFormat(inferringFrom: "data/train.parquet") == .parquet)
        #expect(TableFormat(inferringFrom: "DATA.PQ") == .parquet)
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let copy = directory.appendingPathComponent("table.bin")
        try FileManager.default.copyItem(at: Fixtures.url("parquet/polars.parquet"), to: copy)
        #expect(TableFormat(inferringFrom: copy.path) == nil)
        #expect(TableFormat(sniffing: copy) == .parquet)
        #expect(try TableInput(path: copy.path).format == .parquet)
        #expect(TableFormat(sniffing: Fixtures.url("data/people.csv")) == nil)
    }

    @Test("cells read as pandas writes them to CSV")
    func text() {
        func double(_ value: Double) -> String {
            var text: [UInt8] = []
            ParquetText.appendDouble(value, to: &text)
            return String(decoding: text, as: UTF8.self)
        }
        #expect(double(0.1) == "0.1")
        #expect(double(1) == "1.0")
        #expect(double(-0.0) == "-0.0")
        #expect(double(1e-5) == "1e-05")
        #expect(double(0.0001) == "0.0001")
        #expect(double(1e16) == "1e+16")
        #expect(double(123456789012345.6) == "123456789012345.6")
        #expect(double(1.5e300) == "1.5e+300")
        #expect(double(5e-324) == "5e-324")
        #expect(double(0.00012) == "0.00012")
        #expect(double(-3.25) == "-3.25")
        #expect(double(0.015662) == "0.015662")
        #expect(double(22858.63) == "22858.63")
        #expect(double(0.1 + 0.2) == "0.30000000000000004")
        #expect(double(99999999999999.9) == "99999999999999.9")
        #expect(double(.nan) == "")
        #expect(double(-.infinity) == "-inf")
        var stamp: [UInt8] = []
        ParquetText.appendTimestamp(-1, unit: .micros, utc: true, to: &stamp)
        #expect(String(decoding: stamp, as: UTF8.self) == "1969-12-31 23:59:59.999999+00:00")
    }

    /// The fast paths (a double with few decimals; a date, a time of day) give the text
    /// of the general ones: Swift's shortest digits laid out as Python's `repr`, and
    /// zero-padded fields.
    @Test("fast number and date paths agree with the general ones")
    func fastPathsAgree() {
        for value in SeededDoubles(seed: 20261204, count: 200_000) {
            guard value.isFinite else { continue }
            var fast: [UInt8] = [], general: [UInt8] = []
            ParquetText.appendDouble(value, to: &fast)
            ParquetText.appendShortest(value.description, plainBelow: 16, to: &general)
            if fast != general {
                Issue.record("\(value): \(String(decoding: fast, as: UTF8.self)) against \(String(decoding: general, as: UTF8.self))")
                return
            }
        }
        // Integers two digits at a time: every value below 20,000, and each power of ten
        // with its neighbours, up to UInt64.max.
        var power: UInt64 = 1
        var integers = Array(0..<20_000).map(UInt64.init) + [UInt64.max, UInt64.max - 1]
        while power <= UInt64.max / 10 {
            power *= 10
            integers += [power - 1, power, power + 1]
        }
        for value in integers {
            var text: [UInt8] = []
            ParquetText.appendUnsigned(value, to: &text)
            if String(decoding: text, as: UTF8.self) != String(value) {
                Issue.record("\(value): \(String(decoding: text, as: UTF8.self))")
                return
            }
        }
        for days in stride(from: -719_162, through: 2_932_896, by: 997) {
            var text: [UInt8] = []
            ParquetText.appendTimestamp(Int64(days) * 86_400_000 + Int64(days.magnitude % 86_400) * 1000, unit: .millis, utc: false, to: &text)
            let (year, month, day) = CivilCalendar.civil(days: days)
            let second = Int(days.magnitude % 86_400)
            let expected = String(format: "%04d-%02d-%02d %02d:%02d:%02d", year, month, day, second / 3600, second / 60 % 60, second % 60)
            #expect(String(decoding: text, as: UTF8.self) == expected)
        }
    }
}
