import Foundation
import Testing

@testable import MLGate

@Suite("JSON Lines reading")
struct JSONLinesReaderTests {
    /// Reads everything: columns, then rows (`nil` where a key is missing or null), and
    /// each row's count of keys that are not columns.
    static func read(_ bytes: [UInt8], chunk: Int? = nil) throws(TableReadError) -> (
        header: [String], rows: [[String?]], extras: [Int]
    ) {
        func drain(_ reader: inout some TableReader) throws(TableReadError) -> ([[String?]], [Int]) {
            var rows: [[String?]] = []
            var extras: [Int] = []
            while let batch = try reader.nextBatch() {
                for row in 0..<batch.rowCount {
                    rows.append(batch.columns.map { $0[row] })
                }
                extras += batch.extraCellCounts
            }
            return (rows, extras)
        }
        if let chunk {
            var reader = try JSONLinesReader(
                source: TrickleByteSource(bytes: bytes, size: chunk), displayPath: "t.jsonl", batchSize: 2)
            let (rows, extras) = try drain(&reader)
            return (reader.columns, rows, extras)
        }
        var reader = try JSONLinesReader(source: MemoryByteSource(bytes), displayPath: "t.jsonl", batchSize: 2)
        let (rows, extras) = try drain(&reader)
        return (reader.columns, rows, extras)
    }

    struct WellFormed: CustomTestStringConvertible, Sendable {
        var name: String
        var bytes: [UInt8]
        var header: [String]
        var rows: [[String?]]
        /// Keys beyond the columns, per row; all 0 when not given.
        var extras: [Int]?
        var testDescription: String { name }

        init(_ name: String, _ text: String, header: [String], rows: [[String?]], extras: [Int]? = nil) {
            self.init(name, Array(text.utf8), header: header, rows: rows, extras: extras)
        }

        init(_ name: String, _ bytes: [UInt8], header: [String], rows: [[String?]], extras: [Int]? = nil) {
            self.name = name
            self.bytes = bytes
            self.header = header
            self.rows = rows
            self.extras = extras
        }
    }

    static let deepArray = String(repeating: "[", count: JSONLineParser.maximumDepth - 1)
        + String(repeating: "]", count: JSONLineParser.maximumDepth - 1)

