/// How a disparity is measured, as fairlearn's `method`.
public enum DisparityMethod: String, Sendable, Hashable, Codable, CaseIterable {
    /// Between the best and the worst group.
    case betweenGroups = "between_groups"
    /// Between each group and the whole population, the largest.
    case toOverall = "to_overall"
}

/// How equalized odds combines its two rates, as fairlearn's `agg`.
public enum OddsAggregation: String, Sendable, Hashable, Codable, CaseIterable {
    /// The larger difference (the smaller ratio).
    case worstCase = "worst_case"
    /// The mean of the two.
    case mean
}

/// A classifier's rates per group of one or more sensitive columns (one group per
/// observed combination, as fairlearn's `MetricFrame`), with the aggregates fairlearn
/// 0.15 and AIF360 define over them.
public struct FairnessTable: Sendable {
    /// The sensitive columns.
    public var features: [String]
    /// The groups in fairlearn's order: by each column's values sorted by code point,
    /// the first column outermost.
    public var groups: [(key: [String], rates: GroupRates)]

    /// The same table restricted to some groups (the overall row is kept: fairlearn's
    /// `to_overall` compares with all rows).
    public func restricted(to keys: Set<[String]>) -> FairnessTable {
        var copy = self
        copy.groups = groups.filter { keys.contains($0.key) }
        return copy
    }
    /// All rows together.
    public var overall: GroupRates

    /// Groups the rows; `sensitive` holds one array of values per sensitive column.
    /// With `counts` (a bootstrap resample), row `i` is drawn `counts[i]` times.
    public init(
        labels: [Bool], predicted: [Bool], weights: [Double]?, sensitive: [[String]], features: [String],
        counts: [UInt32]? = nil
    ) {
        self.init(
            labels: labels, predicted: predicted, weights: weights, groups: RowGroups(sensitive), features: features,
            counts: counts)
    }

    /// Tallies the rows of each group. With `counts` (a bootstrap resample), row `i` is
    /// drawn `counts[i]` times, and a group none of whose rows is drawn is left out.
    /// With `multiplicities` (rows grouped by the server), row `i` stands for
    /// `multiplicities[i]` rows of the table, counted as that many.
    public init(
        labels: [Bool], predicted: [Bool], weights: [Double]?, groups: RowGroups, features: [String],
        counts: [UInt32]? = nil, multiplicities: [UInt32]? = nil
    ) {
        var rates = [GroupRates](repeating: GroupRates(), count: groups.keys.count)
        var overall = GroupRates()
        if weights == nil, counts == nil, multiplicities == nil {
            // Every row weighs one: each group's four outcomes are counted as integers,
            // and the sums of ones they stand for are those counts exactly.
            let tallies = Self.outcomeTallies(labels: labels, predicted: predicted, groups: groups)
            var totals = [Int](repeating: 0, count: 4)
            for group in rates.indices {
                rates[group] = GroupRates(outcomeCounts: tallies[(4 * group)..<(4 * group + 4)])
                for outcome in 0..<4 { totals[outcome] += tallies[4 * group + outcome] }
            }
            overall = GroupRates(outcomeCounts: totals[...])
        } else {
            // Weights are summed compensated: a disparity is the difference of two close
            // rates, and sums added in another order (a server's) must give it alike.
            var sums = [GroupRates.Compensated](repeating: GroupRates.Compensated(), count: groups.keys.count)
            var all = GroupRates.Compensated()
            for row in labels.indices {
                if let counts, counts[row] == 0 { continue }
                let group = Int(groups.groupOfRow[row])
                let rows = Int(multiplicities?[row] ?? 1)
                let weight = (weights?[row] ?? 1) * Double(counts?[row] ?? 1) * Double(rows)
                sums[group].add(label: labels[row], predicted: predicted[row], weight: weight, rows: rows)
                all.add(label: labels[row], predicted: predicted[row], weight: weight, rows: rows)
            }
            rates = sums.map(\.rates)
            overall = all.rates
        }
        // A group without rows (none drawn, in a resample) is left out.
        self.init(features: features, keys: groups.keys, rates: rates, overall: overall)
    }

