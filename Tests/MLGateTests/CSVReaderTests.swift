import Foundation
import Testing

@testable import MLGate

/// Hands out its bytes a few at a time, so that every chunk boundary (inside a quote,
/// between CR and LF, inside a UTF-8 sequence, inside the BOM) is exercised.
struct TrickleByteSource: ByteSource {
    var bytes: [UInt8]
    var size: Int

    mutating func nextChunk() throws(TableReadError) -> [UInt8]? {
        guard !bytes.isEmpty else { return nil }
        let chunk = Array(bytes.prefix(size))
        bytes.removeFirst(chunk.count)
        return chunk
    }
}

@Suite("CSV reading")
struct CSVReaderTests {
    /// Reads everything: header, then rows (cells as read; `nil` where a row is short).
    static func read(_ bytes: [UInt8], chunk: Int? = nil, dialect: CSVDialect = .csv) throws(TableReadError) -> (
        header: [String], rows: [[String?]]
    ) {
        func drain(_ reader: inout some TableReader) throws(TableReadError) -> [[String?]] {
            var rows: [[String?]] = []
            while let batch = try reader.nextBatch() {
                for row in 0..<batch.rowCount {
                    rows.append(batch.columns.map { $0[row] })
                }
            }
            return rows
        }
        if let chunk {
            var reader = try CSVReader(
                source: TrickleByteSource(bytes: bytes, size: chunk), dialect: dialect, displayPath: "t.csv",
                batchSize: 2)
            return (reader.columns, try drain(&reader))
        }
        var reader = try CSVReader(source: MemoryByteSource(bytes), dialect: dialect, displayPath: "t.csv", batchSize: 2)
        return (reader.columns, try drain(&reader))
    }

    struct WellFormed: CustomTestStringConvertible, Sendable {
        var name: String
        var text: [UInt8]
        var header: [String]
        var rows: [[String?]]
        var testDescription: String { name }

        init(_ name: String, _ text: String, header: [String], rows: [[String?]]) {
            self.init(name, Array(text.utf8), header: header, rows: rows)
        }

        init(_ name: String, _ bytes: [UInt8], header: [String], rows: [[String?]]) {
            self.name = name
            self.text = bytes
            self.header = header
            self.rows = rows
        }
    }

    static let wellFormed: [WellFormed] = [
        WellFormed("plain LF", "a,b\n1,2\n3,4\n", header: ["a", "b"], rows: [["1", "2"], ["3", "4"]]),
        WellFormed("CRLF", "a,b\r\n1,2\r\n3,4\r\n", header: ["a", "b"], rows: [["1", "2"], ["3", "4"]]),
        WellFormed("no final line break", "a,b\n1,2", header: ["a", "b"], rows: [["1", "2"]]),
        WellFormed("header only", "a,b\n", header: ["a", "b"], rows: []),
        WellFormed(
            "quoted delimiter, quote and line break", "a,b\n\"x,y\",\"say \"\"hi\"\"\"\n\"multi\nline\",z\n",
            header: ["a", "b"], rows: [["x,y", "say \"hi\""], ["multi\nline", "z"]]),
        WellFormed("quoted CRLF kept", "a\n\"x\r\ny\"\n", header: ["a"], rows: [["x\r\ny"]]),
        WellFormed("empty fields", "a,b,c\n,,\n1,,\n", header: ["a", "b", "c"], rows: [["", "", ""], ["1", "", ""]]),
        WellFormed("short and long rows", "a,b\n1\n1,2,3\n", header: ["a", "b"], rows: [["1", nil], ["1", "2"]]),
        WellFormed(
            "UTF-8 BOM skipped", [0xEF, 0xBB, 0xBF] + Array("id,name\n1,Zoë\n".utf8), header: ["id", "name"],
            rows: [["1", "Zoë"]]),
        WellFormed("non-ASCII", "név,城市\nÉmile,東京\n", header: ["név", "城市"], rows: [["Émile", "東京"]]),
        WellFormed("empty quoted field", "a,b\n\"\",x\n", header: ["a", "b"], rows: [["", "x"]]),
        WellFormed("quote inside unquoted field kept", "a\nsay \"hi\"\n", header: ["a"], rows: [["say \"hi\""]]),
    ]

    @Test(arguments: wellFormed, [nil, 1, 3])
    func readsWellFormedCSV(_ example: WellFormed, chunk: Int?) throws {
        let (header, rows) = try Self.read(example.text, chunk: chunk)
        #expect(header == example.header)
        #expect(rows == example.rows)
    }

    @Test func readsOtherDelimiters() throws {
        let (header, rows) = try Self.read(Array("a\tb\n1\t2,3\n".utf8), dialect: .tsv)
        #expect(header == ["a", "b"])
        #expect(rows == [["1", "2,3"]])
    }

    @Test func numbersRowsAsFrictionlessDoes() throws {
        var reader = try CSVReader(source: MemoryByteSource(Array("a\n1\n2\n3\n".utf8)), displayPath: "t.csv", batchSize: 2)
        let first = try #require(try reader.nextBatch())
        let second = try #require(try reader.nextBatch())
        #expect(first.firstRowNumber == 2)
        #expect(second.firstRowNumber == 4)
        #expect(try reader.nextBatch() == nil)
    }

