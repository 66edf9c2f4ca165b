/// A classifier's predictions in columnar form, ready for every metric: what the model
/// gate keeps of a predictions file after one streaming pass.
public struct ClassificationPredictions: Sendable, Hashable {
    /// The class names; a row's label or prediction is an index into this list. Sorted
    /// as scikit-learn sorts labels (numerically when every name is a number).
    public var classes: [String]
    /// For binary models: the index of the positive class.
    public var positiveClass: Int?
    /// Each row's true class.
    public var labels: [Int32]
    /// Each row's predicted class (from the prediction column, or from the scores).
    public var predicted: [Int32]
    /// The scores, row-major: one per row (binary: the positive class's probability) or
    /// one per class per row (multiclass, in `classes` order); empty when there are none.
    public var scores: [Double]
    /// Scores per row: 0 (none), 1 (binary) or `classes.count`.
    public var scoreWidth: Int
    /// Sample weights, when the file has a weight column.
    public var weights: [Double]?

    /// Creates predictions.
    public init(
        classes: [String], positiveClass: Int?, labels: [Int32], predicted: [Int32], scores: [Double] = [],
        scoreWidth: Int = 0, weights: [Double]? = nil
    ) {
        self.classes = classes
        self.positiveClass = positiveClass
        self.labels = labels
        self.predicted = predicted
        self.scores = scores
        self.scoreWidth = scoreWidth
        self.weights = weights
    }

    /// The number of rows.
    public var count: Int { labels.count }

    /// The rows at `indices`, in that order.
    public func subset(_ indices: [Int]) -> ClassificationPredictions {
        var copy = self
        copy.labels = indices.map { labels[$0] }
        copy.predicted = indices.map { predicted[$0] }
        copy.weights = weights.map { weights in indices.map { weights[$0] } }
        if scoreWidth > 0 {
            copy.scores = []
            copy.scores.reserveCapacity(indices.count * scoreWidth)
            for index in indices {
                copy.scores.append(contentsOf: scores[index * scoreWidth..<(index + 1) * scoreWidth])
            }
        }
        return copy
    }
}

/// A regressor's predictions in columnar form.
public struct RegressionPredictions: Sendable, Hashable {
    /// Each row's true value.
    public var labels: [Double]
    /// Each row's predicted value.
    public var predicted: [Double]
    /// Sample weights, when the file has a weight column.
    public var weights: [Double]?

    /// Creates predictions.
    public init(labels: [Double], predicted: [Double], weights: [Double]? = nil) {
        self.labels = labels
        self.predicted = predicted
        self.weights = weights
    }

    /// The number of rows.
    public var count: Int { labels.count }

    /// The rows at `indices`, in that order.
    public func subset(_ indices: [Int]) -> RegressionPredictions {
        RegressionPredictions(
            labels: indices.map { labels[$0] }, predicted: indices.map { predicted[$0] },
            weights: weights.map { weights in indices.map { weights[$0] } })
    }
}

/// Either kind of predictions.
public enum Predictions: Sendable, Hashable {
    case classification(ClassificationPredictions)
    case regression(RegressionPredictions)

    /// The number of rows.
    public var count: Int {
        switch self {
        case .classification(let data): data.count
        case .regression(let data): data.count
        }
    }

    /// The rows at `indices`, in that order.
    public func subset(_ indices: [Int]) -> Predictions {
        switch self {
        case .classification(let data): .classification(data.subset(indices))
        case .regression(let data): .regression(data.subset(indices))
        }
    }
}

/// A metric's value, or why it has none.
public enum MetricValue: Sendable, Hashable {
    /// The value.
    case value(Double)
    /// The metric is not defined on this data (scikit-learn returns NaN or raises); the
    /// reason says why. An undefined metric never passes a threshold.
    case undefined(String)

    /// The value, if defined.
    public var number: Double? {
        if case .value(let value) = self, value.isFinite { return value }
        return nil
    }
}