    /// The table of rates already tallied: group `i`'s values are `keys[i]` and its rates
    /// `rates[i]` (a group without rows is left out, as one none of whose rows a resample
    /// draws).
    init(features: [String], keys: [[String]], rates: [GroupRates], overall: GroupRates) {
        self.features = features
        self.overall = overall
        groups = keys.indices.filter { rates[$0].count > 0 }
            .sorted { Self.precedes(keys[$0], keys[$1]) }
            .map { (keys[$0], rates[$0]) }
    }

    /// Each group's rows by outcome, four counts a group from `4 × group`: true
    /// negatives, false positives, false negatives, true positives (label × 2 +
    /// prediction), as ``GroupRates/init(outcomeCounts:)`` takes them.
    static func outcomeTallies(labels: [Bool], predicted: [Bool], groups: RowGroups) -> [Int] {
        var tallies = [Int](repeating: 0, count: 4 * groups.keys.count)
        tallies.withUnsafeMutableBufferPointer { tallies in
            labels.withUnsafeBufferPointer { labels in
                predicted.withUnsafeBufferPointer { predicted in
                    groups.groupOfRow.withUnsafeBufferPointer { groupOfRow in
                        for row in 0..<labels.count {
                            let outcome = (labels[row] ? 2 : 0) | (predicted[row] ? 1 : 0)
                            tallies[Int(groupOfRow[row]) &* 4 &+ outcome] &+= 1
                        }
                    }
                }
            }
        }
        return tallies
    }

