import Foundation
import Testing

@testable import MLGate

/// Group rates and fairness aggregates against fairlearn 0.15.0 (and the AIF360
/// definitions) on the committed fixtures (Fixtures/fairness: make_golden.py wrote the
/// CSVs and golden.json), to 1e-9 (relative beyond magnitude 1).
@Suite("Fairness equals fairlearn")
struct FairnessGoldenTests {
    nonisolated(unsafe) static let golden: [String: Any] = {
        let data = try! Data(contentsOf: Fixtures.url("fairness/golden.json"))
        return try! JSONSerialization.jsonObject(with: data) as! [String: Any]
    }()

    struct Entry: CustomTestStringConvertible, Sendable {
        var caseName: String
        var index: Int
        var task: String
        var features: [String]
        var weighted: Bool
        var testDescription: String { "\(caseName) by \(features.joined(separator: "×"))\(weighted ? " (weighted)" : "")" }
    }

    static let entries: [Entry] = {
        let cases = golden["cases"] as! [String: [String: Any]]
        return cases.keys.sorted().flatMap { name -> [Entry] in
            let info = cases[name]!
            return (info["sensitive"] as! [[String: Any]]).enumerated().map { index, entry in
                Entry(
                    caseName: name, index: index, task: info["task"] as! String,
                    features: entry["features"] as! [String], weighted: entry["weighted"] as? Bool ?? false)
            }
        }
    }()

    static func json(_ entry: Entry) -> [String: Any] {
        let cases = golden["cases"] as! [String: [String: Any]]
        return (cases[entry.caseName]!["sensitive"] as! [[String: Any]])[entry.index]
    }

    static func number(_ value: Any?) -> Double? { (value as? NSNumber)?.doubleValue }

    static func expectClose(_ actual: Double?, _ expected: Any?, _ what: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        guard let expected = number(expected) else {
            #expect(actual == nil, "\(what): fairlearn gives NaN, mlgate \(String(describing: actual))", sourceLocation: sourceLocation)
            return
        }
        guard let actual else {
            Issue.record("\(what): fairlearn gives \(expected), mlgate nothing", sourceLocation: sourceLocation)
            return
        }
        #expect(abs(actual - expected) <= 1e-9 * max(1, abs(expected)), "\(what): fairlearn \(expected), mlgate \(actual)", sourceLocation: sourceLocation)
    }

    func load(_ entry: Entry) async throws -> LoadedPredictions {
        let columns = PredictionColumns(
            task: entry.task == "binary" ? .binary : .regression, label: "label", prediction: "prediction",
            weight: entry.weighted ? "weight" : nil, positiveLabel: entry.task == "binary" ? "1" : nil,
            slices: entry.features)
        return try await PredictionsLoader(columns: columns).load(
            url: Fixtures.url("fairness/\(entry.caseName).csv"), format: .csv, path: "\(entry.caseName).csv")
    }

    @Test func theFixturesComeFromFairlearn015() {
        #expect(Self.golden["fairlearn_version"] as? String == "0.15.0")
        #expect(Self.entries.count >= 13)
    }

