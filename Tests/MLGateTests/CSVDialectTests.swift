import Foundation
import Testing

@testable import MLGate

/// A Frictionless dialect case with the records Python's `csv` reads from its text
/// (`Fixtures/data/dialect/cases.json`, written by `generate.py` there).
struct DialectCase: CustomTestStringConvertible, Sendable {
    var name: String
    var descriptor: CSVDialect.Descriptor
    var text: String
    var records: [[String]]
    var testDescription: String { name }

    static let all: [DialectCase] = {
        struct File: Decodable {
            struct Case: Decodable {
                var name: String
                var dialect: [String: Value]
                var text: String
                var records: [[String]]
            }
            var cases: [Case]
        }
        enum Value: Decodable {
            case string(String), bool(Bool)
            init(from decoder: Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let value = try? container.decode(Bool.self) { self = .bool(value) } else {
                    self = .string(try container.decode(String.self))
                }
            }
            var string: String? { if case .string(let value) = self { value } else { nil } }
            var bool: Bool? { if case .bool(let value) = self { value } else { nil } }
        }
        let data = try! Data(contentsOf: Fixtures.url("data/dialect/cases.json"))
        return try! JSONDecoder().decode(File.self, from: data).cases.map { item in
            let d = item.dialect
            let descriptor = CSVDialect.Descriptor(
                delimiter: d["delimiter"]?.string, lineTerminator: d["lineTerminator"]?.string,
                quoteChar: d["quoteChar"]?.string, doubleQuote: d["doubleQuote"]?.bool,
                escapeChar: d["escapeChar"]?.string, skipInitialSpace: d["skipInitialSpace"]?.bool,
                header: d["header"]?.bool, commentChar: d["commentChar"]?.string)
            return DialectCase(name: item.name, descriptor: descriptor, text: item.text, records: item.records)
        }
    }()
}

/// Collects records exactly as the tokenizer hands them out.
struct RecordsSink: CSVRecordSink {
    var records: [[String]] = []
    var current: [String] = []
    var lines: [Int] = []
    /// The encoding errors reported by a recovering tokenizer, with the record and field they precede.
    var malformed: [String] = []

    mutating func malformed(_ error: TableReadError) {
        malformed.append("record \(records.count) field \(current.count): \(error)")
    }

    mutating func field(_ bytes: UnsafeBufferPointer<UInt8>) {
        current.append(String(decoding: bytes, as: UTF8.self))
    }

    mutating func endRecord(line: Int) {
        records.append(current)
        current = []
        lines.append(line)
    }
}

@Suite("CSV dialects")
struct CSVDialectTests {
    /// Every record of `bytes`, read in chunks of `chunk` bytes.
    static func records(
        _ bytes: [UInt8], dialect: CSVDialect, chunk: Int?, forceGeneral: Bool = false, limit: Int = 2,
        recovering: Bool = false
    ) throws(TableReadError) -> RecordsSink {
        try records(
            source: TrickleByteSource(bytes: bytes, size: chunk ?? max(1, bytes.count)), dialect: dialect,
            forceGeneral: forceGeneral, limit: limit, recovering: recovering)
    }

    /// The records of `source`, read `limit` at a time.
    static func records(
        source: some ByteSource, dialect: CSVDialect, forceGeneral: Bool, limit: Int, recovering: Bool
    ) throws(TableReadError) -> RecordsSink {
        var tokenizer = CSVTokenizer(source: source, dialect: dialect, displayPath: "t.csv", forceGeneral: forceGeneral)
        tokenizer.skipsComments = false
        tokenizer.recoversFromEncodingErrors = recovering
        var sink = RecordsSink()
        while try tokenizer.readRecords(into: &sink, limit: limit) > 0 {}
        return sink
    }

    @Test(arguments: DialectCase.all, [nil, 1, 2, 7])
    func readsAsPythonsCSVModule(_ example: DialectCase, chunk: Int?) throws {
        let dialect = try CSVDialect(frictionless: example.descriptor)
        let sink = try Self.records(Array(example.text.utf8), dialect: dialect, chunk: chunk)
        #expect(sink.records == example.records)
        if dialect.splitsAsRFC4180 {
            // The character-level path agrees with the fast path.
            let general = try Self.records(Array(example.text.utf8), dialect: dialect, chunk: chunk, forceGeneral: true)
            #expect(general.records == example.records)
        }
    }

