/// The per-group table of a fairness gate, as the JSON report carries it and the
/// Markdown summary shows it.
public struct GroupTableReport: Sendable, Codable, Hashable {
    /// The sensitive columns.
    public var features: [String]
    /// Groups smaller than this were reported, not judged.
    public var minGroupSize: Int
    /// The reference group, when one was used.
    public var reference: [String]?
    /// The metric names, in column order.
    public var metrics: [String]
    /// One row per group, in fairlearn's order, then the overall row.
    public var rows: [Row]

    /// One group's values.
    public struct Row: Sendable, Codable, Hashable {
        /// The group's values of the sensitive columns (`["overall"]` for all rows).
        public var group: [String]
        /// Rows in the group.
        public var count: Int
        /// Whether the group was judged (large enough).
        public var judged: Bool
        /// Each metric's value; absent where undefined (a zero denominator).
        public var values: [String: Double]
        /// Wilson intervals of the selection rate and the true positive rate.
        public var intervals: [String: [Double]]?
    }

    /// Creates a table.
    public init(features: [String], minGroupSize: Int, reference: [String]?, metrics: [String], rows: [Row]) {
        self.features = features
        self.minGroupSize = minGroupSize
        self.reference = reference
        self.metrics = metrics
        self.rows = rows
    }
}

/// A curve of a model gate (ROC, precision–recall), for the HTML report.
public struct CurveReport: Sendable, Codable, Hashable {
    /// `roc` or `precision_recall`.
    public var name: String
    /// Axis titles.
    public var xLabel: String
    public var yLabel: String
    /// The points.
    public var x: [Double]
    public var y: [Double]
    /// The area the metric reports (ROC AUC, average precision).
    public var area: Double?

    /// Creates a curve.
    public init(name: String, xLabel: String, yLabel: String, x: [Double], y: [Double], area: Double?) {
        self.name = name
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.x = x
        self.y = y
        self.area = area
    }
}
