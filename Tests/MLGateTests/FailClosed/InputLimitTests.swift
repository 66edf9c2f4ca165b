import Foundation
import Testing
@testable import MLGate

/// An endless input, as `/dev/zero` is: `pattern` over and over, a megabyte a chunk.
struct EndlessByteSource: ByteSource {
    let chunk: [UInt8]
    var chunksLeft = 4096

    init(pattern: [UInt8]) {
        var chunk: [UInt8] = []
        chunk.reserveCapacity(1 << 20)
        while chunk.count + pattern.count <= 1 << 20 { chunk.append(contentsOf: pattern) }
        self.chunk = chunk
    }

    mutating func nextChunk() throws(TableReadError) -> [UInt8]? {
        guard chunksLeft > 0 else { return nil }
        chunksLeft -= 1
        return chunk
    }
}

/// Counts records and fields, keeping nothing.
struct CountingSink: CSVRecordSink {
    var fields = 0, records = 0
    mutating func field(_ bytes: UnsafeBufferPointer<UInt8>) { fields += 1 }
    mutating func endRecord(line: Int) { records += 1 }
}

/// Issue #21, item 5: the documented limits (docs/limits.md), each crossed, each an
/// exit-2 error with its location rather than memory growing without bound.
@Suite("Input limits", .timeLimit(.minutes(3)))
struct InputLimitTests {
    private func read(_ pattern: String, general: Bool) throws(TableReadError) {
        var tokenizer = CSVTokenizer(
            source: EndlessByteSource(pattern: Array(pattern.utf8)), dialect: .csv, displayPath: "endless.csv", forceGeneral: general)
        var sink = CountingSink()
        while try tokenizer.readRecords(into: &sink, limit: 1000) > 0 {}
    }

    /// An endless field (`/dev/zero`) is refused at its first character, an endless
    /// record of short fields at its line; on both paths of the tokenizer.
    @Test(arguments: [("\0", "the field starting here is longer than mlgate's limit of 32 MiB (33554432 bytes"),
                      ("abcdefg,", "the record starting here is longer than mlgate's limit of 64 MiB (67108864 bytes")],
          [false, true])
    func anEndlessFieldOrRecordIsRefusedWhereItStarts(example: (pattern: String, message: String), general: Bool) {
        let message = example.message
        #expect {
            try read(example.pattern, general: general)
        } throws: { error in
            guard let error = error as? TableReadError else { return false }
            return error.location == SourceLocation(file: "endless.csv", line: 1, column: 1) && error.message.contains(message)
        }
    }

    @Test func longRecordsBelowTheLimitAreRead() throws {
        // 3 MB fields in 12 records: nothing near a limit.
        let field = String(repeating: "x", count: 3 << 20)
        let text = (0..<12).map { _ in "\(field),1\n" }.joined()
        for general in [false, true] {
            var tokenizer = CSVTokenizer(source: TrickleByteSource(bytes: Array(text.utf8), size: 1 << 18), dialect: .csv, displayPath: "t.csv", forceGeneral: general)
            var sink = CountingSink()
            while try tokenizer.readRecords(into: &sink, limit: 5) > 0 {}
            #expect(sink.records == 12 && sink.fields == 24)
        }
    }

    @Test func anEndlessJSONLineIsRefused() {
        #expect {
            _ = try JSONLinesReader(source: EndlessByteSource(pattern: Array("{\"a\": \"".utf8) + Array(repeating: UInt8(ascii: "x"), count: 100)), displayPath: "endless.jsonl")
        } throws: { error in
            guard let error = error as? TableReadError else { return false }
            return error.location == SourceLocation(file: "endless.jsonl", line: 1, column: 1) && error.message.contains("the line starting here")
        }
    }

    @Test func aHeaderWiderThanTheLimitIsRefused() throws {
        let header = (0...InputLimits.columns).map { "c\($0)" }.joined(separator: ",") + "\n1\n"
        #expect {
            _ = try CSVReader(source: MemoryByteSource(Array(header.utf8)), displayPath: "wide.csv")
        } throws: { error in
            (error as? TableReadError)?.message.contains("the header has 65537 columns") == true
        }
    }

    /// An alias bomb: nine aliases of nine aliases of … (9¹³ nodes expanded).
    static func aliasBomb(levels: Int = 12, then last: String) -> String {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n"
        for level in 1...levels { yaml += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ") + "]\n" }
        return yaml + last.replacingOccurrences(of: "LAST", with: "a\(levels)") + "\n"
    }

    @Test func aDialectFileAliasBombIsRefusedQuickly() throws {
        let folder = try Fixtures.temporaryDirectory()
        let url = folder.appendingPathComponent("bomb.yaml")
        try Data(Self.aliasBomb(then: "delimiter: *LAST").utf8).write(to: url)
        let start = ContinuousClock.now
        #expect {
            _ = try DialectFile.load(url: url, displayPath: "bomb.yaml")
        } throws: { error in
            guard let diagnostic = (error as? DiagnosticError)?.diagnostics.first else { return false }
            return diagnostic.location?.file == "bomb.yaml" && diagnostic.location?.line != nil
                && diagnostic.message.contains("the dialect file expands to more than 1000000 nodes through its aliases")
        }
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    /// What the dialect fuzz target found: an alias used as a mapping key makes Yams hash
    /// the whole expanded tree (its duplicate-key check), for ever. Configs and schemas too.
    @Test func anAliasUsedAsAKeyIsRefusedQuicklyEverywhere() throws {
        let start = ContinuousClock.now
        let yaml = Self.aliasBomb(levels: 9, then: "delimiter: [{? *LAST : x}]")
        #expect(throws: DiagnosticError.self) { _ = try DialectFile.parse(yaml, displayPath: "d.yaml") }
        #expect(throws: DiagnosticError.self) { _ = try SchemaLoader.parse(yaml, file: "s.yaml") }
        #expect {
            _ = try ConfigLoader.parse(yaml, file: "mlgate.yml", directory: URL(fileURLWithPath: "/nonexistent"))
        } throws: { error in
            (error as? DiagnosticError)?.diagnostics.first?.message.contains("the config expands to more than") == true
        }
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    @Test func aliasesWithinTheLimitStillLoad() throws {
        let dialect = try DialectFile.parse("d: &d ';'\ndelimiter: *d\n", displayPath: "d.yaml")
        #expect(dialect.delimiter == UInt8(ascii: ";"))
    }

    @Test func aDocumentLargerThanTheLimitIsRefused() throws {
        #expect {
            _ = try DocumentFile.read(URL(fileURLWithPath: "/dev/zero"))
        } throws: { error in
            "\(error)".contains("larger than mlgate's limit of 67108864 bytes")
        }
    }
}
