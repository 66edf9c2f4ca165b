import Foundation
import Testing

@testable import MLGate

/// A binary model gate whose ranking, counts, log loss and Brier score the Spark cluster
/// computes (``BinaryRankingPushdown``): the report is the file mode's on the same rows,
/// as on PostgreSQL (``WarehouseBinaryPushdownTests``): tied scores, text classes with a
/// `positive_label`, a prediction column or a threshold, zero weights, missing slice
/// cells, a text score column (read as the file mode reads it) and a decimal one.
@Suite("Spark binary pushdown", .serialized)
struct SparkBinaryPushdownTests {
    /// 6,000 rows shaped as ``WarehouseBinaryPushdownTests/table(_:)``'s.
    static func csv() -> String {
        var text = "id,score,label,prediction,region,segment,weight\n"
        for i in 1...6000 {
            let raw = Double((i * 7919) % 1000) / 999
            let score = i % 1000 == 0 ? "0.995" : String(format: "%.2f", (raw * 100).rounded() / 100)
            let label = Double((i * 104729) % 997) / 997 < raw ? "yes" : "no"
            let prediction = (raw >= 0.5) != (i % 11 == 0) ? "yes" : "no"
            let region = i % 7 == 0 ? "" : ["north", "south", "east"][i % 3]
            let weight = i % 1000 == 0 ? "0" : ["0", "0.5", "1", "2.25"][i % 4]
            text += "R\(i),\(score),\(label),\(prediction),\(region),\(["a", "b"][i % 2]),\(weight)\n"
        }
        return text
    }

    @Test func theClustersSumsGiveTheFileModesReport() async throws {
        let url = try SparkTestServer.shared.get().url
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("pushed.csv")
        try Self.csv().write(to: file, atomically: true, encoding: .utf8)
        try SparkTableReaderTests.view("mlgate_pushed", of: file)
        let typed = "SELECT id, CAST(score AS DECIMAL(4, 3)) AS score_decimal, label, prediction, region, segment, CAST(weight AS DOUBLE) AS weight FROM global_temp.mlgate_pushed"
        try await WarehouseBinaryPushdownTests.expectFileModes(
            "pushed.csv", [("'\(url)#global_temp.mlgate_pushed'", "score"), ("{spark: '\(url)', query: '\(typed)'}", "score_decimal")],
            folder: folder)
    }
}