    static let wellFormed: [WellFormed] = [
        WellFormed(
            "columns in key order of the first object", #"{"b":1,"a":2,"c":3}"# + "\n" + #"{"a":"x","c":"z","b":"y"}"# + "\n",
            header: ["b", "a", "c"], rows: [["1", "2", "3"], ["y", "x", "z"]]),
        WellFormed(
            "missing and extra keys", #"{"a":1,"b":2}"# + "\n" + #"{"b":3,"z":9,"y":8}"# + "\n" + #"{"a":4}"# + "\n",
            header: ["a", "b"], rows: [["1", "2"], [nil, "3"], ["4", nil]], extras: [0, 2, 0]),
        WellFormed(
            "null is a missing cell, booleans are text", #"{"a":null,"b":true}"# + "\n" + #"{"a":false,"b":null}"#,
            header: ["a", "b"], rows: [[nil, "true"], ["false", nil]]),
        WellFormed(
            "nested values kept as source text",
            #"{"a":{"x":[1, 2]},"b":[]}"# + "\n" + #"{"a":[{"y":null},"}"],"b":{}}"# + "\n",
            header: ["a", "b"], rows: [[#"{"x":[1, 2]}"#, "[]"], [#"[{"y":null},"}"]"#, "{}"]]),
        WellFormed(
            "numbers kept as written",
            #"{"n":1e-3}"# + "\n" + #"{"n":0.10}"# + "\n" + #"{"n":-0}"# + "\n" + #"{"n":12345678901234567890123}"#
                + "\n" + #"{"n":1E+2}"# + "\n" + #"{"n":-0.5e07}"# + "\n",
            header: ["n"], rows: [["1e-3"], ["0.10"], ["-0"], ["12345678901234567890123"], ["1E+2"], ["-0.5e07"]]),
        WellFormed(
            "string escapes", #"{"s":"a\"b\\c\/d\b\f\n\r\t"}"#, header: ["s"],
            rows: [["a\"b\\c/d\u{8}\u{C}\n\r\t"]]),
        WellFormed(
            "unicode escapes and surrogate pairs", #"{"s":"caf\u00e9 \ud83d\ude00 \u4E2D \u0000"}"#, header: ["s"],
            rows: [["café 😀 中 \u{0}"]]),
        WellFormed("escaped key", #"{"a\u0062":1}"#, header: ["ab"], rows: [["1"]]),
        WellFormed(
            "non-ASCII keys and values", #"{"név":"Zoë","城市":"東京","e":"😀"}"#, header: ["név", "城市", "e"],
            rows: [["Zoë", "東京", "😀"]]),
        WellFormed("CRLF", "{\"a\":1}\r\n{\"a\":2}\r\n", header: ["a"], rows: [["1"], ["2"]]),
        WellFormed(
            "blank and whitespace-only lines skipped", "\n{\"a\":1}\n\n  \t\r\n{\"a\":2}\n\n", header: ["a"],
            rows: [["1"], ["2"]]),
        WellFormed(
            "UTF-8 BOM skipped", [0xEF, 0xBB, 0xBF] + Array("{\"id\":1}\n".utf8), header: ["id"], rows: [["1"]]),
        WellFormed("no final line break", "{\"a\":1}\n{\"a\":2}", header: ["a"], rows: [["1"], ["2"]]),
        WellFormed(
            "whitespace between tokens", " { \"a\" : 1 ,\t\"b\" : [ 1 , 2 ] } \n", header: ["a", "b"],
            rows: [["1", "[ 1 , 2 ]"]]),
        WellFormed(
            "a repeated key keeps its last value", #"{"a":1,"b":2,"a":3}"# + "\n" + #"{"b":4,"b":5}"# + "\n",
            header: ["a", "b"], rows: [["3", "2"], [nil, "5"]]),
        WellFormed(
            "an empty first object has no columns", "{}\n{\"a\":1}\n", header: [], rows: [[], []], extras: [0, 1]),
        WellFormed(
            "nesting at the limit", "{\"a\":\(deepArray)}\n", header: ["a"], rows: [[deepArray]]),
        WellFormed("empty string", #"{"a":""}"#, header: ["a"], rows: [[""]]),
    ]

    @Test(arguments: wellFormed, [nil, 1, 3])
    func readsWellFormedJSONLines(_ example: WellFormed, chunk: Int?) throws {
        let (header, rows, extras) = try Self.read(example.bytes, chunk: chunk)
        #expect(header == example.header)
        #expect(rows == example.rows)
        #expect(extras == example.extras ?? Array(repeating: 0, count: example.rows.count))
    }

    @Test func numbersRowsAsFrictionlessDoes() throws {
        let text = "{\"a\":1}\n\n{\"a\":2}\n{\"a\":3}\n"
        var reader = try JSONLinesReader(source: MemoryByteSource(Array(text.utf8)), displayPath: "t.jsonl", batchSize: 2)
        let first = try #require(try reader.nextBatch())
        let second = try #require(try reader.nextBatch())
        #expect(first.firstRowNumber == 2)
        #expect(first.rowCount == 2)
        #expect(second.firstRowNumber == 4)
        #expect(second.rowCount == 1)
        #expect(try reader.nextBatch() == nil)
    }

    struct Malformed: CustomTestStringConvertible, Sendable {
        var name: String
        var bytes: [UInt8]
        var expected: String
        var testDescription: String { name }

        init(_ name: String, _ text: String, _ expected: String) {
            self.init(name, Array(text.utf8), expected)
        }

        init(_ name: String, _ bytes: [UInt8], _ expected: String) {
            self.name = name
            self.bytes = bytes
            self.expected = expected
        }
    }

    static let malformed: [Malformed] = [
        Malformed(
            "unterminated string", "{\"a\":1}\n{\"a\":\"never closed}\n{\"a\":2}\n",
            #"t.jsonl:2:6: error: string opened here is never closed: expected a closing '"' before the end of the line [source-error]"#
        ),
        Malformed(
            "trailing comma in an object", #"{"a":1,}"#,
            #"t.jsonl:1:8: error: expected a key (a string in double quotes) after ',' in an object, found '}' [source-error]"#
        ),
        Malformed(
            "trailing comma in an array", #"{"a":[1,]}"#,
            #"t.jsonl:1:9: error: expected a value after ',' in an array, found ']' [source-error]"#),
        Malformed(
            "missing comma", #"{"a":1 "b":2}"#,
            #"t.jsonl:1:8: error: expected ',' or '}' after a value in an object, found '"' [source-error]"#),
        Malformed(
            "unquoted key", #"{a:1}"#,
            #"t.jsonl:1:2: error: expected a key (a string in double quotes) or '}', found 'a' [source-error]"#),
        Malformed(
            "missing colon", #"{"a" 1}"#,
            #"t.jsonl:1:6: error: expected ':' after a key in an object, found '1' [source-error]"#),
        Malformed(
            "bad escape", #"{"a":"x\q"}"#,
            #"t.jsonl:1:9: error: expected one of '"', '\', '/', 'b', 'f', 'n', 'r', 't' or 'u' after '\' in a string, found 'q' [source-error]"#
        ),
        Malformed(
            "bad unicode escape", #"{"a":"\u12G4"}"#,
            #"t.jsonl:1:11: error: expected four hexadecimal digits after '\u', found 'G' [source-error]"#),
        Malformed(
            "unpaired high surrogate", #"{"a":"x\ud83dy"}"#,
            #"t.jsonl:1:8: error: unpaired surrogate '\ud83d' in a string: expected a high surrogate (\uD800-\uDBFF) followed by a low surrogate (\uDC00-\uDFFF) [source-error]"#
        ),
        Malformed(
            "lone low surrogate", #"{"a":"\uDE00"}"#,
            #"t.jsonl:1:7: error: unpaired surrogate '\uDE00' in a string: expected a high surrogate (\uD800-\uDBFF) followed by a low surrogate (\uDC00-\uDFFF) [source-error]"#
        ),
        Malformed(
            "unescaped control character", "{\"a\":\"tab\there\"}",
            #"t.jsonl:1:10: error: unescaped control character U+0009 in a string: expected it written as an escape such as '\u0009' [source-error]"#
        ),
        Malformed(
            "leading zero", "{\"a\":1}\n{\"a\":012}\n",
            #"t.jsonl:2:7: error: leading zeros are not allowed in a number: expected '.', 'e' or the end of the number after '0', found '1' [source-error]"#
        ),
        Malformed(
            "plus sign", #"{"a":+1}"#,
            #"t.jsonl:1:6: error: expected a value after ':' in an object, found '+' [source-error]"#),
        Malformed(
            "no digit before the point", #"{"a":.5}"#,
            #"t.jsonl:1:6: error: expected a value after ':' in an object, found '.' [source-error]"#),
        Malformed(
            "no digit after the point", #"{"a":1.}"#,
            #"t.jsonl:1:8: error: expected a digit after '.' in a number, found '}' [source-error]"#),
        Malformed(
            "empty exponent", #"{"a":[1e+]}"#,
            #"t.jsonl:1:10: error: expected a digit in the exponent of a number, found ']' [source-error]"#),
        Malformed(
            "NaN", #"{"a":NaN}"#,
            #"t.jsonl:1:6: error: expected a value after ':' in an object, found 'NaN' [source-error]"#),
        Malformed(
            "-Infinity", #"{"a":-Infinity}"#,
            #"t.jsonl:1:7: error: expected a digit after '-' in a number, found 'I' [source-error]"#),
        Malformed(
            "misspelt literal after a blank line", "{\"a\":1}\n\n{\"a\":tru}\n",
            #"t.jsonl:3:6: error: expected a value after ':' in an object, found 'tru' [source-error]"#),
        Malformed(
            "invalid UTF-8 in a string", Array("{\"a\":1}\n{\"a\":\"ab".utf8) + [0xFF] + Array("c\"}\n".utf8),
            "t.jsonl:2:9: error: invalid UTF-8 byte sequence: expected UTF-8 text [encoding-error]"),
        Malformed(
            "invalid UTF-8 after non-ASCII text", Array("{\"é\":\"x".utf8) + [0xC3, 0x28] + Array("\"}".utf8),
            "t.jsonl:1:8: error: invalid UTF-8 byte sequence: expected UTF-8 text [encoding-error]"),
        Malformed(
            "invalid UTF-8 outside a string", Array("{\"a\":".utf8) + [0xFF] + Array("}".utf8),
            "t.jsonl:1:6: error: invalid UTF-8 byte sequence: expected UTF-8 text [encoding-error]"),
        Malformed(
            "encoded surrogate is not UTF-8", Array("{\"a\":\"".utf8) + [0xED, 0xA0, 0x80] + Array("\"}".utf8),
            "t.jsonl:1:7: error: invalid UTF-8 byte sequence: expected UTF-8 text [encoding-error]"),
        Malformed(
            "non-breaking space between tokens", "{\"a\":\u{A0}1}",
            "t.jsonl:1:6: error: expected a value after ':' in an object, found U+00A0 [source-error]"),
        Malformed(
            "columns count Unicode scalars", #"{"名前":"x", 1}"#,
            #"t.jsonl:1:12: error: expected a key (a string in double quotes) after ',' in an object, found '1' [source-error]"#
        ),
        Malformed(
            "a line that is an array", "{\"a\":1}\n[1,2]\n",
            "t.jsonl:2:1: error: expected a JSON object on each line, found an array [source-error]"),
        Malformed(
            "a first line that is a string", "  \"x\"\n",
            "t.jsonl:1:3: error: expected a JSON object on each line, found a string [source-error]"),
        Malformed(
            "a line that is null", "{\"a\":1}\r\nnull\r\n",
            "t.jsonl:2:1: error: expected a JSON object on each line, found null [source-error]"),
        Malformed(
            "two objects on one line", #"{"a":1} {"a":2}"#,
            "t.jsonl:1:9: error: expected the end of the line after the object, found '{' [source-error]"),
        Malformed(
            "truncated last line", "{\"a\":1}\n{\"a\":",
            "t.jsonl:2:6: error: expected a value after ':' in an object, found the end of the file [source-error]"),
        Malformed(
            "truncated string on the last line", "{\"a\":1}\n{\"a\":\"x",
            #"t.jsonl:2:6: error: string opened here is never closed: expected a closing '"' before the end of the file [source-error]"#
        ),
        Malformed(
            "object cut short by a line break", "{\"a\":[1,\n2]}\n",
            "t.jsonl:1:9: error: expected a value after ',' in an array, found the end of the line [source-error]"),
        Malformed(
            "CRLF line with an error", "{\"a\":1}\r\n{\"a\":}\r\n",
            "t.jsonl:2:6: error: expected a value after ':' in an object, found '}' [source-error]"),
        Malformed(
            "BOM is not a column", [0xEF, 0xBB, 0xBF] + Array("{\"a\":}".utf8),
            "t.jsonl:1:6: error: expected a value after ':' in an object, found '}' [source-error]"),
        Malformed(
            "nesting deeper than the limit", "{\"a\":" + String(repeating: "[", count: 600),
            "t.jsonl:1:517: error: nesting deeper than 512 levels: expected at most 512 nested objects and arrays [source-error]"
        ),
        Malformed(
            "empty file", [],
            "t.jsonl:1:1: error: the file is empty: expected at least one JSON object [source-error]"),
        Malformed(
            "only blank lines", "\n  \r\n\n",
            "t.jsonl:1:1: error: the file is empty: expected at least one JSON object [source-error]"),
    ]

    @Test(arguments: malformed, [nil, 1, 3])
    func reportsMalformedInputWithLineAndColumn(_ example: Malformed, chunk: Int?) {
        #expect {
            _ = try Self.read(example.bytes, chunk: chunk)
        } throws: { error in
            "\(error)" == example.expected
        }
    }

    @Test func deepNestingBeyondTheLimitDoesNotExhaustTheStack() {
        let depth = 200_000
        let text = "{\"a\":" + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}\n"
        #expect {
            _ = try Self.read(Array(text.utf8))
        } throws: { error in
            (error as? TableReadError)?.message.hasPrefix("nesting deeper than 512 levels") == true
        }
    }

    @Test func aMissingFileIsASchemeError() {
        #expect {
            _ = try JSONLinesReader(url: URL(fileURLWithPath: "/nonexistent/data.jsonl"), displayPath: "data.jsonl")
        } throws: { error in
            guard let error = error as? TableReadError else { return false }
            return error.code == "scheme-error" && error.location == SourceLocation(file: "data.jsonl")
                && error.message.hasPrefix("file not found")
        }
    }

    @Test func readsAFileInChunksWithoutLosingRows() throws {
        // More rows than fit in one 256 KiB chunk, so that lines straddle chunk ends.
        let directory = try Fixtures.temporaryDirectory()
        let file = directory.appendingPathComponent("big.jsonl")
        var text = ""
        for index in 0..<20_000 {
            text += #"{"id":\#(index),"text":"row \#(index), caf\u00e9","tags":["a",\#(index)]}"# + "\r\n"
        }
        try text.write(to: file, atomically: true, encoding: .utf8)
        var reader = try JSONLinesReader(url: file, displayPath: "big.jsonl")
        #expect(reader.columns == ["id", "text", "tags"])
        var count = 0
        var last: [String?] = []
        while let batch = try reader.nextBatch() {
            count += batch.rowCount
            last = batch.columns.map { $0.last ?? nil }
        }
        #expect(count == 20_000)
        #expect(last == ["19999", "row 19999, café", #"["a",19999]"#])
    }
}
