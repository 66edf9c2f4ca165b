import Foundation
import Testing

@testable import MLGate

/// A champion's predictions on the candidate's Spark cluster (``ChampionPairing``): joined
/// there by id when the rows pair one to one with equal labels (the example test checks
/// the numbers); otherwise both are read with their ids and paired by mlgate, whose error
/// is the file mode's, word for word.
@Suite("Spark pairing", .serialized)
struct SparkPairingTests {
    static func config(_ predictions: String, champion: String) -> String {
        """
        version: 1
        gates:
          - name: model
            kind: model
            predictions: \(predictions)
            task: binary
            label: label
            score: score
            id: application_id
            baseline: {predictions: \(champion)}
            metrics: [{metric: roc_auc, min: 0.5, max_drop: 0.01}]

        """
    }

    @Test func rowsThatDoNotPairAreReadAndPairedByMLGate() async throws {
        let url = try SparkTestServer.shared.get().url
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let example = Fixtures.repositoryRoot.appendingPathComponent("Examples/loans")
        let predictions = try String(contentsOf: example.appendingPathComponent("predictions.csv"), encoding: .utf8)
        var champion = try String(contentsOf: example.appendingPathComponent("champion_predictions.csv"), encoding: .utf8)
        // A champion row twice.
        let lines = champion.split(separator: "\n")
        champion += "\(lines[40])\n"
        try SparkTableReaderTests.view("mlgate_pair_p", writing: predictions, to: "p.csv", in: folder)
        try SparkTableReaderTests.view("mlgate_pair_champion", writing: champion, to: "champion.csv", in: folder)

        let fromFile = await GateRunner(config: try ConfigLoader.parse(Self.config("p.csv", champion: "champion.csv"), file: "s.yml", directory: folder)).run()
        let fromSpark = await GateRunner(
            config: try ConfigLoader.parse(
                Self.config("\(url)#global_temp.mlgate_pair_p", champion: "\(url)#global_temp.mlgate_pair_champion"), file: "s.yml", directory: folder)
        ).run()
        let file = try #require(fromFile.gates.first?.checks.dropFirst().first)
        let spark = try #require(fromSpark.gates.first?.checks.dropFirst().first)
        let id = lines[40].split(separator: ",")[0]
        #expect(file.outcome == .error && file.message.contains("id '\(id)' occurs twice"), "\(file.message)")
        let display = try SparkConnectURL(url).display
        #expect(spark.outcome == .error)
        #expect(spark.message == file.message, "\(spark.message)")
        #expect(spark.location?.file == "\(display)#global_temp.mlgate_pair_champion", "\(String(describing: spark.location))")
        #expect(spark.location?.line == file.location?.line)
    }

    /// A multiclass model and its champion on the cluster: one read of the joined rows in
    /// descending order of the candidate's first score column (a text column cast to a
    /// double by the cluster) folds both models' sums and draws the paired bootstrap as
    /// the rows come, and each model's unpivoted scores come in descending order for the
    /// ranking checks (no confidence); the report is the file mode's.
    @Test func aMulticlassModelAndItsChampionAreReadOnce() async throws {
        let url = try SparkTestServer.shared.get().url
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let candidate = SparkRankedTests.multiclassCSV()
        var champion = "id,label,prediction,p_a,p_b,p_c,weight\n"
        for line in candidate.split(separator: "\n").dropFirst().reversed() {
            let cells = line.split(separator: ",").map(String.init)
            let (a, b, c) = (Double(cells[3])!, Double(cells[4])!, Double(cells[5])!)
            let other = (3 * a + c) / 4
            champion += "\(cells[0]),\(cells[1]),\(cells[2] == "a" ? "b" : cells[2]),\(other),\(b),\(1 - other - b),\(cells[7])\n"
        }
        try SparkTableReaderTests.view("mlgate_mc_candidate", writing: candidate, to: "candidate.csv", in: folder)
        try SparkTableReaderTests.view("mlgate_mc_champion", writing: champion, to: "champion.csv", in: folder)
        func config(_ candidate: String, _ champion: String) -> String {
            "version: 1\ngates:\n  - name: paired\n    kind: model\n    predictions: \(candidate)\n    baseline: {predictions: \(champion)}\n"
                + "    id: id\n    task: multiclass\n    label: label\n    prediction: prediction\n    score: {prefix: p_}\n    weight: weight\n"
                + "    slices: [region]\n    bootstrap: {resamples: 100, seed: 3}\n"
                + "    metrics: [{metric: accuracy, min: 0, max_drop: 1, confidence: 0.9}, {metric: log_loss, max: 10, max_drop: 1, confidence: 0.8}, "
                + "{metric: recall_weighted, min: 0, max_drop: 1, confidence: 0.9}, {metric: brier_score, max: 2, max_drop: 1}, "
                + "{metric: roc_auc_ovr_weighted, min: 0, max_drop: 1}, {metric: average_precision_macro, min: 0, max_drop: 1}]\n"
        }
        let fromFile = await GateRunner(config: try ConfigLoader.parse(config("candidate.csv", "champion.csv"), file: "m.yml", directory: folder)).run()
        let fromSpark = await GateRunner(
            config: try ConfigLoader.parse(
                config("'\(url)#global_temp.mlgate_mc_candidate'", "'\(url)#global_temp.mlgate_mc_champion'"), file: "m.yml", directory: folder)
        ).run()
        let gate = try #require(fromSpark.gates.first)
        #expect(gate.checks[0].message.contains(": 5000 rows (5000 distinct rows counted by the server)"), "\(gate.checks[0].message)")
        #expect(
            gate.checks[1].message.hasSuffix(": 5000 rows, paired by 'id' (joined by the server, read in the candidate's score order)"),
            "\(gate.checks[1].message)")
        // Three metrics with a confidence, overall and in three regions: each its interval.
        #expect(gate.checks.filter { $0.measurements.contains { $0.name == "drop_ci_low" } }.count == 12, "\(gate.checks.map(\.message))")
        SparkPushdownTests.expectSameNumbers(try #require(fromFile.gates.first), gate)
    }
}
