import Foundation
import Testing

@testable import MLGate

/// A table read from Spark through Spark Connect reads cell for cell as the CSV file it
/// was loaded from (the bundled example, as a view of every column as text).
@Suite("Spark table reading", .serialized)
struct SparkTableReaderTests {
    static func url() throws -> SparkConnectURL {
        try SparkConnectURL(try SparkTestServer.shared.get().url)
    }

    static func reader(_ relation: DatabaseTable.Relation) throws -> SparkTableReader {
        try SparkTable(connection: try SparkTestServer.shared.get().url, relation: relation).reader(location: SourceLocation(file: "test"))
    }

    /// Makes `global_temp.NAME` a view of the CSV file (every column a string).
    static func view(_ name: String, of file: URL) throws {
        let client = try SparkConnectClient(url: try url(), timeout: 120)
        try client.executeSQL(
            "CREATE OR REPLACE GLOBAL TEMPORARY VIEW \(name) USING csv OPTIONS (path '\(file.path)', header 'true', multiLine 'true', escape '\"')"
        ) { _ throws(SparkConnectError) in }
    }

    /// Writes `text` to `file` in `folder` and makes it the view `name` (a pairing test's
    /// candidate or champion, read from the file by the file mode too).
    static func view(_ name: String, writing text: String, to file: String, in folder: URL) throws {
        try text.write(to: folder.appendingPathComponent(file), atomically: true, encoding: .utf8)
        try view(name, of: folder.appendingPathComponent(file))
    }

    static func cells(_ reader: inout some TableReader) throws -> [[String?]] {
        var rows: [[String?]] = []
        while let batch = try reader.nextBatch() {
            for row in 0..<batch.rowCount { rows.append((0..<batch.width).map { batch.string($0, row) }) }
        }
        return rows
    }

    @Test("the example's files read from Spark as from CSV", arguments: ["predictions.csv", "loans.csv"])
    func example(_ file: String) throws {
        let path = Fixtures.repositoryRoot.appendingPathComponent("Examples/loans/\(file)")
        let name = "mlgate_" + file.replacingOccurrences(of: ".csv", with: "")
        try Self.view(name, of: path)
        var csv = try CSVReader(url: path, displayPath: file)
        let expected = try Self.cells(&csv)
        var spark = try Self.reader(.table("global_temp.\(name)"))
        #expect(spark.columns == csv.columns)
        let read = try Self.cells(&spark)
        #expect(read.count == expected.count)
        for (row, (got, want)) in zip(read, expected).enumerated() where got != want {
            Issue.record("\(file) row \(row + 2): Spark \(got), CSV \(want)")
            break
        }
    }

    @Test("typed columns read as their pandas text; only kept columns are decoded")
    func typedQuery() throws {
        let query = "SELECT id, id / 4 AS quarter, CAST(id AS DECIMAL(10, 3)) AS amount, IF(id % 3 = 0, NULL, id % 2 = 0) AS flag, DATE_ADD(DATE'2024-02-28', CAST(id AS INT)) AS day FROM RANGE(0, 5000)"
        var reader = try Self.reader(.query(query))
        #expect(reader.columns == ["id", "quarter", "amount", "flag", "day"])
        reader.keptColumns = [1, 2, 3, 4]
        let rows = try Self.cells(&reader)
        #expect(rows.count == 5000)
        #expect(rows[1] == [nil, "0.25", "1.000", "False", "2024-02-29"])
        #expect(rows[2][3] == "True")
        #expect(rows[3][3] == "")
        #expect(rows[4999][4] == "2037-11-05")
    }

    @Test("a missing table is a located error with Spark's error class")
    func missingTable() throws {
        #expect {
            _ = try Self.reader(.table("mlgate_no_such_table"))
        } throws: { error in
            guard let error = error as? TableReadError else { return false }
            return error.message.contains("[TABLE_OR_VIEW_NOT_FOUND]") && error.location.file.contains("table mlgate_no_such_table")
        }
    }
}
