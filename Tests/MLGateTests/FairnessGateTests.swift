import Foundation
import Testing

@testable import MLGate

@Suite("Fairness gate")
struct FairnessGateTests {
    func run(_ gate: String, file: String = "groups_basic.csv") async throws -> GateResult {
        let yaml = """
            version: 1
            gates:
              - name: f
                kind: fairness
                predictions: \(file)
            \(gate.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
            """
        let config = try ConfigLoader.parse(yaml, file: "mlgate.yml", directory: Fixtures.url("fairness"))
        return await GateRunner(config: config).run().gates[0]
    }

    static let binary = "task: binary\nlabel: label\nprediction: prediction\nmin_group_size: 30"

    @Test func judgesFairlearnMeasuresAndNamesTheWorstPair() async throws {
        let gate = try await run(Self.binary + "\nsensitive: [sex]\nchecks:\n  - {check: demographic_parity_difference, max: 0.01}\n  - {check: demographic_parity_ratio, min: 0.5, method: to_overall}")
        #expect(gate.checks.map(\.name) == ["input", "demographic_parity_difference", "demographic_parity_ratio"])
        let difference = gate.checks[1]
        #expect(difference.outcome == .failed)
        #expect(difference.message.contains("selection_rate of sex="))
        #expect(difference.message.contains(" vs sex="))
        // The value equals fairlearn's, from the golden file.
        let expected = try Self.goldenAggregate("groups_basic", features: ["sex"], name: "demographic_parity_difference", method: "between_groups")
        #expect(abs(difference.measurements[0].value - expected) < 1e-12)
        #expect(gate.groups?.rows.map(\.group) == [["F"], ["M"], ["overall"]])
    }

    @Test func smallGroupsAreReportedNotJudged() async throws {
        let gate = try await run(
            "task: binary\nlabel: label\nprediction: prediction\nmin_group_size: 10\nsensitive: [race]\nchecks:\n  - {check: group_difference, metric: accuracy, max: 1}",
            file: "single_small_group.csv")
        #expect(gate.checks[1].name == "group_size")
        #expect(gate.checks[1].outcome == .warning)
        #expect(gate.checks[1].message.contains("race=c (3)"))
        #expect(gate.groups?.rows.first { $0.group == ["c"] }?.judged == false)
        #expect(gate.checks[2].outcome == .passed)
        #expect(gate.status == .passed)
    }

    @Test func undefinedRatesAreSaidAndCountedAsFairlearnCountsThem() async throws {
        let gate = try await run(
            "task: binary\nlabel: label\nprediction: prediction\nmin_group_size: 1\nsensitive: [sex, race]\nchecks:\n  - {check: equal_opportunity_difference, max: 1}",
            file: "group_without_positives.csv")
        let check = gate.checks[1]
        #expect(check.message.contains("true_positive_rate is undefined (0/0) for sex=F, race=c and counts as 0, as in fairlearn"))
        let row = try #require(gate.groups?.rows.first { $0.group == ["F", "c"] })
        #expect(row.values["true_positive_rate"] == nil)
        #expect(row.values["selection_rate"] != nil)
    }

    @Test func comparesWithAReferenceGroup() async throws {
        let gate = try await run(Self.binary + "\nsensitive: [sex]\nreference: {sex: M}\nchecks:\n  - {check: disparate_impact, min: 0.8}\n  - {check: statistical_parity_difference, min: -0.1, max: 0.1}")
        let golden = try Self.goldenReference("groups_basic", features: ["sex"])
        let impact = gate.checks[1]
        #expect(abs(impact.measurements[0].value - (golden["disparate_impact"] as! Double)) < 1e-12)
        #expect(impact.message.contains("sex=F vs reference sex=M"))
        #expect(gate.groups?.reference == ["M"])
    }

    @Test func aMissingReferenceGroupIsAnErrorListingTheGroups() async throws {
        let gate = try await run(Self.binary + "\nsensitive: [sex]\nreference: {sex: X}\nchecks:\n  - {check: disparate_impact, min: 0.8}")
        #expect(gate.checks[1].outcome == .error)
        #expect(gate.checks[1].message == "no group sex=X; groups: sex=F; sex=M; did you mean 'sex=F'?")
    }

