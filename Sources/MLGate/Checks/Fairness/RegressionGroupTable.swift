/// A regressor's mean prediction and mean absolute error per group, as fairlearn's
/// `mean_prediction` and scikit-learn's `mean_absolute_error` in a `MetricFrame`.
public struct RegressionGroupTable: Sendable {
    /// One group's weighted sums.
    public struct Sums: Sendable, Hashable {
        /// Rows in the group.
        public var count = 0
        /// Compensated: a measure is the difference of two groups' means, and a server's
        /// rows are added in another order than a file's (``FairnessContentsConsumer``).
        var weight = CompensatedSum(), prediction = CompensatedSum(), absoluteError = CompensatedSum()

        /// The weighted mean prediction; `nil` for a group of zero weight.
        public var meanPrediction: Double? { weight.value > 0 ? prediction.value / weight.value : nil }
        /// The weighted mean absolute error; `nil` for a group of zero weight.
        public var meanAbsoluteError: Double? { weight.value > 0 ? absoluteError.value / weight.value : nil }

        mutating func add(label: Double, predicted: Double, weight: Double, rows: Int = 1) {
            count += rows
            self.weight.add(weight)
            prediction.add(weight * predicted)
            absoluteError.add(weight * abs(label - predicted))
        }
    }

    /// The sensitive columns.
    public var features: [String]
    /// The groups, in fairlearn's order.
    public var groups: [(key: [String], sums: Sums)]
    /// All rows together.
    public var overall: Sums

    /// Groups the rows; `sensitive` holds one array of values per sensitive column.
    public init(labels: [Double], predicted: [Double], weights: [Double]?, sensitive: [[String]], features: [String]) {
        self.init(labels: labels, predicted: predicted, weights: weights, groups: RowGroups(sensitive), features: features)
    }

    /// Sums the rows of each group; row `i` stands for `multiplicities[i]` rows when given.
    public init(
        labels: [Double], predicted: [Double], weights: [Double]?, groups: RowGroups, features: [String],
        multiplicities: [UInt32]? = nil
    ) {
        var sums = [Sums](repeating: Sums(), count: groups.keys.count)
        var overall = Sums()
        for row in labels.indices {
            let rows = Int(multiplicities?[row] ?? 1)
            let weight = (weights?[row] ?? 1) * Double(rows)
            sums[Int(groups.groupOfRow[row])].add(label: labels[row], predicted: predicted[row], weight: weight, rows: rows)
            overall.add(label: labels[row], predicted: predicted[row], weight: weight, rows: rows)
        }
        self.init(features: features, keys: groups.keys, sums: sums, overall: overall)
    }

    /// The groups of sums gathered elsewhere (``FairnessContentsConsumer``: rows a
    /// server grouped, folded as they came), `sums[i]` the group of values `keys[i]`.
    init(features: [String], keys: [[String]], sums: [Sums], overall: Sums) {
        self.features = features
        self.overall = overall
        groups = keys.indices.filter { sums[$0].count > 0 }
            .sorted { FairnessTable.precedes(keys[$0], keys[$1]) }
            .map { (keys[$0], sums[$0]) }
    }
}
