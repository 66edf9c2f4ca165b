import Foundation
import Testing
@testable import MLGate

/// Issue #21, item 2: a comparison against a threshold fails closed on a non-finite
/// value, and weighted sums do not overflow silently.
@Suite("Non-finite values fail closed")
struct NonFiniteThresholdTests {
    /// Runs one gate of `kind` over `csv` (written to a temporary folder as p.csv).
    private func run(_ body: String, csv: String) async throws -> GateResult {
        let folder = try Fixtures.temporaryDirectory()
        try Data(csv.utf8).write(to: folder.appendingPathComponent("p.csv"))
        let yaml = "version: 1\ngates:\n  - name: g\n" + body.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n") + "\n"
        let config = try ConfigLoader.parse(yaml, file: "mlgate.yml", directory: folder)
        return await GateRunner(config: config).run().gates[0]
    }

    /// Weights whose total overflows: fairlearn's measures were NaN and passed.
    static let hugeWeights = "label,prediction,sex,w\n1,1,F,1e308\n0,1,F,1e308\n1,0,M,1e308\n0,0,M,1\n1,1,M,1e308\n0,0,F,1\n"

    @Test func aFairnessGateWithOverflowingWeightsDoesNotPass() async throws {
        let gate = try await run(
            "kind: fairness\npredictions: p.csv\ntask: binary\nlabel: label\nprediction: prediction\nweight: w\nsensitive: [sex]\nreference: {sex: F}\nmin_group_size: 1\nchecks:\n  - {check: demographic_parity_difference, max: 0.5}\n  - {check: disparate_impact, min: 0.1}",
            csv: Self.hugeWeights)
        #expect(gate.status == .error, "\(gate.checks.map { "\($0.name): \($0.outcome) \($0.message)" })")
        #expect(gate.checks.allSatisfy { $0.outcome != .passed })
        #expect(gate.checks[0].message.contains("weights in column 'w' add up to"), "\(gate.checks[0].message)")
    }

    @Test func aModelGateWithOverflowingWeightsDoesNotPass() async throws {
        let csv = "label,score,w\n1,0.9,1e308\n0,0.2,1e308\n1,0.7,1e308\n0,0.4,1\n"
        let gate = try await run(
            "kind: model\npredictions: p.csv\ntask: binary\nlabel: label\nscore: score\nweight: w\nmetrics:\n  - {metric: log_loss, max: 0.01}\n  - {metric: brier_score, max: 0.01}",
            csv: csv)
        #expect(gate.status == .error)
        #expect(gate.checks.allSatisfy { $0.outcome != .passed })
    }

    @Test func aNaNDriftStatisticIsDrift() {
        // NaN compares false with every threshold: every drift method must call it drift.
        for method in DriftMethod.allCases {
            #expect(method.drifted(.nan, threshold: 0.1), "\(method)")
        }
    }

    @Test func largeWeightsBelowTheLimitStillWork() async throws {
        let csv = "label,prediction,sex,w\n1,1,F,1e100\n0,1,F,1e100\n1,0,M,1e100\n0,0,M,1e100\n"
        let gate = try await run(
            "kind: fairness\npredictions: p.csv\ntask: binary\nlabel: label\nprediction: prediction\nweight: w\nsensitive: [sex]\nmin_group_size: 1\nchecks:\n  - {check: demographic_parity_difference, max: 0.5}",
            csv: csv)
        #expect(gate.checks.last?.outcome == .failed, "\(gate.checks.map(\.message))")
    }
}
