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

    /// The columns as the reports list them: drifted first, config order within each.
    public var columnsDriftedFirst: [DriftColumnResult] {
        columns.filter(\.drifted) + columns.filter { !$0.drifted }
    }

    /// One sentence on the dataset: `1 of 3 columns drifted (share 0.3333); the dataset
    /// drifts at a share of 0.5000 or more: no dataset drift.`
    public var summary: String {
        let count = columns.filter(\.drifted).count
        return "\(count) of \(columns.count) column\(columns.count == 1 ? "" : "s") drifted "
            + "(share \(NumberFormatting.fixed(share))); the dataset drifts at a share of "
            + "\(NumberFormatting.fixed(driftShare)) or more: \(drifted ? "dataset drift" : "no dataset drift")."
    }
}
