import Foundation
import Testing

@testable import MLGate

/// Numbers a server holds as text are read by it only in a plain decimal's shape
/// (``PostgreSQLDialect/decimalShape``, at most ``PostgreSQLDialect/decimalLength``
/// characters): for every such text, PostgreSQL's cast gives the double mlgate's reader
/// gives (``NumberParser``), bit for bit; a text the reader refuses never has the
/// shape. Checked on the server, on hand-picked texts and on thousands drawn at random
/// around the shape's bounds.
@Suite struct WarehouseDecimalTextTests {
    /// Texts at the shape's edges, each with whether it has the shape.
    static let picked: [(text: String, shaped: Bool)] = [
        ("0", true), ("-0", true), ("+1", true), ("1.", true), (".5", true), ("-.5", true), (" 0.25", true), ("-7e-3  ", true),
        ("1e5", true), ("1E-05", true), ("1.e5", true), ("+.5E+99", true), ("12345678901234567890", true),
        ("0.1000000000000000055511151231257827", true), ("9007199254740993", true), ("2.5e-99", true),
        (String(repeating: "9", count: 30) + "." + String(repeating: "9", count: 30) + "e99", true),
        (String(repeating: "9", count: 97) + "e99", true), ("-." + String(repeating: "0", count: 93) + "1e-99", true),
        (String(repeating: "7", count: 100), true), (String(repeating: "7", count: 101), false),
        (" " + String(repeating: "7", count: 99) + " ", false),
        // Not the shape: the reader reads some of these (the gate then reads the rows).
        ("1.7976931348623157e308", false), ("1e400", false), ("5e-324", false), ("inf", false), ("-Infinity", false), ("NaN", false),
        ("0x1p-3", false), ("", false), (" ", false), ("1,5", false), ("1_000", false), ("--1", false), ("1e", false), ("e5", false),
        ("1.2.3", false), (".", false), ("+", false), ("\u{663}", false), ("1\n", false), ("1 2", false), ("0.25\t", false),
        ("\t -7e-3", false),
        ("0." + String(repeating: "1", count: 201), false),
    ]

    /// Texts drawn around the shape: a sign or not, up to 80 digits before the point and
    /// 201 after, an exponent of up to three digits, spaces and tabs around.
    static func drawn(_ count: Int) -> [String] {
        var generator = SplitMix64(seed: 20261207)
        func digits(_ n: Int) -> String { String((0..<n).map { _ in Character(String(generator.next() % 10)) }) }
        func pick<T>(_ options: [T]) -> T { options[Int(generator.next() % UInt64(options.count))] }
        return (0..<count).map { _ in
            var text = pick(["", "", "", " ", "\t", "  "]) + pick(["", "", "-", "+"])
            let whole = pick([0, 1, 1, 2, 3, 15, 16, 17, 19, 20, 29, 30, 31, 80])
            let fraction = pick([0, 1, 2, 3, 6, 15, 17, 19, 25, 34, 60, 201])
            text += digits(whole)
            if fraction > 0 || whole == 0 || generator.next() % 4 == 0 { text += "." + digits(fraction) }
            if generator.next() % 3 == 0 {
                text += pick(["e", "E"]) + pick(["", "-", "+"]) + String(generator.next() % pick([10, 100, 100, 400]))
            }
            return text + pick(["", "", "", " ", "\t"])
        }
    }

    @Test func theServerReadsAPlainDecimalAsTheReaderDoes() throws {
        let server = try PostgresTestServer.shared.get()
        let dialect = PostgreSQLDialect()
        let connection = try PostgresConnection(try PostgresConnectionParameters(server.url()), statementTimeout: 0)
        let texts = Self.picked.map(\.text) + Self.drawn(4000)
        var answers: [String?] = []
        // In parts, each a statement of a few hundred literals.
        for start in stride(from: 0, to: texts.count, by: 500) {
            let part = texts[start..<min(start + 500, texts.count)]
            let values = part.enumerated().map { "(\($0.offset), \(dialect.literal($0.element)))" }.joined(separator: ", ")
            let rows = try connection.query(
                "SELECT \(dialect.decimalDouble("t")) FROM (VALUES \(values)) AS v(i, t) ORDER BY i").rows
            answers += rows.map { $0[0] }
        }
        #expect(answers.count == texts.count)
        var shaped = 0, mismatches: [String] = []
        for (text, answer) in zip(texts, answers) {
            let read = Array(text.utf8).withUnsafeBufferPointer { NumberParser.double($0) }
            guard let answer else { continue }
            shaped += 1
            // float8out writes the shortest text that reads back: the server's double exactly.
            if Double(answer)?.bitPattern != read?.bitPattern || read == nil {
                mismatches.append("'\(text)': server \(answer), reader \(read.map { "\($0)" } ?? "none")")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) differ, e.g. \(mismatches.prefix(5))")
        #expect(shaped > 2000, "\(shaped) texts of the shape")
        for (index, (text, isShaped)) in Self.picked.enumerated() {
            #expect((answers[index] != nil) == isShaped, "'\(text)': \(answers[index] ?? "NULL")")
        }
        // A `char(n)` column's padding: compared without it, cast alike.
        let padded = try connection.query("SELECT \(dialect.decimalDouble("c")) FROM (SELECT CAST('0.25' AS char(8)) AS c) AS v").rows
        #expect(padded.first?.first == "0.25")
    }
}