    /// Code-point order, column by column.
    static func precedes(_ a: [String], _ b: [String]) -> Bool {
        for (x, y) in zip(a, b) where x != y {
            return x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars)
        }
        return false
    }

    // MARK: fairlearn aggregates

    /// `MetricFrame.difference(method=…)` of a rate, with fairlearn's values (0 for 0/0).
    public func difference(_ metric: GroupMetric, method: DisparityMethod) -> Double? {
        Self.difference(groups.map { $0.rates.fairlearnValue(metric) }, overall: overall.fairlearnValue(metric), method: method)
    }

    /// `MetricFrame.ratio(method=…)` of a rate, with fairlearn's values.
    public func ratio(_ metric: GroupMetric, method: DisparityMethod) -> Double? {
        Self.ratio(groups.map { $0.rates.fairlearnValue(metric) }, overall: overall.fairlearnValue(metric), method: method)
    }

    /// fairlearn's `difference`: max − min over the groups, or the largest distance from
    /// the overall value; undefined group values are skipped, as pandas skips NaN.
    public static func difference(_ values: [Double?], overall: Double?, method: DisparityMethod) -> Double? {
        let defined = values.compactMap { $0 }
        guard let maximum = defined.max(), let minimum = defined.min() else { return nil }
        switch method {
        case .betweenGroups: return maximum - minimum
        case .toOverall:
            guard let overall else { return nil }
            return defined.map { abs($0 - overall) }.max()
        }
    }

    /// fairlearn's `ratio`: min / max over the groups (undefined when the max is 0), or
    /// the smallest of each group's ratio to the overall value, inverted when above 1.
    public static func ratio(_ values: [Double?], overall: Double?, method: DisparityMethod) -> Double? {
        let defined = values.compactMap { $0 }
        guard let maximum = defined.max(), let minimum = defined.min() else { return nil }
        switch method {
        case .betweenGroups:
            return maximum == 0 ? nil : minimum / maximum
        case .toOverall:
            guard let overall, overall != 0 else { return nil }
            return defined.map { value in
                let ratio = value / overall
                return ratio > 1 ? 1 / ratio : ratio
            }.min()
        }
    }

    /// fairlearn's `demographic_parity_difference`.
    public func demographicParityDifference(_ method: DisparityMethod) -> Double? {
        difference(.selectionRate, method: method)
    }

    /// fairlearn's `demographic_parity_ratio`.
    public func demographicParityRatio(_ method: DisparityMethod) -> Double? {
        ratio(.selectionRate, method: method)
    }

    /// fairlearn's `equal_opportunity_difference` (of the true positive rate).
    public func equalOpportunityDifference(_ method: DisparityMethod) -> Double? {
        difference(.truePositiveRate, method: method)
    }

    /// fairlearn's `equal_opportunity_ratio`.
    public func equalOpportunityRatio(_ method: DisparityMethod) -> Double? {
        ratio(.truePositiveRate, method: method)
    }

    /// fairlearn's `equalized_odds_difference`: of the true and false positive rates,
    /// the larger difference or their mean.
    public func equalizedOddsDifference(_ method: DisparityMethod, _ aggregation: OddsAggregation) -> Double? {
        combine(difference(.truePositiveRate, method: method), difference(.falsePositiveRate, method: method), aggregation, larger: true)
    }

    /// fairlearn's `equalized_odds_ratio`: the smaller ratio or their mean.
    public func equalizedOddsRatio(_ method: DisparityMethod, _ aggregation: OddsAggregation) -> Double? {
        combine(ratio(.truePositiveRate, method: method), ratio(.falsePositiveRate, method: method), aggregation, larger: false)
    }

    private func combine(_ a: Double?, _ b: Double?, _ aggregation: OddsAggregation, larger: Bool) -> Double? {
        guard let a, let b else { return nil }
        switch aggregation {
        case .worstCase: return larger ? max(a, b) : min(a, b)
        case .mean: return (a + b) / 2
        }
    }

    // MARK: Against a reference group (AIF360)

    /// AIF360's comparisons of one group (unprivileged) with the reference group
    /// (privileged); `nil` where a rate involved is undefined.
    public struct ReferenceComparison: Sendable, Hashable {
        /// The group compared.
        public var key: [String]
        /// SR(group) / SR(reference).
        public var disparateImpact: Double?
        /// SR(group) − SR(reference).
        public var statisticalParityDifference: Double?
        /// ((FPR(group) − FPR(reference)) + (TPR(group) − TPR(reference))) / 2.
        public var averageOddsDifference: Double?
        /// TPR(group) − TPR(reference).
        public var equalOpportunityDifference: Double?
    }

    /// Every other group against the reference group `key`; `nil` when there is no such group.
    public func compared(to key: [String]) -> [ReferenceComparison]? {
        guard let reference = groups.first(where: { $0.key == key })?.rates else { return nil }
        let sr = reference.rate(.selectionRate), tpr = reference.rate(.truePositiveRate)
        let fpr = reference.rate(.falsePositiveRate)
        return groups.filter { $0.key != key }.map { group in
            let rates = group.rates
            let groupSR = rates.rate(.selectionRate), groupTPR = rates.rate(.truePositiveRate)
            let groupFPR = rates.rate(.falsePositiveRate)
            var comparison = ReferenceComparison(key: group.key)
            if let sr, let groupSR {
                comparison.disparateImpact = sr == 0 ? nil : groupSR / sr
                comparison.statisticalParityDifference = groupSR - sr
            }
            if let tpr, let fpr, let groupTPR, let groupFPR {
                comparison.averageOddsDifference = ((groupFPR - fpr) + (groupTPR - tpr)) / 2
            }
            if let tpr, let groupTPR { comparison.equalOpportunityDifference = groupTPR - tpr }
            return comparison
        }
    }

    /// The four-fifths rule: each group's selection rate over the highest group's, and
    /// whether it is at least 0.8.
    public func fourFifths() -> [(key: [String], ratio: Double?, passes: Bool)] {
        let highest = groups.compactMap { $0.rates.rate(.selectionRate) }.max()
        return groups.map { group in
            guard let rate = group.rates.rate(.selectionRate), let highest, highest > 0 else {
                return (group.key, nil, false)
            }
            let ratio = rate / highest
            return (group.key, ratio, ratio >= 0.8)
        }
    }
}
