import Foundation
import Testing

@testable import MLGate

/// A data gate's contract on a database table, pushed down: the server clears the rows
/// it decides break nothing and sends the others with their row numbers, which the
/// contract's own validator judges. The JSON, JUnit and Markdown reports are the file
/// mode's on the same rows (failing cells, row and line numbers included), and only the
/// candidate rows' bytes are moved.
@Suite struct WarehouseContractTests {
    static let schema = #"""
        {
          "fields": [
            {"name": "id", "type": "integer"},
            {"name": "code", "type": "string", "constraints": {"required": true, "pattern": "[A-Z]{2}-\\d{3}"}},
            {"name": "age", "type": "integer", "constraints": {"minimum": 0, "maximum": 120}},
            {"name": "score", "type": "number", "constraints": {"minimum": 0, "exclusiveMaximum": 1}},
            {"name": "region", "type": "string", "constraints": {"required": true, "enum": ["north", "south", "east", "west"]}},
            {"name": "joined", "type": "date"},
            {"name": "active", "type": "boolean"},
            {"name": "note", "type": "string", "constraints": {"maxLength": 12}}
          ],
          "primaryKey": ["id"],
          "uniqueKeys": [["code", "region"]],
          "missingValues": ["", "NA"]
        }
        """#

    static let regions = ["north", "south", "east", "west"]

    /// 3,000 rows with problems of every kind the schema checks planted in a few, and
    /// cells the server cannot clear but that break nothing (`+5`, `1e-3`, Arabic-Indic digits).
    static func rows() -> [[String]] {
        func letter(_ n: Int) -> String { String(UnicodeScalar(UInt8(65 + n % 26))) }
        func code(_ i: Int) -> String { letter(i / 1000) + letter(i / 26) + "-" + String(format: "%03d", i % 1000) }
        var rows: [[String]] = []
        for i in 1...3000 {
            rows.append([
                String(i), code(i), String(i % 90), String(format: "0.%03d", i % 1000), regions[i % 4],
                String(format: "2024-%02d-%02d", i % 12 + 1, i % 28 + 1 + (i % 12 == 0 ? 3 : 0)), i % 2 == 0 ? "true" : "false", "n\(i)",
            ])
        }
        func set(_ i: Int, _ column: Int, _ value: String) { rows[i - 1][column] = value }
        set(3, 7, "line\nbreak")
        set(10, 2, "abc")
        set(20, 2, "150")
        set(25, 2, "+5")
        set(30, 3, "1.5")
        set(31, 3, "1")
        set(32, 3, "1e-3")
        set(40, 4, "")
        set(41, 4, "NA")
        set(50, 4, "up")
        set(60, 1, "ab-123")
        set(61, 1, "AB-\u{0661}\u{0662}\u{0663}")
        set(70, 0, "5")
        set(71, 0, "0007")
        set(80, 5, "2025-02-30")
        set(81, 5, "2024-02-29")
        set(82, 5, "2023-02-29")
        set(90, 6, "maybe")
        set(91, 6, "TRUE")
        rows[99] = Array(repeating: "", count: 8)
        set(110, 7, "a note longer than twelve")
        set(120, 1, rows[118][1])
        set(120, 4, rows[118][4])
        set(130, 0, "")
        set(200, 7, "x\ny\nz")
        set(250, 7, "a\r\nb")
        set(260, 7, "c\rd\r")
        set(2999, 2, "-1")
        return rows
    }

    static func csv(_ rows: [[String]]) -> String {
        func quoted(_ cell: String) -> String {
            cell.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
        }
        let header = "id,code,age,score,region,joined,active,note"
        return ([header] + rows.map { $0.map(quoted).joined(separator: ",") }).joined(separator: "\n") + "\n"
    }

    static func config(_ input: String) -> String {
        "version: 1\ngates:\n  - name: contract\n    kind: data\n    input: \(input)\n    schema: schema.json\n    checks:\n      - check: row_count\n        min: 1\n      - check: missing_fraction\n        column: region\n        max: 0.5\n"
    }

    /// A folder with the schema and the rows as a CSV file, and the rows in `table` (text columns).
    static func prepare(_ server: PostgresTestServer, table: String) throws -> URL {
        let folder = try Fixtures.temporaryDirectory()
        try schema.write(to: folder.appendingPathComponent("schema.json"), atomically: true, encoding: .utf8)
        try csv(rows()).write(to: folder.appendingPathComponent("rows.csv"), atomically: true, encoding: .utf8)
        try server.load(table, from: folder.appendingPathComponent("rows.csv"))
        return folder
    }

    /// The report's renderings with the server's input named as the file.
    static func swapped(_ text: String, url: String, table: String) -> String {
        text.replacingOccurrences(of: "\(postgresDisplay(url: url))#\(table)", with: "rows.csv")
            .replacing(/columns \(PostgreSQL; \d+ rows judged by mlgate, the rest cleared by the server\)/, with: "columns (CSV)")
            .replacingOccurrences(of: "columns (PostgreSQL)", with: "columns (CSV)")
            .replacingOccurrences(of: "db.yml", with: "file.yml")
    }

    /// A CSV of `rows` rows (ids from 1) whose cells are `plain`'s but one a row, taken in
    /// turn column by column from `random` (given the column): each cell the server clears
    /// or sends then decides whether its row is sent. A cell holding a comma, a quote or
    /// a space is quoted.
    static func oneRandomCellARow(header: [String], plain: [String], rows: Int, random: (Int) -> String) -> String {
        var lines = [(["id"] + header).joined(separator: ",")]
        for row in 1...rows {
            var cells = plain
            let column = row % cells.count
            cells[column] = random(column)
            let quoted = cells.map { $0.contains(where: { $0 == "," || $0 == "\"" || $0 == " " }) ? "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : $0 }
            lines.append(([String(row)] + quoted).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The gate run on `csv` (with `schema`) as a file and as `table`, loaded into the test
    /// server: the file mode's report, the server's, and the rows the server sent.
    static func runBoth(csv: String, schema: String, table: String) async throws -> (file: RunReport, server: RunReport, judged: Int) {
        let server = try PostgresTestServer.shared.get()
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try schema.write(to: folder.appendingPathComponent("schema.json"), atomically: true, encoding: .utf8)
        try csv.write(to: folder.appendingPathComponent("rows.csv"), atomically: true, encoding: .utf8)
        try server.load(table, from: folder.appendingPathComponent("rows.csv"))
        // The file is the table as the server scans it: `COPY … FROM` may put a short row
        // into an earlier page's free space (a row's number is its place in a read of the
        // relation, not in the file it was loaded from).
        try server.export(table, to: folder.appendingPathComponent("rows.csv"))
        let url = server.url()
        let (fromFile, fromServer) = try await runBoth(folder: folder, url: url, table: table)
        let input = try #require(fromServer.gates[0].checks.first).message
        let judged = try #require(input.firstMatch(of: /(\d+) rows judged by mlgate/), "\(input)").1
        let json = String(decoding: try JSONRenderer().render(fromFile), as: UTF8.self)
        let db = String(decoding: try JSONRenderer().render(fromServer), as: UTF8.self)
        #expect(swapped(db, url: url, table: table) == json, "the JSON report differs from the file mode's")
        return (fromFile, fromServer, Int(judged) ?? -1)
    }

    /// The gate run on the CSV file in `folder` and on `table`: the file mode's report and the server's.
    static func runBoth(folder: URL, url: String, table: String) async throws -> (file: RunReport, server: RunReport) {
        let fromFile = await GateRunner(config: try ConfigLoader.parse(config("rows.csv"), file: "file.yml", directory: folder))
            .run().withFixedTimes()
        let fromServer = await GateRunner(
            config: try ConfigLoader.parse(config("'\(url)#\(table)'"), file: "db.yml", directory: folder)
        ).run().withFixedTimes()
        return (fromFile, fromServer)
    }

    @Test func contractReportIsTheFileModes() async throws {
        let server = try PostgresTestServer.shared.get()
        let folder = try Self.prepare(server, table: "contract_rows")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = server.url()
        let (fromFile, fromServer) = try await Self.runBoth(folder: folder, url: url, table: "contract_rows")

        // The contract found what was planted, in file mode.
        guard case .contract(let report)? = fromFile.gates[0].detail else { Issue.record("no contract report"); return }
        #expect(report.rows == 3000)
        #expect(report.counts.reduce(0) { $0 + $1.count } >= 18, "\(report.counts)")
        #expect(report.samples.contains { $0.rowNumber == 201 && $0.line == 203 } || report.samples.count < 20)

        // The server sent only the candidates: a few dozen of 3,000 rows.
        let input = try #require(fromServer.gates[0].checks.first)
        let match = try #require(input.message.firstMatch(of: /\(PostgreSQL; (\d+) rows judged by mlgate/))
        #expect((Int(match.1) ?? .max) < 60, "\(input.message)")

        let renderings: [(String, (RunReport) throws -> Data)] = [
            ("JSON", { try JSONRenderer().render($0) }), ("JUnit", { try JUnitRenderer().render($0) }),
            ("Markdown", { MarkdownRenderer().render($0) }),
        ]
        for (name, render) in renderings {
            let file = String(decoding: try render(fromFile), as: UTF8.self)
            let db = String(decoding: try render(fromServer), as: UTF8.self)
            #expect(!db.contains(PostgresTestServer.password))
            #expect(Self.swapped(db, url: url, table: "contract_rows") == file, "the \(name) report differs from file mode")
        }
    }

    /// A query's `ORDER BY` gives the rows their numbers: the report is the file mode's
    /// on the query's rows in that order.
    @Test func queryOrderNumbersTheRows() async throws {
        let server = try PostgresTestServer.shared.get()
        let folder = try Self.prepare(server, table: "contract_ordered")
        defer { try? FileManager.default.removeItem(at: folder) }
        let query = "SELECT * FROM contract_ordered ORDER BY note DESC, code, id"
        let csv = try server.psql("COPY (\(query)) TO STDOUT WITH (FORMAT csv, HEADER true)")
        try csv.write(to: folder.appendingPathComponent("rows.csv"), atomically: true, encoding: .utf8)
        let url = server.url()
        let fromFile = await GateRunner(config: try ConfigLoader.parse(Self.config("rows.csv"), file: "file.yml", directory: folder))
            .run().withFixedTimes()
        let fromServer = await GateRunner(
            config: try ConfigLoader.parse(Self.config("{database: '\(url)', query: \"\(query)\"}"), file: "db.yml", directory: folder)
        ).run().withFixedTimes()
        #expect(fromServer.gates[0].checks.first?.message.contains("rows judged by mlgate") == true)
        let file = String(decoding: try JSONRenderer().render(fromFile), as: UTF8.self)
        let db = String(decoding: try JSONRenderer().render(fromServer), as: UTF8.self)
        #expect(Self.swapped(db, url: url, table: "query") == file)
    }

    /// The bytes moved: the candidates' against the whole table streamed.
    @Test func pushdownMovesOnlyTheCandidates() throws {
        let server = try PostgresTestServer.shared.get()
        let folder = try Self.prepare(server, table: "contract_bytes")
        defer { try? FileManager.default.removeItem(at: folder) }
        let schema = try SchemaLoader.parse(Self.schema, file: "schema.json")
        let table = DatabaseTable(connection: server.url(), relation: .table("contract_bytes"))
        let location = SourceLocation(file: "t.yml")
        let outcome = try #require(
            try ContractPushdown.run(checks: [], schema: schema, table: table, sampleLimit: 10, location: location, file: "t"))
        var streamed = try PostgresTableReader(table, location: location)
        while try streamed.nextBatch() != nil {}
        #expect(outcome.consumer.rows == 3000)

        #expect(outcome.bytesReceived * 20 < streamed.bytesReceived, "pushdown \(outcome.bytesReceived) B, streamed \(streamed.bytesReceived) B")
    }

    /// Typed columns (integers, numeric, dates, booleans) are judged by their text, as a
    /// file of the table holds it; an integer key written other than plainly (`+8`) makes
    /// every row a candidate (its value is not its text), and the report is still the file mode's.
    @Test func typedColumnsAndOddKeysMatchFileMode() async throws {
        let server = try PostgresTestServer.shared.get()
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try server.psql("""
            DROP TABLE IF EXISTS contract_typed;
            CREATE TABLE contract_typed AS SELECT i AS id, (i % 7)::numeric / 4 AS amount, DATE '2024-01-01' + i AS day,
              i % 3 = 0 AS flag, CASE WHEN i = 50 THEN '+8' ELSE (i % 40)::text END AS ref FROM generate_series(1, 400) AS i;
            """)
        let schema = #"""
            {"fields": [{"name": "id", "type": "integer", "constraints": {"maximum": 390}}, {"name": "amount", "type": "number", "constraints": {"maximum": 1.25}},
              {"name": "day", "type": "date"}, {"name": "flag", "type": "boolean"}, {"name": "ref", "type": "integer", "constraints": {"unique": true}}],
             "primaryKey": ["id"]}
            """#
        try schema.write(to: folder.appendingPathComponent("schema.json"), atomically: true, encoding: .utf8)
        let csv = try server.psql("COPY (SELECT id, amount, day, CASE WHEN flag THEN 'true' ELSE 'false' END AS flag, ref FROM contract_typed) TO STDOUT WITH (FORMAT csv, HEADER true)")
        try csv.write(to: folder.appendingPathComponent("rows.csv"), atomically: true, encoding: .utf8)
        let url = server.url()
        let (fromFile, fromServer) = try await Self.runBoth(folder: folder, url: url, table: "contract_typed")
        #expect(fromServer.gates[0].checks.first?.message.contains("400 rows judged by mlgate") == true, "\(fromServer.gates[0].checks.first?.message ?? "")")
        let file = String(decoding: try JSONRenderer().render(fromFile), as: UTF8.self)
        let db = String(decoding: try JSONRenderer().render(fromServer), as: UTF8.self)
        #expect(Self.swapped(db, url: url, table: "contract_typed") == file)
        #expect(file.contains("unique-error") && file.contains("constraint-error"))
    }

    /// A query that fails while the candidates stream is the gate's `input` error, with
    /// the server's message and SQLSTATE, located at the config line, without the password.
    @Test func aFailingQueryIsAnInputError() async throws {
        let server = try PostgresTestServer.shared.get()
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try #"{"fields": [{"name": "x", "type": "integer"}]}"#.write(to: folder.appendingPathComponent("schema.json"), atomically: true, encoding: .utf8)
        let query = "SELECT (1 / (i - 2000))::text AS x FROM generate_series(1, 3000) AS i"
        let run = await GateRunner(
            config: try ConfigLoader.parse(Self.config("{database: '\(server.url())', query: \"\(query)\"}"), file: "db.yml", directory: folder)
        ).run()
        let input = try #require(run.gates[0].checks.first)
        #expect(input.outcome == .error)
        #expect(input.message.contains("division by zero") && input.message.contains("22012"), "\(input.message)")
        #expect(input.location?.line == 5)
        #expect(!input.message.contains(PostgresTestServer.password))
    }

    /// A field the server does not decide (a zoned datetime with a bound: the offset moves
    /// the instant the bound is compared with) streams the table: same report. Without
    /// the bound, its cells are decided.
    @Test func undecidedFormatStreams() throws {
        let server = try PostgresTestServer.shared.get()
        try server.psql("DROP TABLE IF EXISTS contract_day; CREATE TABLE contract_day AS SELECT '2024-01-05 10:00+0100'::text AS day")
        var bounded = FieldConstraints()
        bounded.maximum = "2024-06-30 12:00+0000"
        let table = DatabaseTable(connection: server.url(), relation: .table("contract_day"))
        for (constraints, decided) in [(bounded, false), (FieldConstraints(), true)] {
            let schema = TableSchema(fields: [SchemaField(name: "day", type: .datetime, format: "%Y-%m-%d %H:%M%z", constraints: constraints)])
            let result = try ContractPushdown.run(checks: [], schema: schema, table: table, sampleLimit: 5, location: SourceLocation(file: "t"), file: "t")
            #expect((result != nil) == decided)
        }
    }

    /// The translation of XML Schema patterns to PostgreSQL's regular expressions matches
    /// what the contract's engine matches, on the server, for ASCII cells and (where the
    /// pattern has no `\d \w` escapes) for every cell.
    @Test func translatedPatternsMatchAsTheContractDoes() throws {
        let server = try PostgresTestServer.shared.get()
        let patterns = [
            "A\\d{5}", "[A-Z]{2}-\\d{3}", "(ab|c)*d?", "[^a-c]+", "x.y", "\\w+@\\w+\\.org", "é{2,3}|[α-ω]",
            "\\s?[+\\-]?[0-9]{1,3}(\\.[0-9]{2})?", "\\(\\)\\[\\]\\{\\}\\|\\.\\*\\?\\+\\^\\\\",
        ]
        let cells = [
            "A12345", "A1234", "AB-123", "ab-123", "ababcd", "cd", "d", "", "xyz", "x\ny", "dfg", "bcd", "ok@fine.org", "o_k@a.org",
            "éé", "ééé", "β", "b", " -12.50", "+1", "1.5", "()[]{}|.*?+^\\", "AB-\u{0661}\u{0662}\u{0663}", "xéy",
        ]
        var values: [String] = []
        var expected: [Bool] = []
        let dialect = PostgreSQLDialect()
        for pattern in patterns {
            let posix = try #require(POSIXPattern(pattern), "\(pattern)")
            let xsd = try XMLSchemaPattern(pattern)
            for cell in cells where !posix.asciiOnly || cell.utf8.count == cell.unicodeScalars.count {
                values.append("(\(dialect.literal(cell)) ~ \(dialect.literal(posix.regex)))")
                expected.append(xsd.matches(cell))
            }
        }
        let output = try server.psql("COPY (SELECT \(values.joined(separator: " || ',' || "))) TO STDOUT")
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ",").map { $0 == "true" } == expected)
        // Refused: an ARE bound is at most 255; class subtraction is left to libxml2.
        #expect(POSIXPattern("a{300}") == nil)
        #expect(POSIXPattern("[a-z-[aeiou]]+") == nil)
    }
}
