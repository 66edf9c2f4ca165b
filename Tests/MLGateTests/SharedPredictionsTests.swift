import Foundation
import Testing

@testable import MLGate

/// A model gate and a fairness gate over one predictions file share one consumer (the
/// labels and predictions parsed and held once), and each still gets exactly what it
/// would get alone: its own slices and scores, and its own errors.
@Suite struct SharedPredictionsTests {
    static let model = """
          - name: model
            kind: model
            predictions: predictions.csv
            task: binary
            label: label
            score: score
            prediction: prediction
            slices: [region]
            metrics:
              - metric: roc_auc
                min: 0.5
              - metric: accuracy
                min: 0.5

        """
    static let fairness = """
          - name: fairness
            kind: fairness
            predictions: predictions.csv
            task: binary
            label: label
            prediction: prediction
            sensitive: [sex]
            checks:
              - check: demographic_parity_difference
                max: 0.5

        """

    /// 2,000 rows; `badScore`: the row (2 = the first data row) whose score is not a number.
    static func predictions(badScore: Int? = nil) -> String {
        var state: UInt64 = 11
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        var text = "id,label,score,prediction,sex,region\n"
        for row in 2...2001 {
            let label = next() < 0.4 ? 1 : 0
            let score = min(1, max(0, (label == 1 ? 0.65 : 0.35) + (next() - 0.5) * 0.6))
            let sex = next() < 0.5 ? "F" : "M"
            let region = ["north", "south", "east"][Int(next() * 3) % 3]
            let scoreText = row == badScore ? "high" : String(format: "%.6f", score)
            text += "\(row - 1),\(label),\(scoreText),\(score >= 0.5 ? 1 : 0),\(sex),\(region)\n"
        }
        return text
    }

    /// Runs `gates` over `predictions.csv`; the results without times.
    static func run(_ gates: [String], predictions: String) async throws -> [GateResult] {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try predictions.write(to: folder.appendingPathComponent("predictions.csv"), atomically: true, encoding: .utf8)
        let configURL = folder.appendingPathComponent("mlgate.yml")
        try ("version: 1\ngates:\n" + gates.joined()).write(to: configURL, atomically: true, encoding: .utf8)
        let config = try ConfigLoader.load(path: configURL.path)
        return await GateRunner(config: config).run().withFixedTimes().gates
    }

    /// What a report says of a gate, apart from where its config lies.
    static func essence(_ result: GateResult) -> [String] {
        result.checks.map { "\($0.name) \($0.outcome) \($0.message) \($0.measurements.map { "\($0.name)=\($0.value)" })" }
    }

    @Test func modelAndFairnessShareOneConsumer() throws {
        let input = TableInput(
            path: "predictions.csv", url: URL(fileURLWithPath: "/tmp/predictions.csv"), format: .csv, dialect: .csv,
            location: SourceLocation(file: "mlgate.yml"))
        let model = PredictionColumns(task: .binary, label: "label", prediction: "prediction", scores: .column("score"), slices: ["region"])
        let fairness = PredictionColumns(task: .binary, label: "label", prediction: "prediction", slices: ["sex"])
        let served = TableDemand.merging([
            PredictionsLoader.demand(input, columns: model, aggregates: true),
            PredictionsLoader.demand(input, columns: fairness, aggregates: true),
        ])
        #expect(served.count == 1)
        #expect(served.first?.serves == [0, 1])
        let consumer = try #require(try served.first?.demand.makeConsumer(["id", "label", "score", "prediction", "sex", "region"]))
        // One consumer reads the union of both gates' columns.
        #expect(consumer.columnsRead == [1, 2, 3, 4, 5])

        // A different positive class, or a fairness gate without a prediction column
        // (whose predictions would come from scores), does not share.
        var otherPositive = fairness
        otherPositive.positiveLabel = "0"
        var scoresOnly = model
        scoresOnly.prediction = nil
        #expect(TableDemand.merging([
            PredictionsLoader.demand(input, columns: model, aggregates: true),
            PredictionsLoader.demand(input, columns: otherPositive, aggregates: true),
        ]).count == 2)
        #expect(TableDemand.merging([
            PredictionsLoader.demand(input, columns: scoresOnly, aggregates: true),
            PredictionsLoader.demand(input, columns: fairness, aggregates: true),
        ]).count == 2)
    }

    @Test func sharedResultsEqualEachGateAlone() async throws {
        let text = Self.predictions()
        let together = try await Self.run([Self.model, Self.fairness], predictions: text)
        let model = try await Self.run([Self.model], predictions: text)
        let fairness = try await Self.run([Self.fairness], predictions: text)
        #expect(together.count == 2)
        #expect(Self.essence(together[0]) == Self.essence(model[0]))
        #expect(Self.essence(together[1]) == Self.essence(fairness[0]))
        #expect(together[0].checks.contains { $0.name == "roc_auc" && $0.outcome == .passed })
    }

    @Test func aScoreErrorFailsOnlyTheGateThatReadsScores() async throws {
        let text = Self.predictions(badScore: 1500)
        let together = try await Self.run([Self.model, Self.fairness], predictions: text)
        let fairness = try await Self.run([Self.fairness], predictions: text)
        let input = try #require(together[0].checks.first { $0.name == "input" })
        #expect(input.outcome == .error)
        #expect(input.message.contains("row 1500"))
        #expect(input.message.contains("'high'"))
        // The fairness gate reads no score: the shared consumer's error is not its own.
        #expect(Self.essence(together[1]) == Self.essence(fairness[0]))
        #expect(together[1].checks.allSatisfy { $0.outcome != .error })
    }
}