    @Test(arguments: entries)
    func matchesFairlearn(_ entry: Entry) async throws {
        let loaded = try await load(entry)
        let expected = Self.json(entry)
        let sensitive = entry.features.map { loaded.slices[$0]!.strings }
        if entry.task == "regression" {
            guard case .regression(let data) = loaded.predictions else { return }
            let table = RegressionGroupTable(
                labels: data.labels, predicted: data.predicted, weights: data.weights, sensitive: sensitive,
                features: entry.features)
            let groups = expected["groups"] as! [[String: Any]]
            #expect(table.groups.map(\.key) == groups.map { $0["key"] as! [String] })
            for (group, json) in zip(table.groups, groups) {
                let metrics = json["metrics"] as! [String: Any]
                #expect(group.sums.count == json["count"] as? Int)
                Self.expectClose(group.sums.meanPrediction, metrics["mean_prediction"], "\(group.key) mean_prediction")
                Self.expectClose(group.sums.meanAbsoluteError, metrics["mean_absolute_error"], "\(group.key) mae")
            }
            for aggregate in expected["aggregates"] as! [[String: Any]] {
                let method = DisparityMethod(rawValue: aggregate["method"] as! String)!
                let metric = aggregate["metric"] as! String
                let values = table.groups.map { metric == "mean_prediction" ? $0.sums.meanPrediction : $0.sums.meanAbsoluteError }
                let overall = metric == "mean_prediction" ? table.overall.meanPrediction : table.overall.meanAbsoluteError
                let actual = (aggregate["name"] as! String) == "MetricFrame.difference"
                    ? FairnessTable.difference(values, overall: overall, method: method)
                    : FairnessTable.ratio(values, overall: overall, method: method)
                Self.expectClose(actual, aggregate["value"], "\(aggregate["name"]!) \(metric) \(method)")
            }
            return
        }
        guard case .classification(let data) = loaded.predictions, let positive = data.positiveClass else {
            Issue.record("expected a binary classifier")
            return
        }
        let table = FairnessTable(
            labels: data.labels.map { Int($0) == positive }, predicted: data.predicted.map { Int($0) == positive },
            weights: data.weights, sensitive: sensitive, features: entry.features)

        // Per group, in fairlearn's order; 0/0 is undefined here, 0 in fairlearn.
        let groups = expected["groups"] as! [[String: Any]]
        #expect(table.groups.map(\.key) == groups.map { $0["key"] as! [String] })
        let z = WilsonInterval.z(confidence: 0.95)
        for (group, json) in zip(table.groups, groups) {
            let metrics = json["metrics"] as! [String: Any]
            let fairlearn = json["fairlearn_value"] as? [String: Any] ?? [:]
            #expect(group.rates.count == json["count"] as? Int)
            for metric in GroupMetric.allCases {
                Self.expectClose(group.rates.rate(metric), metrics[metric.rawValue], "\(group.key) \(metric.rawValue)")
                if let value = fairlearn[metric.rawValue], metric != .precision {
                    Self.expectClose(group.rates.fairlearnValue(metric), value, "\(group.key) fairlearn \(metric.rawValue)")
                }
            }
            let wilson = json["wilson"] as! [String: [String: Any]]
            for metric in [GroupMetric.selectionRate, .truePositiveRate] {
                let name = metric.rawValue
                let interval = group.rates.wilson(metric, z: z)
                Self.expectClose(interval?.lower, wilson[name]?["lower"], "\(group.key) wilson \(name) lower")
                Self.expectClose(interval?.upper, wilson[name]?["upper"], "\(group.key) wilson \(name) upper")
            }
        }
        for metric in GroupMetric.allCases {
            Self.expectClose(table.overall.rate(metric), (expected["overall"] as! [String: Any])[metric.rawValue], "overall \(metric.rawValue)")
        }

        for aggregate in expected["aggregates"] as! [[String: Any]] {
            let name = aggregate["name"] as! String
            let method = DisparityMethod(rawValue: aggregate["method"] as! String)!
            let aggregation = (aggregate["agg"] as? String).flatMap(OddsAggregation.init(rawValue:))
            let actual: Double?
            switch name {
            case "demographic_parity_difference": actual = table.demographicParityDifference(method)
            case "demographic_parity_ratio": actual = table.demographicParityRatio(method)
            case "equal_opportunity_difference": actual = table.equalOpportunityDifference(method)
            case "equal_opportunity_ratio": actual = table.equalOpportunityRatio(method)
            case "equalized_odds_difference": actual = table.equalizedOddsDifference(method, aggregation!)
            case "equalized_odds_ratio": actual = table.equalizedOddsRatio(method, aggregation!)
            case "MetricFrame.difference":
                actual = table.difference(GroupMetric(rawValue: aggregate["metric"] as! String)!, method: method)
            case "MetricFrame.ratio":
                actual = table.ratio(GroupMetric(rawValue: aggregate["metric"] as! String)!, method: method)
            default:
                Issue.record("unknown aggregate \(name)")
                continue
            }
            Self.expectClose(actual, aggregate["value"], "\(name) \(aggregate["metric"] ?? "") \(method) \(aggregation?.rawValue ?? "")")
        }

        let reference = expected["reference"] as! [String: Any]
        let comparisons = try #require(table.compared(to: reference["group"] as! [String]))
        let perGroup = reference["per_group"] as! [[String: Any]]
        #expect(comparisons.map(\.key) == perGroup.map { $0["key"] as! [String] })
        for (comparison, json) in zip(comparisons, perGroup) {
            Self.expectClose(comparison.disparateImpact, json["disparate_impact"], "\(comparison.key) disparate_impact")
            Self.expectClose(comparison.statisticalParityDifference, json["statistical_parity_difference"], "\(comparison.key) SPD")
            Self.expectClose(comparison.averageOddsDifference, json["average_odds_difference"], "\(comparison.key) AOD")
            Self.expectClose(comparison.equalOpportunityDifference, json["equal_opportunity_difference"], "\(comparison.key) EOD")
        }

        let fourFifths = expected["four_fifths"] as! [[String: Any]]
        for (rule, json) in zip(table.fourFifths(), fourFifths) {
            #expect(rule.key == json["key"] as! [String])
            Self.expectClose(rule.ratio, json["ratio"], "\(rule.key) four-fifths ratio")
            #expect(rule.passes == json["passes"] as? Bool)
        }
    }

    @Test func theNormalQuantileIsExact() {
        #expect(abs(WilsonInterval.z(confidence: 0.95) - 1.9599639845400545) < 1e-14)
        #expect(abs(WilsonInterval.z(confidence: 0.99) - 2.5758293035489004) < 1e-13)
        #expect(abs(WilsonInterval.z(confidence: 0.5) - 0.6744897501960817) < 1e-13)
    }
}
