import Foundation
import Testing

@testable import MLGate

/// A binary model gate over a Spark table whose scores are all distinct: the cluster
/// groups the rows and sends them in descending score order with each score's rank
/// (``DatabaseTable/Grouping/ranked(score:)``; a text score cast with `try_cast`), mlgate
/// folds them into sums and keeps no row, and the report is the file mode's.
@Suite("Spark ranked scores", .serialized)
struct SparkRankedTests {
    /// 5,000 rows, 5,000 distinct scores, three regions, a sample weight of four values.
    static func csv() -> String {
        var text = "id,score,label,region,weight\n"
        for i in 1...5000 {
            let score = (Double((i * 7919) % 5000) + 0.5) / 5000
            let label = Double((i * 104729) % 997) / 997 < score ? 1 : 0
            text += "R\(i),\(score),\(label),\(["north", "south", "east"][i % 3]),\(["0.5", "1", "2.25", "3"][i % 4])\n"
        }
        return text
    }

    @Test func aRankedReadGivesTheFileModesReport() async throws {
        let url = try SparkTestServer.shared.get().url
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("ranked.csv")
        try Self.csv().write(to: file, atomically: true, encoding: .utf8)
        try SparkTableReaderTests.view("mlgate_ranked", of: file)
        let typed = "SELECT id, CAST(score AS DOUBLE) AS score, CAST(label AS INT) AS label, region, CAST(weight AS DOUBLE) AS weight FROM global_temp.mlgate_ranked"
        let inputs = ["'\(url)#global_temp.mlgate_ranked'", "{spark: '\(url)', query: '\(typed)'}"]
        try await RankedScoresTests.expectInputsMatchFile("ranked.csv", inputs, summed: Set(inputs), folder: folder, rows: 5000)

        // A ranked read, which the gate takes when the cluster cannot compute the sums:
        // the cluster ranked the text scores, the consumer kept sums, not rows (weighted
        // rows too).
        var columns = PredictionColumns(task: .binary, label: "label", scores: .column("score"), slices: ["region"])
        columns.multiplicity = DatabaseTable.rowCountColumn
        columns.weight = "weight"
        let table = SparkTable(connection: url, relation: .table("global_temp.mlgate_ranked")).grouped(.ranked(score: "score"), reading: "m")
        var reader = try table.reader(location: SourceLocation(file: "m.yml"))
        #expect(Array(reader.columns.suffix(2)) == [DatabaseTable.rowCountColumn, DatabaseTable.distinctScoresColumn])
        var consumer = try RankedScoresConsumer(columns: columns, header: reader.columns, path: "spark")
        reader.keptColumns = consumer.columnsRead
        try consumer.consume(&reader)
        #expect(consumer.loader.labels.count == 0)
        guard case .sums(let sums) = try consumer.finish() else {
            Issue.record("the rows were not folded")
            return
        }
        #expect(sums.rows == 5000 && sums.slices.count == 3)
    }

    /// 5,000 rows of a multiclass model: three classes' probabilities (nearly all
    /// distinct), a label and a prediction, three regions, a weight of four values.
    static func multiclassCSV() -> String {
        var text = "id,label,prediction,p_a,p_b,p_c,region,weight\n"
        for i in 1...5000 {
            let a = Double((i * 7919) % 2503) / 5006, b = Double((i * 104729) % 2501) / 5002
            let label = ["a", "b", "c"][((i * 2_654_435) % 1009) % 3]
            text += "R\(i),\(label),\(["a", "b", "c", "c"][(i * 17) % 4]),\(a),\(b),\(1 - a - b),\(["north", "south", "east"][i % 3]),\(["0.5", "1", "2.25", "3"][i % 4])\n"
        }
        return text
    }

    /// A multiclass gate over a Spark table: the cluster groups the rows and sends each
    /// score column's scores in descending order (`LATERAL VIEW stack`, a text score cast
    /// with `try_cast`), mlgate folds both reads and keeps no row, and the report is the
    /// file mode's.
    @Test func aMulticlassGateGivesTheFileModesReport() async throws {
        let url = try SparkTestServer.shared.get().url
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("multiclass.csv")
        try Self.multiclassCSV().write(to: file, atomically: true, encoding: .utf8)
        try SparkTableReaderTests.view("mlgate_multiclass", of: file)
        let typed = "SELECT id, label, prediction, CAST(p_a AS DOUBLE) AS p_a, CAST(p_b AS DOUBLE) AS p_b, CAST(p_c AS DOUBLE) AS p_c, region, CAST(weight AS DOUBLE) AS weight FROM global_temp.mlgate_multiclass"
        try await WarehouseMulticlassTests.expectInputsMatchFile(
            "multiclass.csv", [("'\(url)#global_temp.mlgate_multiclass'", true), ("{spark: '\(url)', query: '\(typed)'}", true)], folder: folder, rows: 5000)

        var columns = PredictionColumns(task: .multiclass, label: "label", prediction: "prediction", scores: .prefix("p_"), weight: "weight", slices: ["region"])
        columns.multiplicity = DatabaseTable.rowCountColumn
        let table = SparkTable(connection: url, relation: .table("global_temp.mlgate_multiclass")).grouped(.classScores(.prefix("p_")), reading: "m")
        var reader = try table.reader(location: SourceLocation(file: "m.yml"))
        var consumer = try ClassScoresConsumer(columns: columns, header: reader.columns, path: "spark")
        reader.keptColumns = consumer.columnsRead
        try consumer.consume(&reader)
        #expect(consumer.loader?.labels.count == 0)
        guard case .success(let ranking) = consumer.finish() else {
            Issue.record("the scores were not folded")
            return
        }
        #expect(ranking.overall.rows == [5000, 5000, 5000] && ranking.slices["region"]?.count == 3)
    }
}
