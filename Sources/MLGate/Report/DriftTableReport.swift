/// A drift gate's per-column results, for the JSON, Markdown and HTML reports.
public struct DriftTableReport: Sendable, Hashable, Codable {
    /// Every column that could be compared, in config (or file) order.
    public var columns: [DriftColumnResult]
    /// The share of drifted columns at which the dataset has drifted.
    public var driftShare: Double
    /// The share of drifted columns.
    public var share: Double
    /// Whether the dataset has drifted.
    public var drifted: Bool
}
