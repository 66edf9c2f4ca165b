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
        try predictions.write(to: folder.appendingPathComponent("p.csv"), atomically: true, encoding: .utf8)
        try champion.write(to: folder.appendingPathComponent("champion.csv"), atomically: true, encoding: .utf8)
        try SparkTableReaderTests.view("mlgate_pair_p", of: folder.appendingPathComponent("p.csv"))
        try SparkTableReaderTests.view("mlgate_pair_champion", of: folder.appendingPathComponent("champion.csv"))

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
}