    struct Malformed: CustomTestStringConvertible, Sendable {
        var name: String
        var bytes: [UInt8]
        var expected: String
        var testDescription: String { name }
    }

    static let malformed: [Malformed] = [
        Malformed(
            name: "unterminated quote", bytes: Array("id,comment\n1,fine\n2,\"never closed\n3,more\n".utf8),
            expected:
                "t.csv:3:3: error: quoted field opened here is never closed: expected a closing '\"' before the end of the file [source-error]"
        ),
        Malformed(
            name: "invalid UTF-8", bytes: Array("id,name\n1,ok\n2,ab".utf8) + [0xFF] + Array("c\n".utf8),
            expected: "t.csv:3:5: error: invalid UTF-8 byte sequence: expected UTF-8 text [encoding-error]"),
        Malformed(
            name: "invalid UTF-8 inside a multi-line quoted field",
            bytes: Array("id,note\n1,\"line one\nx".utf8) + [0xC3, 0x28] + Array("\"\n".utf8),
            expected: "t.csv:3:2: error: invalid UTF-8 byte sequence: expected UTF-8 text [encoding-error]"),
        Malformed(
            name: "Latin-1 header", bytes: Array("id,".utf8) + [0x6E, 0xE9, 0x65] + Array("\n".utf8),
            expected: "t.csv:1:5: error: invalid UTF-8 byte sequence: expected UTF-8 text [encoding-error]"),
        Malformed(
            name: "empty file", bytes: [],
            expected: "t.csv:1:1: error: the file is empty: expected a header row [source-error]"),
    ]

    @Test(arguments: malformed, [nil, 1])
    func reportsMalformedInputWithLineAndColumn(_ example: Malformed, chunk: Int?) {
        #expect {
            _ = try Self.read(example.bytes, chunk: chunk)
        } throws: { error in
            "\(error)" == example.expected
        }
    }

    @Test func aMissingFileIsASchemeError() {
        #expect {
            _ = try CSVReader(url: URL(fileURLWithPath: "/nonexistent/data.csv"), displayPath: "data.csv")
        } throws: { error in
            guard let error = error as? TableReadError else { return false }
            return error.code == "scheme-error" && error.location == SourceLocation(file: "data.csv")
                && error.message.hasPrefix("file not found")
        }
    }

    @Test func readsAFileInChunksWithoutLosingRows() throws {
        // More rows than fit in one 256 KiB chunk, so that records straddle chunk ends.
        let directory = try Fixtures.temporaryDirectory()
        let file = directory.appendingPathComponent("big.csv")
        var text = "id,text\n"
        for index in 0..<20_000 { text += "\(index),\"row \(index), with a comma\"\r\n" }
        try text.write(to: file, atomically: true, encoding: .utf8)
        var reader = try CSVReader(url: file, displayPath: "big.csv")
        var count = 0
        var last: String?
        while let batch = try reader.nextBatch() {
            count += batch.rowCount
            last = batch.columns[1].last ?? nil
        }
        #expect(count == 20_000)
        #expect(last == "row 19999, with a comma")
    }
}

/// A reader that keeps only the columns its consumer reads: those read exactly as when
/// every column is kept, the others as missing, whatever the rows' shapes.
@Suite("Column projection")
struct ColumnProjectionTests {
    static let text = "a,b,c,d\n1,2,3,4\n5,6\n\n7,8,9,10,11\n,,x,\n"

    static func batches(keeping columns: Set<Int>?) throws -> [RowBatch] {
        var reader = try CSVReader(source: TrickleByteSource(bytes: Array(text.utf8), size: 5), displayPath: "t.csv", batchSize: 2)
        reader.keptColumns = columns
        var batches: [RowBatch] = []
        while let batch = try reader.nextBatch() { batches.append(batch) }
        return batches
    }

    @Test(arguments: [Set([0]), Set([1, 3]), Set([2]), Set([0, 1, 2, 3]), Set<Int>()])
    func keptColumnsReadAsWithoutAProjection(_ kept: Set<Int>) throws {
        let all = try Self.batches(keeping: nil)
        let projected = try Self.batches(keeping: kept)
        #expect(projected.count == all.count)
        for (full, batch) in zip(all, projected) {
            #expect(batch.rowCount == full.rowCount && batch.lineNumbers == full.lineNumbers)
            #expect(batch.extraCellCounts == full.extraCellCounts)
            for column in 0..<4 {
                var cells: [String?] = []
                batch.forEachCell(in: column) { cells.append($0.map { String(decoding: $0, as: UTF8.self) }) }
                let expected = kept.contains(column) ? full.columns[column] : Array(repeating: nil, count: full.rowCount)
                #expect(cells == expected, "column \(column)")
                #expect(batch.columns[column] == expected)
                for row in 0..<batch.rowCount {
                    #expect(batch.isMissing(column, row) == (expected[row] == nil))
                }
            }
        }
        // A blank line is blank either way.
        #expect(projected.flatMap { batch in (0..<batch.rowCount).map { batch.isBlank($0) } }.contains(true))
    }
}
