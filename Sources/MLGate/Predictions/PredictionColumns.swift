/// Where a predictions file keeps what the model gate needs, and how to read it.
public struct PredictionColumns: Sendable, Hashable {
    /// How the scores of a model are laid out.
    public enum Scores: Sendable, Hashable {
        /// One column: binary, the positive class's probability.
        case column(String)
        /// One column per class, in the order of `classes`.
        case columns([String])
        /// One column per class, named prefix + class name.
        case prefix(String)

        /// The positions in `header` of the score columns, in the order the predictions
        /// loader reads them: the list's (names not in `header` left out), or the
        /// columns named prefix + a class name, in header order.
        func positions(in header: [String]) -> [Int] {
            switch self {
            case .column(let name): return header.firstIndex(of: name).map { [$0] } ?? []
            case .columns(let names): return names.compactMap { header.firstIndex(of: $0) }
            case .prefix(let prefix):
                return header.indices.filter { header[$0].hasPrefix(prefix) && header[$0].count > prefix.count }
            }
        }
    }

    /// The task.
    public var task: ModelTask
    /// The true label (or target value) column.
    public var label: String
    /// The predicted class (or value) column, if any.
    public var prediction: String?
    /// The score columns, if any.
    public var scores: Scores?
    /// A sample-weight column.
    public var weight: String?
    /// A row identifier column, to pair rows with a baseline.
    public var id: String?
    /// The positive class (binary).
    public var positiveLabel: String?
    /// The classes, when declared (otherwise discovered from the data).
    public var classes: [String]?
    /// Binary: a score at or above this is a positive prediction, when there is no
    /// prediction column.
    public var threshold: Double
    /// Columns whose values split the rows into slices.
    public var slices: [String]
    /// A column saying how many rows each row stands for (a table grouped by the server,
    /// ``DatabaseTable/groupsRows``); nil: every row is one.
    var multiplicity: String?

    /// Creates a column mapping.
    public init(
        task: ModelTask, label: String, prediction: String? = nil, scores: Scores? = nil, weight: String? = nil,
        id: String? = nil, positiveLabel: String? = nil, classes: [String]? = nil, threshold: Double = 0.5,
        slices: [String] = []
    ) {
        self.task = task
        self.label = label
        self.prediction = prediction
        self.scores = scores
        self.weight = weight
        self.id = id
        self.positiveLabel = positiveLabel
        self.classes = classes
        self.threshold = threshold
        self.slices = slices
    }
}

/// A predictions file, loaded: the predictions, and what pairs and slices its rows.
public struct LoadedPredictions: Sendable {
    /// The predictions.
    public var predictions: Predictions
    /// Each row's identifier, when an id column was named.
    public var ids: [String]?
    /// For each slice column, each row's value.
    public var slices: [String: SliceColumn]
    /// How many rows of the table each row stands for, when the server grouped them.
    public var multiplicities: [UInt32]? = nil

    /// The number of rows of the table (of the rows loaded, without multiplicities).
    public var rowCount: Int {
        multiplicities.map { $0.reduce(0) { $0 + Int($1) } } ?? predictions.count
    }

    /// What the input result adds when the server grouped the rows: how many it sent.
    var groupingNote: String {
        multiplicities.map { " (\($0.count) distinct rows counted by the server)" } ?? ""
    }

    /// The multiplicities of the rows at `indices`, when there are any.
    func multiplicities(_ indices: [Int]?) -> [UInt32]? {
        guard let multiplicities, let indices else { return multiplicities }
        return indices.map { multiplicities[$0] }
    }
}

extension LoadedPredictions {
    /// These predictions with only what `columns` reads: a consumer that two gates
    /// shared (``TableDemand/Sharing``) loaded the slice and score columns of both.
    func narrowed(to columns: PredictionColumns) -> LoadedPredictions {
        var narrowed = self
        narrowed.slices = slices.filter { columns.slices.contains($0.key) }
        if columns.scores == nil, case .classification(var classification) = predictions, classification.scoreWidth > 0 {
            classification.scores = []
            classification.scoreWidth = 0
            narrowed.predictions = .classification(classification)
        }
        return narrowed
    }
}
