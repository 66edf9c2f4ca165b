import Foundation

/// Every per-group rate and every aggregate of a classifier's fairness table: what
/// `mlgate fairness` prints.
public struct FairnessSummary: Sendable {
    /// The table.
    public var table: FairnessTable
    /// The reference group for AIF360's measures, if any.
    public var reference: [String]?

    /// Creates a summary.
    public init(table: FairnessTable, reference: [String]?) {
        self.table = table
        self.reference = reference
    }

    private func label(_ key: [String]) -> String { FairnessTable.label(key, features: table.features) }

    /// The aggregates by name, then method (then `agg` for equalized odds); `nil` where undefined.
    public func aggregates() -> [String: Any] {
        var result: [String: Any] = [:]
        func byMethod(_ compute: (DisparityMethod) -> Double?) -> [String: Any] {
            Dictionary(uniqueKeysWithValues: DisparityMethod.allCases.map { ($0.rawValue, compute($0) as Any? ?? NSNull()) })
        }
        result["demographic_parity_difference"] = byMethod(table.demographicParityDifference)
        result["demographic_parity_ratio"] = byMethod(table.demographicParityRatio)
        result["equal_opportunity_difference"] = byMethod(table.equalOpportunityDifference)
        result["equal_opportunity_ratio"] = byMethod(table.equalOpportunityRatio)
        for (name, compute) in [
            ("equalized_odds_difference", table.equalizedOddsDifference),
            ("equalized_odds_ratio", table.equalizedOddsRatio),
        ] as [(String, (DisparityMethod, OddsAggregation) -> Double?)] {
            result[name] = Dictionary(uniqueKeysWithValues: DisparityMethod.allCases.map { method in
                (method.rawValue, Dictionary(uniqueKeysWithValues: OddsAggregation.allCases.map {
                    ($0.rawValue, compute(method, $0) as Any? ?? NSNull())
                }))
            })
        }
        return result
    }

    /// JSON: `groups` (each with its rates, `null` where undefined), `overall`,
    /// `aggregates`, `four_fifths`, and `reference` comparisons when a reference is set.
    public func json() -> Data {
        func rates(_ rates: GroupRates) -> [String: Any] {
            var object: [String: Any] = ["count": rates.count]
            for metric in GroupMetric.allCases { object[metric.rawValue] = rates.rate(metric) as Any? ?? NSNull() }
            return object
        }
        var object: [String: Any] = [
            "features": table.features,
            "groups": table.groups.map { ["group": $0.key, "rates": rates($0.rates)] as [String: Any] },
            "overall": rates(table.overall),
            "aggregates": aggregates(),
            "four_fifths": table.fourFifths().map {
                ["group": $0.key, "ratio": $0.ratio as Any? ?? NSNull(), "passes": $0.passes] as [String: Any]
            },
        ]
        if let reference, let comparisons = table.compared(to: reference) {
            object["reference"] = [
                "group": reference,
                "comparisons": comparisons.map {
                    [
                        "group": $0.key, "disparate_impact": $0.disparateImpact as Any? ?? NSNull(),
                        "statistical_parity_difference": $0.statisticalParityDifference as Any? ?? NSNull(),
                        "average_odds_difference": $0.averageOddsDifference as Any? ?? NSNull(),
                        "equal_opportunity_difference": $0.equalOpportunityDifference as Any? ?? NSNull(),
                    ] as [String: Any]
                },
            ] as [String: Any]
        }
        return JSONObjectNumbers.data(object)
    }

    /// Aligned text: the per-group table, then the aggregates.
    public func text() -> String {
        let names = ["group", "rows"] + GroupMetric.allCases.map(\.rawValue)
        var rows: [[String]] = table.groups.map { group in
            [label(group.key), String(group.rates.count)]
                + GroupMetric.allCases.map { group.rates.rate($0).map { String(format: "%.4f", $0) } ?? "undefined" }
        }
        rows.append(["overall", String(table.overall.count)]
            + GroupMetric.allCases.map { table.overall.rate($0).map { String(format: "%.4f", $0) } ?? "undefined" })
        let widths = names.indices.map { column in ([names[column]] + rows.map { $0[column] }).map(\.count).max()! }
        func line(_ cells: [String]) -> String {
            zip(cells, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }
        var lines = [line(names)] + rows.map(line)
        lines.append("")
        let aggregates = aggregates()
        for name in aggregates.keys.sorted() {
            guard let methods = aggregates[name] as? [String: Any] else { continue }
            for method in methods.keys.sorted() {
                if let byAgg = methods[method] as? [String: Any] {
                    for agg in byAgg.keys.sorted() {
                        lines.append("\(name) (\(method), \(agg)): \(Self.format(byAgg[agg]))")
                    }
                } else {
                    lines.append("\(name) (\(method)): \(Self.format(methods[method]))")
                }
            }
        }
        let failing = table.fourFifths().filter { !$0.passes }.map { label($0.key) }
        lines.append("four_fifths: " + (failing.isEmpty ? "every group passes" : "fails for \(failing.joined(separator: "; "))"))
        if let reference, let comparisons = table.compared(to: reference) {
            for comparison in comparisons {
                lines.append(
                    "\(label(comparison.key)) vs \(label(reference)): disparate_impact \(Self.format(comparison.disparateImpact)), "
                        + "statistical_parity_difference \(Self.format(comparison.statisticalParityDifference)), "
                        + "average_odds_difference \(Self.format(comparison.averageOddsDifference))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func format(_ value: Any?) -> String {
        if let value = value as? Double { return String(format: "%.6f", value) }
        return "undefined"
    }
}
