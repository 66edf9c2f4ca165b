import Foundation
import Testing

@testable import MLGate

/// A data gate's contract on a Spark table, pushed down: the cluster clears the rows it
/// decides break nothing and sends the others, which mlgate numbers from
/// `monotonically_increasing_id()` and its contract's own validator judges. On the
/// PostgreSQL pushdown's fixtures (``WarehouseContractTests``) the JSON, JUnit and
/// Markdown reports are the file mode's, and only the candidates' bytes move.
@Suite("Spark contract pushdown", .serialized)
struct SparkContractTests {
    static func url() throws -> String { try SparkTestServer.shared.get().url }

    /// The PostgreSQL fixtures' rows, each line break in a cell written as a space: a
    /// streamed Spark read numbers lines as rows (docs/spark.md), a CSV file does not.
    static func rows() -> [[String]] {
        WarehouseContractTests.rows().map { $0.map { $0.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ") } }
    }

    /// A folder with the schema and `csv` as rows.csv, the CSV a Spark view named `view`.
    static func prepare(_ csv: String, view: String?, schema: String = WarehouseContractTests.schema) throws -> URL {
        let folder = try Fixtures.temporaryDirectory()
        try schema.write(to: folder.appendingPathComponent("schema.json"), atomically: true, encoding: .utf8)
        try csv.write(to: folder.appendingPathComponent("rows.csv"), atomically: true, encoding: .utf8)
        if let view { try SparkTableReaderTests.view(view, of: folder.appendingPathComponent("rows.csv")) }
        return folder
    }

    static func run(_ input: String, folder: URL, file: String) async throws -> RunReport {
        await GateRunner(config: try ConfigLoader.parse(WarehouseContractTests.config(input), file: file, directory: folder)).run().withFixedTimes()
    }

    /// Spark's report with its input named as the file, its pushdown note left out.
    static func swapped(_ text: String, shown: String) -> String {
        text.replacingOccurrences(of: shown, with: "rows.csv")
            .replacing(/columns \(Spark; pushed down: [^)]*\)/, with: "columns (CSV)")
            .replacingOccurrences(of: "spark.yml", with: "file.yml")
    }

    static func expectSameReports(_ file: RunReport, _ spark: RunReport, shown: String) throws {
        let renderings: [(String, (RunReport) throws -> Data)] = [
            ("JSON", { try JSONRenderer().render($0) }), ("JUnit", { try JUnitRenderer().render($0) }),
            ("Markdown", { MarkdownRenderer().render($0) }),
        ]
        for (name, render) in renderings {
            let fromFile = String(decoding: try render(file), as: UTF8.self)
            let fromSpark = Self.swapped(String(decoding: try render(spark), as: UTF8.self), shown: shown)
            if fromSpark != fromFile {
                let first = zip(fromFile.split(separator: "\n"), fromSpark.split(separator: "\n")).first { $0 != $1 }
                Issue.record("the \(name) report differs from file mode: \(first.map { "file: \($0.0)\nspark: \($0.1)" } ?? "in length")")
            }
        }
    }

    @Test("the PostgreSQL fixtures: the file mode's reports, a few candidates sent")
    func fixturesMatchFileMode() async throws {
        let folder = try Self.prepare(WarehouseContractTests.csv(Self.rows()), view: "mlgate_contract_rows")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = try Self.url()
        let fromFile = try await Self.run("rows.csv", folder: folder, file: "file.yml")
        let fromSpark = try await Self.run("'\(url)#global_temp.mlgate_contract_rows'", folder: folder, file: "spark.yml")
        guard case .contract(let report)? = fromFile.gates[0].detail else { Issue.record("no contract report"); return }
        #expect(report.counts.reduce(0) { $0 + $1.count } >= 18, "\(report.counts)")
        let input = try #require(fromSpark.gates[0].checks.first).message
        let match = try #require(input.firstMatch(of: /pushed down: (\d+) rows fetched for mlgate to judge, the rest cleared by the cluster; (\d+) bytes received/), "\(input)")
        #expect((Int(match.1) ?? .max) < 60, "\(input)")
        try Self.expectSameReports(fromFile, fromSpark, shown: "\(try SparkConnectURL(url).display)#global_temp.mlgate_contract_rows")

        // The bytes moved: the candidates' against the whole table streamed.
        var streamed = try SparkTable(connection: url, relation: .table("global_temp.mlgate_contract_rows")).reader(location: SourceLocation(file: "t"))
        while try streamed.nextBatch() != nil {}
        #expect((Int(match.2) ?? .max) * 5 < streamed.bytesReceived, "pushdown \(match.2) B, streamed \(streamed.bytesReceived) B")
    }

    /// String formats, `time`, `year`, `yearmonth` and bounds on dates, datetimes, times and years
    /// (``WarehouseContractFormatsTests``): the cluster clears the cells of their common
    /// shape, sends the rest, and the reports are the file mode's.
    @Test("formats and date bounds: cleared on the cluster, the file mode's reports")
    func formatsMatchFileMode() async throws {
        try await Self.expectPushedDown(
            WarehouseContractFormatsTests.csv(), schema: WarehouseContractFormatsTests.schema, view: "mlgate_contract_formats",
            fetched: WarehouseContractFormatsTests.candidates)
    }

    /// Dates, datetimes and times of a `format`, and durations, geopoints, lists, objects
    /// and base64 strings, drawn at random around their shapes' edges
    /// (``WarehouseMomentFormatsTests``, ``WarehouseRandomShapesTests``): the reports are
    /// the file mode's.
    @Test("formatted moments and other shapes at random: the file mode's reports")
    func randomMomentsMatchFileMode() async throws {
        try await Self.expectPushedDown(
            WarehouseMomentFormatsTests.csv(rows: 3000, seed: 3), schema: WarehouseMomentFormatsTests.schema,
            view: "mlgate_contract_moments", fetched: nil)
        try await Self.expectPushedDown(
            WarehouseRandomShapesTests.csv(rows: 3000, seed: 3), schema: WarehouseRandomShapesTests.schema,
            view: "mlgate_contract_random_shapes", fetched: nil)
    }

    /// The gate on `csv` as a file and as the Spark view `view`: the cluster sent
    /// `fetched` rows (when given), and the reports are the file mode's.
    static func expectPushedDown(_ csv: String, schema: String, view: String, fetched: Int?) async throws {
        let folder = try Self.prepare(csv, view: view, schema: schema)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = try Self.url()
        let fromFile = try await Self.run("rows.csv", folder: folder, file: "file.yml")
        let fromSpark = try await Self.run("'\(url)#global_temp.\(view)'", folder: folder, file: "spark.yml")
        let input = try #require(fromSpark.gates[0].checks.first).message
        #expect(input.contains("the rest cleared by the cluster"), "\(input)")
        if let fetched { #expect(input.contains("pushed down: \(fetched) rows fetched"), "\(input)") }
        try Self.expectSameReports(fromFile, fromSpark, shown: "\(try SparkConnectURL(url).display)#global_temp.\(view)")
    }

    /// Foreign keys (``WarehouseForeignKeyTests``): the cluster looks each row's key up
    /// among every row's referenced keys and sends the rows whose key it does not find,
    /// with its verdict; a key cell written `+1` sends every row, and the validator looks
    /// the keys up itself. The reports are the file mode's.
    @Test("foreign keys: resolved on the cluster, the file mode's reports", arguments: [false, true])
    func foreignKeysMatchFileMode(oddKey: Bool) async throws {
        try await Self.expectPushedDown(
            WarehouseForeignKeyTests.csv(parent: oddKey ? "+1" : nil), schema: WarehouseForeignKeyTests.schema,
            view: "mlgate_contract_foreign\(oddKey ? "_odd" : "")", fetched: oddKey ? 109 : 4)
    }

    /// Foreign keys of a number and of a boolean (``WarehouseForeignKeyTests``): an
    /// integral number resolves the integer; a parent written `1e0` sends every row.
    @Test("foreign keys of numbers and booleans: resolved on the cluster, the file mode's reports", arguments: [false, true])
    func valueForeignKeysMatchFileMode(oddParent: Bool) async throws {
        try await Self.expectPushedDown(
            WarehouseForeignKeyTests.valuesCSV(oddParent: oddParent ? "1e0" : nil), schema: WarehouseForeignKeyTests.valuesSchema,
            view: "mlgate_contract_foreign_values\(oddParent ? "_odd" : "")", fetched: oddParent ? 100 : 4)
    }

    /// Keys of dates, datetimes, times, years and year-months (``WarehouseKeyTypesTests``):
    /// grouped by their texts on the cluster; an instant written with its zone sends every
    /// row. The reports are the file mode's.
    @Test("keys of dates and times: grouped on the cluster, the file mode's reports", arguments: [false, true])
    func keyTypesMatchFileMode(oddInstant: Bool) async throws {
        try await Self.expectPushedDown(
            WarehouseKeyTypesTests.csv(oddInstant: oddInstant ? "2024-03-01T00:01:00Z" : nil), schema: WarehouseKeyTypesTests.schema,
            view: "mlgate_contract_key_types\(oddInstant ? "_odd" : "")", fetched: oddInstant ? 201 : 5)
    }

    /// Keys of formatted dates and instants (``WarehouseKeyTypesTests``): grouped by the
    /// default format's text they are rearranged as; a day of another shape sends every
    /// row. The reports are the file mode's.
    @Test("keys of formatted moments: grouped on the cluster, the file mode's reports", arguments: [false, true])
    func formattedKeysMatchFileMode(oddDay: Bool) async throws {
        try await Self.expectPushedDown(
            WarehouseKeyTypesTests.formattedCSV(oddDay: oddDay ? "5-Jan-2024" : nil), schema: WarehouseKeyTypesTests.formattedSchema,
            view: "mlgate_contract_key_formats\(oddDay ? "_odd" : "")", fetched: oddDay ? 201 : 7)
    }

    /// Keys of numbers, booleans and formatted strings (``WarehouseKeyTypesTests``):
    /// grouped by their doubles, truths and texts on the cluster; a rate written `4e1`
    /// sends every row. The reports are the file mode's.
    @Test("keys of numbers and booleans: grouped on the cluster, the file mode's reports", arguments: [false, true])
    func valueKeysMatchFileMode(oddRate: Bool) async throws {
        try await Self.expectPushedDown(
            WarehouseKeyTypesTests.valuesCSV(oddRate: oddRate ? "4e1" : nil), schema: WarehouseKeyTypesTests.valuesSchema,
            view: "mlgate_contract_key_values\(oddRate ? "_odd" : "")", fetched: oddRate ? 201 : 10)
    }

    /// Typed columns (integers, doubles, dates, booleans, decimals) over four scan
    /// partitions, keys whose window shuffles the rows, and an integer key written `+8`
    /// (every row a candidate): the reports equal the file mode's on the CSV of a streamed read.
    @Test("typed columns across partitions", arguments: [false, true])
    func typedColumns(oddKey: Bool) async throws {
        let query = """
            SELECT id, CAST(id % 53 AS DOUBLE) / 40 AS amount, IF(id = 77, CAST('NaN' AS DOUBLE), id / 8.0D) AS ratio, DATE_ADD(DATE'2024-01-01', CAST(id AS INT)) AS day,
              id % 3 = 0 AS flag, CASE WHEN id = 50 THEN '\(oddKey ? "+8" : "8")' ELSE CAST(id % 397 AS STRING) END AS ref,
              CAST(id AS DECIMAL(10, 2)) AS price, IF(id = 9, 'x-9', concat('c', CAST(id AS STRING))) AS code
            FROM range(1, 401, 1, 4)
            """.replacingOccurrences(of: "\n", with: " ")
        let schema = #"""
            {"fields": [{"name": "id", "type": "integer", "constraints": {"maximum": 390}}, {"name": "amount", "type": "number", "constraints": {"maximum": 1.25}},
              {"name": "ratio", "type": "number", "constraints": {"required": true, "minimum": 0.5}}, {"name": "day", "type": "date"},
              {"name": "flag", "type": "boolean"}, {"name": "ref", "type": "integer", "constraints": {"unique": true}},
              {"name": "price", "type": "number"}, {"name": "code", "type": "string", "constraints": {"pattern": "c[0-9]+"}}],
             "primaryKey": ["id"], "uniqueKeys": [["code", "id"]]}
            """#
        let folder = try Self.prepare(try SparkPushdownTests.streamedCSV(.query(query)), view: nil, schema: schema)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = try Self.url()
        let fromFile = try await Self.run("rows.csv", folder: folder, file: "file.yml")
        let fromSpark = try await Self.run("{spark: '\(url)', query: \"\(query)\"}", folder: folder, file: "spark.yml")
        let input = try #require(fromSpark.gates[0].checks.first).message
        let sent = try #require(input.firstMatch(of: /pushed down: (\d+) rows fetched/), "\(input)")
        // The odd key makes every row a candidate; otherwise the few that break something.
        #expect(oddKey ? sent.1 == "400" : (Int(sent.1) ?? .max) < 60, "\(input)")
        let json = String(decoding: try JSONRenderer().render(fromFile), as: UTF8.self)
        #expect(json.contains("unique-error") && json.contains("constraint-error"))
        try Self.expectSameReports(fromFile, fromSpark, shown: "\(try SparkConnectURL(url).display) (query)")
    }

    /// The Java translation of XML Schema patterns matches, in Spark's `RLIKE`, what the
    /// contract's engine matches (for ASCII cells where the pattern holds `\d \w`).
    @Test func translatedPatternsMatchAsTheContractDoes() throws {
        let patterns = [
            "A\\d{5}", "[A-Z]{2}-\\d{3}", "(ab|c)*d?", "[^a-c]+", "x.y", "\\w+@\\w+\\.org", "é{2,3}|[α-ω]",
            "\\s?[+\\-]?[0-9]{1,3}(\\.[0-9]{2})?", "\\(\\)\\[\\]\\{\\}\\|\\.\\*\\?\\+\\^\\\\", "[𐀀-𐀂]x", "a$",
        ]
        let cells = [
            "A12345", "A1234", "AB-123", "ab-123", "ababcd", "cd", "d", "", "xyz", "x\ny", "dfg", "bcd", "ok@fine.org", "o_k@a.org",
            "éé", "ééé", "β", "b", " -12.50", "+1", "1.5", "()[]{}|.*?+^\\", "AB-\u{0661}\u{0662}\u{0663}", "xéy", "𐀁x", "A12345\n", "a\n", "a$",
        ]
        var values: [String] = []
        var expected: [Bool] = []
        for pattern in patterns {
            let java = try #require(POSIXPattern(pattern, flavor: .java), "\(pattern)")
            let xsd = try XMLSchemaPattern(pattern)
            for cell in cells where !java.asciiOnly || cell.utf8.count == cell.unicodeScalars.count {
                values.append("\(SparkSQLDialect.literal(cell)) RLIKE \(SparkSQLDialect.literal(java.regex))")
                expected.append(xsd.matches(cell))
            }
        }
        let client = try SparkConnectClient(url: try SparkConnectURL(try Self.url()), timeout: 120)
        var result = try client.execute("SELECT concat_ws(',', \(values.map { "CAST(\($0) AS STRING)" }.joined(separator: ", ")))")
        var text = ""
        while let bytes = try result.nextArrowStream() {
            var reader = ArrowStreamReader(bytes)
            while let batch = try reader.nextBatch() {
                if batch.rowCount > 0 { text = batch.columns[0]?.text(0).map { String(decoding: $0, as: UTF8.self) } ?? "" }
            }
        }
        #expect(text.split(separator: ",").map { $0 == "true" } == expected)
    }
}
