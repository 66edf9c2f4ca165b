import Foundation
import Testing

@testable import MLGate

/// The bundled example with every table in Spark (views of the CSV files, every column
/// as text): every gate kind reads Spark through Spark Connect — the data gates pushed
/// down (contract and dataset checks), the others grouped — and the JSON, JUnit and
/// Markdown reports are the file mode's once the input names are swapped back: the same
/// text, the same numbers to 1e-12 relative (``reportTextDifference(_:_:)``; the fairness
/// gate with `confidence`: its bootstrap resamples the grouped rows; the model gate's
/// champion is paired with the candidate and grouped by the cluster).
@Suite("Spark example", .serialized)
struct SparkExampleTests {
    static let tables = ["loans", "predictions", "champion_predictions", "recent_applications"]

    /// The example's config with each file named as a Spark table, on the same lines
    /// (the scalar `sc://…#table` form, the mapping form, and a query).
    static func sparkConfig(_ text: String, url: String) -> String {
        var text = text
        text = text.replacingOccurrences(of: "input: loans.csv", with: "input: \(url)#global_temp.mlgate_ex_loans")
        text = text.replacingOccurrences(
            of: "      path: predictions.csv\n      format: csv", with: "      spark: \(url)\n      table: global_temp.mlgate_ex_predictions")
        text = text.replacingOccurrences(of: "predictions: predictions.csv", with: "predictions: \(url)#global_temp.mlgate_ex_predictions")
        text = text.replacingOccurrences(
            of: "predictions: champion_predictions.csv", with: "predictions: \(url)#global_temp.mlgate_ex_champion_predictions")
        text = text.replacingOccurrences(
            of: "reference: loans.csv", with: "reference: {spark: '\(url)', query: 'SELECT * FROM global_temp.mlgate_ex_loans;', timeout: 120}")
        text = text.replacingOccurrences(of: "current: recent_applications.csv", with: "current: \(url)#global_temp.mlgate_ex_recent_applications")
        return text
    }

    @Test func everyGateKindMatchesFileMode() async throws {
        let url = try SparkTestServer.shared.get().url
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let example = Fixtures.repositoryRoot.appendingPathComponent("Examples/loans")
        for name in try FileManager.default.contentsOfDirectory(atPath: example.path) where name != "reports" {
            try FileManager.default.copyItem(at: example.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        for table in Self.tables {
            try SparkTableReaderTests.view("mlgate_ex_\(table)", of: folder.appendingPathComponent("\(table).csv"))
        }
        // The fairness gate with bootstrap intervals and a weight of its own on every row
        // (the score): the cluster sends the grouped rows in weight order, and they are
        // resampled as they come as the file's rows are.
        let exampleConfig = try String(contentsOf: folder.appendingPathComponent("mlgate.yml"), encoding: .utf8)
        let original = exampleConfig.replacingOccurrences(
            of: "    reference: {sex: M}\n", with: "    reference: {sex: M}\n    confidence: 0.9\n    weight: score\n")
        #expect(original != exampleConfig)
        try original.write(to: folder.appendingPathComponent("mlgate.yml"), atomically: true, encoding: .utf8)
        let spark = Self.sparkConfig(original, url: url)
        #expect(!spark.contains(".csv"), "every table is read from Spark")
        try spark.write(to: folder.appendingPathComponent("mlgate-spark.yml"), atomically: true, encoding: .utf8)

        let fileReport = await GateRunner(config: try ConfigLoader.load(path: folder.appendingPathComponent("mlgate.yml").path)).run().withFixedTimes()
        let sparkReport = await GateRunner(config: try ConfigLoader.load(path: folder.appendingPathComponent("mlgate-spark.yml").path)).run().withFixedTimes()
        #expect(fileReport.status == .passed)

        let display = try SparkConnectURL(url).display
        func swapped(_ data: Data) -> String {
            var text = String(decoding: data, as: UTF8.self)
            for table in Self.tables.sorted(by: { $0.count > $1.count }) {
                text = text.replacingOccurrences(of: "\(display)#global_temp.mlgate_ex_\(table)", with: "\(table).csv")
            }
            text = text.replacingOccurrences(of: "\(display) (query)", with: "loans.csv")
            text = text.replacingOccurrences(of: "columns (Spark)", with: "columns (CSV)")
            // A data gate the cluster computed says so, with the rows and bytes it sent.
            text = text.replacing(/columns \(Spark; pushed down: [^)]*\)/, with: "columns (CSV)")
            // A gate the cluster grouped the rows for says how many it sent.
            text = text.replacing(/\ \(\d+ (distinct rows|values) counted by the server\)/, with: "")
            // A champion's predictions were joined with the candidate's on the server.
            text = text.replacing(/\ \(joined by the server[^()]*\)/, with: "")
            return text.replacingOccurrences(of: "mlgate-spark.yml", with: "mlgate.yml")
        }
        let renderings: [(String, (RunReport) throws -> Data)] = [
            ("JSON", { try JSONRenderer().render($0) }), ("JUnit", { try JUnitRenderer().render($0) }),
            ("Markdown", { MarkdownRenderer().render($0) }),
        ]
        for (name, render) in renderings {
            let fromFiles = String(decoding: try render(fileReport), as: UTF8.self)
            let fromSpark = swapped(try render(sparkReport))
            if let difference = reportTextDifference(fromFiles, fromSpark) {
                Issue.record("the \(name) report differs from file mode: \(difference)")
            }
        }
        let json = String(decoding: try JSONRenderer().render(sparkReport), as: UTF8.self)
        #expect(json.contains("mlgate_ex_recent_applications"))
        let fairness = try #require(sparkReport.gates.first { $0.name == "fairness" })
        #expect(fairness.checks.filter { $0.measurements.contains { $0.name == "ci_low" } }.count >= 3, "\(fairness.checks)")
        // Drawn as the cluster sent them (a read row by row would not say so).
        #expect(fairness.checks.first?.message.contains("distinct rows counted by the server") == true, "\(fairness.checks.first?.message ?? "")")
        // The model, fairness and drift gates were grouped by the cluster.
        #expect(json.contains("distinct rows counted by the server") && json.contains("values counted by the server"))
        // The champion's predictions were paired with the candidate's by the cluster, and
        // read in each model's score order: the paired bootstrap's intervals (1,000
        // resamples, each region's too) drawn as the rows came, the file mode's.
        #expect(json.contains("paired by 'application_id' (joined by the server, read in each model's score order)"))
        // Both data gates were computed by the cluster: the contract's candidates (none in
        // the example) and the dataset checks' aggregates, quantile included.
        let inputs = sparkReport.gates.filter { $0.name == "applications" || $0.name == "predictions" }.compactMap { $0.checks.first?.message }
        #expect(inputs.count == 2)
        #expect(inputs.first?.contains("(Spark; pushed down: 0 rows fetched for mlgate to judge, the rest cleared by the cluster;") == true, "\(inputs)")
        #expect(inputs.last?.contains("(Spark; pushed down: aggregates computed by the cluster, no rows fetched;") == true, "\(inputs)")
    }
}