    @Test func theCasesCoverEveryDialectProperty() {
        let descriptors = DialectCase.all.map(\.descriptor)
        #expect(descriptors.contains { $0.delimiter != nil })
        #expect(descriptors.contains { $0.quoteChar == "" })
        #expect(descriptors.contains { $0.doubleQuote == false })
        #expect(descriptors.contains { $0.escapeChar != nil })
        #expect(descriptors.contains { $0.skipInitialSpace == true })
        #expect(descriptors.contains { $0.lineTerminator != nil })
        #expect(DialectCase.all.count >= 25)
    }

    @Test func recordLinesAreWhereRecordsStart() throws {
        let text = "a,b\n\"x\ny\",1\n\n2,\\\n3\n"
        let fast = try Self.records(Array(text.utf8), dialect: .csv, chunk: nil)
        #expect(fast.records == [["a", "b"], ["x\ny", "1"], [], ["2", "\\"], ["3"]])
        #expect(fast.lines == [1, 2, 4, 5, 6])
        let escaped = try Self.records(Array(text.utf8), dialect: CSVDialect(escapeChar: UInt8(ascii: "\\")), chunk: 1)
        #expect(escaped.records == [["a", "b"], ["x\ny", "1"], [], ["2", "\n3"]])
        #expect(escaped.lines == [1, 2, 4, 5])
    }

    // MARK: Descriptors

    @Test func buildsADialectFromAFrictionlessDescriptor() throws {
        let dialect = try CSVDialect(
            frictionless: .init(
                delimiter: ";", lineTerminator: "\n", quoteChar: "'", doubleQuote: false, escapeChar: "\\",
                skipInitialSpace: true, header: false, commentChar: "#"))
        #expect(dialect.delimiter == UInt8(ascii: ";"))
        #expect(dialect.quoteChar == UInt8(ascii: "'"))
        #expect(dialect.doubleQuote == false)
        #expect(dialect.escapeChar == UInt8(ascii: "\\"))
        #expect(dialect.skipInitialSpace && !dialect.header)
        #expect(dialect.commentChar == "#" && dialect.lineTerminator == "\n")
        #expect(try CSVDialect(frictionless: .init()) == .csv)
        #expect(try CSVDialect(frictionless: .init(), base: .tsv) == .tsv)
        #expect(try CSVDialect(frictionless: .init(quoteChar: "")).quoteChar == nil)
        // As frictionless: doubleQuote false without an escape char keeps doubling.
        #expect(try CSVDialect(frictionless: .init(doubleQuote: false)).doubleQuote)
        #expect(CSVDialect.csv.splitsAsRFC4180 && CSVDialect.tsv.isSplittable)
        #expect(!CSVDialect(commentChar: "#").isSplittable && !CSVDialect(header: false).isSplittable)
    }

    struct BadDescriptor: CustomTestStringConvertible, Sendable {
        var descriptor: CSVDialect.Descriptor
        var expected: String
        var testDescription: String { expected }
    }

    static let badDescriptors: [BadDescriptor] = [
        .init(
            descriptor: .init(delimiter: ";;"),
            expected: "'delimiter': expected exactly one ASCII character (such as \",\", \";\", \"|\" or \"\\t\"), found \";;\""),
        .init(
            descriptor: .init(delimiter: ""),
            expected: "'delimiter': expected exactly one ASCII character (such as \",\", \";\", \"|\" or \"\\t\"), found \"\""),
        .init(
            descriptor: .init(delimiter: "§"),
            expected: "'delimiter': expected exactly one ASCII character (such as \",\", \";\", \"|\" or \"\\t\"), found \"§\""),
        .init(
            descriptor: .init(quoteChar: "\"\""),
            expected: "'quoteChar': expected exactly one ASCII character (such as \"\\\"\" or \"'\", or \"\" for no quoting), found \"\\\"\\\"\""),
        .init(
            descriptor: .init(escapeChar: "ab"),
            expected: "'escapeChar': expected exactly one ASCII character (such as \"\\\\\", or \"\" for none), found \"ab\""),
        .init(
            descriptor: .init(delimiter: "\n"),
            expected: "'delimiter': expected one ASCII character other than CR, LF, found \"\\n\""),
        .init(
            descriptor: .init(delimiter: "\"", quoteChar: "\""),
            expected: "'quoteChar': expected a character different from 'delimiter' (both are \"\\\"\")"),
        .init(
            descriptor: .init(quoteChar: "\\", escapeChar: "\\"),
            expected: "'escapeChar': expected a character different from 'quoteChar' (both are \"\\\\\")"),
        .init(
            descriptor: .init(escapeChar: " ", skipInitialSpace: true),
            expected: "'escapeChar': expected one ASCII character other than CR, LF and space (initial spaces are skipped), found \" \""),
        .init(
            descriptor: .init(commentChar: ""),
            expected: "'commentChar': expected a non-empty text without line breaks (such as \"#\"), found \"\""),
    ]