    @Test func confidenceIsDeterministicAndWidensTheDecision() async throws {
        let yaml = Self.binary + "\nsensitive: [sex]\nconfidence: 0.95\nbootstrap: {resamples: 200, seed: 1}\nchecks:\n  - {check: demographic_parity_difference, max: 0.01}"
        let first = try await run(yaml), second = try await run(yaml)
        #expect(first.checks[1].measurements == second.checks[1].measurements)
        let values = Dictionary(uniqueKeysWithValues: first.checks[1].measurements.map { ($0.name, $0.value) })
        #expect(values["ci_low"]! <= values["value"]! && values["value"]! <= values["ci_high"]!)
        // Without confidence the point value decides; with it, only an interval entirely above the bound fails.
        let point = try await run(yaml.replacingOccurrences(of: "confidence: 0.95\n", with: ""))
        #expect(point.checks[1].outcome == (values["value"]! > 0.01 ? .failed : .passed))
        #expect(first.checks[1].outcome == (values["ci_low"]! > 0.01 ? .failed : .passed))
    }

    @Test func regressionGroups() async throws {
        let gate = try await run(
            "task: regression\nlabel: label\nprediction: prediction\nmin_group_size: 10\nsensitive: [sex]\nchecks:\n  - {check: group_difference, metric: mean_absolute_error, max: 1}",
            file: "regression_groups.csv")
        let expected = try Self.goldenAggregate(
            "regression_groups", features: ["sex"], name: "MetricFrame.difference", method: "between_groups", metric: "mean_absolute_error")
        #expect(abs(gate.checks[1].measurements[0].value - expected) < 1e-12)
        #expect(gate.checks[1].outcome == .failed)
    }

    static let configErrors: [(String, String)] = [
        ("{check: demographic_parity_difference}", "'demographic_parity_difference' needs 'min', 'max' or both"),
        ("{check: four_fifths, min: 0.5}", "four_fifths has its own bound"),
        ("{check: group_difference, max: 0.1}", "'group_difference' needs 'metric'"),
        ("{check: demographic_parity_difference, max: 0.1, agg: mean}", "'agg' applies to equalized_odds_difference and equalized_odds_ratio only"),
        ("{check: disparate_impct, min: 0.8}", "did you mean 'disparate_impact'?"),
    ]

    @Test func confidenceIsForClassifiers() {
        let yaml = "version: 1\ngates:\n  - {name: f, kind: fairness, predictions: p.csv, task: regression, label: y, prediction: p, sensitive: [s], confidence: 0.9, checks: [{check: group_difference, metric: mean_prediction, max: 1}]}\n"
        #expect(throws: DiagnosticError.self) {
            try ConfigLoader.parse(yaml, file: "mlgate.yml", directory: URL(fileURLWithPath: "/tmp"))
        }
    }

    @Test(arguments: configErrors)
    func configErrorsAreLocated(check: String, message: String) {
        let yaml = "version: 1\ngates:\n  - {name: f, kind: fairness, predictions: p.csv, task: binary, label: y, prediction: p, sensitive: [s], checks: [\(check)]}\n"
        do {
            _ = try ConfigLoader.parse(yaml, file: "mlgate.yml", directory: URL(fileURLWithPath: "/tmp"))
            Issue.record("the config loaded")
        } catch {
            #expect(error.diagnostics.contains { $0.description.hasPrefix("mlgate.yml:3:") && $0.message.contains(message) }, "\(error)")
        }
    }

    // MARK: Golden values

    static func sensitiveEntry(_ caseName: String, features: [String]) throws -> [String: Any] {
        let cases = FairnessGoldenTests.golden["cases"] as! [String: [String: Any]]
        let entries = cases[caseName]!["sensitive"] as! [[String: Any]]
        return try #require(entries.first { $0["features"] as! [String] == features && ($0["weighted"] as? Bool ?? false) == false })
    }

    static func goldenAggregate(_ caseName: String, features: [String], name: String, method: String, metric: String? = nil) throws -> Double {
        let entry = try sensitiveEntry(caseName, features: features)
        let aggregate = try #require((entry["aggregates"] as! [[String: Any]]).first {
            $0["name"] as? String == name && $0["method"] as? String == method && ($0["metric"] as? String) == metric
                && ($0["agg"] is NSNull || $0["agg"] == nil || $0["agg"] as? String == "worst_case")
        })
        return try #require((aggregate["value"] as? NSNumber)?.doubleValue)
    }

    static func goldenReference(_ caseName: String, features: [String]) throws -> [String: Any] {
        let entry = try sensitiveEntry(caseName, features: features)
        return ((entry["reference"] as! [String: Any])["per_group"] as! [[String: Any]])[0]
    }
}