    @Test(arguments: badDescriptors)
    func rejectsBadDescriptorsListingTheChoices(_ example: BadDescriptor) {
        #expect {
            _ = try CSVDialect(frictionless: example.descriptor)
        } throws: { error in
            "\(error)" == example.expected
        }
    }

    // MARK: Reading tables

    /// Header, rows (cells as read) and each batch's first row number.
    static func table(_ text: String, _ dialect: CSVDialect, batchSize: Int = 2, chunk: Int? = nil)
        throws(TableReadError) -> (columns: [String], rows: [[String?]], rowNumbers: [Int], blank: [Bool])
    {
        var reader = try CSVReader(
            source: TrickleByteSource(bytes: Array(text.utf8), size: chunk ?? max(1, text.utf8.count)),
            dialect: dialect, displayPath: "t.csv", batchSize: batchSize)
        var rows: [[String?]] = [], numbers: [Int] = [], blank: [Bool] = []
        while let batch = try reader.nextBatch() {
            for row in 0..<batch.rowCount {
                rows.append(batch.columns.map { $0[row] })
                numbers.append(batch.firstRowNumber + row)
                blank.append(batch.isBlank(row))
            }
        }
        return (reader.columns, rows, numbers, blank)
    }

    @Test(arguments: [nil, 1])
    func blankLinesAreRowsWithoutCells(chunk: Int?) throws {
        for dialect in [CSVDialect.csv, CSVDialect(escapeChar: UInt8(ascii: "\\"))] {
            let table = try Self.table("a,b\n1,2\n\n,\n\r\n3\n", dialect, chunk: chunk)
            #expect(table.columns == ["a", "b"])
            #expect(table.rows == [["1", "2"], [nil, nil], ["", ""], [nil, nil], ["3", nil]])
            #expect(table.rowNumbers == [2, 3, 4, 5, 6])
            #expect(table.blank == [false, true, false, true, false])
        }
    }

    @Test func blankRowsHaveNoExtraCells() throws {
        var reader = try CSVReader(source: MemoryByteSource(Array("a\n\n1,2\n".utf8)), displayPath: "t.csv")
        let batch = try #require(try reader.nextBatch())
        #expect(batch.extraCellCounts == [0, 1])
        #expect(batch.isBlank(0) && !batch.isBlank(1))
        #expect(batch.isMissing(0, 0) && !batch.isMissing(0, 1))
    }

    @Test(arguments: [nil, 1])
    func withoutAHeaderColumnsAreNamedAsFrictionlessNamesThem(chunk: Int?) throws {
        let table = try Self.table("1,x\n2,y,extra\n3\n", CSVDialect(header: false), chunk: chunk)
        #expect(table.columns == ["field1", "field2"])
        #expect(table.rows == [["1", "x"], ["2", "y"], ["3", nil]])
        #expect(table.rowNumbers == [1, 2, 3])
        // The general path too.
        let escaped = try Self.table(
            "1,x\\,y\n2,z\n", CSVDialect(escapeChar: UInt8(ascii: "\\"), header: false), chunk: chunk)
        #expect(escaped.columns == ["field1", "field2"])
        #expect(escaped.rows == [["1", "x,y"], ["2", "z"]])
        #expect(escaped.rowNumbers == [1, 2])
    }

    @Test func aBlankFirstLineIsSkippedToFindTheHeader() throws {
        // frictionless, guessing the header row, takes the first non-blank record (here
        // row 2); the blank line still takes a row number.
        let table = try Self.table("\n1,2\n3,4\n", .csv)
        #expect(table.columns == ["1", "2"])
        #expect(table.rows == [["3", "4"]])
        #expect(table.rowNumbers == [3])
    }

    @Test(arguments: [nil, 1])
    func commentRecordsAreSkippedButCounted(chunk: Int?) throws {
        let text = "id,name\n# a comment,\"quoted\nover two lines\"\n1,a\n2,b\n#x\n#y\n3,c\n\n4,d\n  # not a comment\n#z"
        let table = try Self.table(text, CSVDialect(commentChar: "#"), batchSize: 2, chunk: chunk)
        #expect(table.columns == ["id", "name"])
        #expect(table.rows == [["1", "a"], ["2", "b"], ["3", "c"], [nil, nil], ["4", "d"], ["  # not a comment", nil]])
        // Rows are numbered by record position, as frictionless numbers them.
        #expect(table.rowNumbers == [3, 4, 7, 8, 9, 10])
        for batchSize in [1, 3, 100] {
            #expect(try Self.table(text, CSVDialect(commentChar: "#"), batchSize: batchSize).rowNumbers == [3, 4, 7, 8, 9, 10])
        }
        // A longer comment prefix.
        let slashes = try Self.table("a\n//x\n/y\n", CSVDialect(commentChar: "//"))
        #expect(slashes.rows == [["/y"]])
        #expect(slashes.rowNumbers == [3])
    }

    @Test func commentsBeforeTheHeaderAreSkipped() throws {
        // The header is the first record that is not a comment (the row frictionless
        // picks when it guesses the header); comments before it take row numbers.
        let table = try Self.table("# generated\n#\nid,name\n1,a\n", CSVDialect(commentChar: "#"))
        #expect(table.columns == ["id", "name"])
        #expect(table.rows == [["1", "a"]])
        #expect(table.rowNumbers == [4])
        let headerless = try Self.table("#c\n1\n#d\n2\n", CSVDialect(header: false, commentChar: "#"))
        #expect(headerless.columns == ["field1"])
        #expect(headerless.rowNumbers == [2, 4])
    }

    @Test func emptyInputs() throws {
        #expect(throws: TableReadError.self) { try Self.table("", CSVDialect(header: false)) }
        // Blank lines only: there is no header row to read.
        #expect(throws: TableReadError.self) { try Self.table("\n", .csv) }
        let onlyComments = try Self.table("#a\n#b\n", CSVDialect(header: false, commentChar: "#"))
        #expect(onlyComments.columns == [] && onlyComments.rows == [])
    }

    struct Malformed: CustomTestStringConvertible, Sendable {
        var name: String
        var text: [UInt8]
        var dialect: CSVDialect
        var expected: String
        var testDescription: String { name }
    }

    static let malformed: [Malformed] = [
        Malformed(
            name: "unterminated quote with an escape char",
            text: Array("a,b\n1,\"x\\\"y\n2,3\n".utf8), dialect: CSVDialect(escapeChar: UInt8(ascii: "\\")),
            expected:
                "t.csv:2:3: error: quoted field opened here is never closed: expected a closing '\"' before the end of the file [source-error]"
        ),
        Malformed(
            name: "escape char escaping the closing quote at the end",
            text: Array("a\n\"x\\\"".utf8), dialect: CSVDialect(escapeChar: UInt8(ascii: "\\")),
            expected:
                "t.csv:2:1: error: quoted field opened here is never closed: expected a closing '\"' before the end of the file [source-error]"
        ),
        Malformed(
            name: "unterminated single quote",
            text: Array("a|b\n1|'x\n".utf8), dialect: CSVDialect(delimiter: UInt8(ascii: "|"), quoteChar: UInt8(ascii: "'")),
            expected:
                "t.csv:2:3: error: quoted field opened here is never closed: expected a closing ''' before the end of the file [source-error]"
        ),
        Malformed(
            name: "invalid UTF-8 on the general path",
            text: Array("a;b\n1;x".utf8) + [0xFF] + Array("\n".utf8), dialect: CSVDialect(delimiter: UInt8(ascii: ";"), skipInitialSpace: true),
            expected: "t.csv:2:4: error: invalid UTF-8 byte sequence: expected UTF-8 text [encoding-error]"),
    ]

    @Test(arguments: malformed, [nil, 1])
    func reportsMalformedInput(_ example: Malformed, chunk: Int?) {
        #expect {
            var reader = try CSVReader(
                source: TrickleByteSource(bytes: example.text, size: chunk ?? example.text.count), dialect: example.dialect,
                displayPath: "t.csv")
            while try reader.nextBatch() != nil {}
        } throws: { error in
            "\(error)" == example.expected
        }
    }
}
