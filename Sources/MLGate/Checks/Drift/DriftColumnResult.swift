/// One column's drift test: what was compared, with which statistic, and the verdict.
public struct DriftColumnResult: Sendable, Hashable, Codable {
    /// The column.
    public var column: String
    /// How it was compared.
    public var kind: DriftColumnKind
    /// The method used.
    public var method: DriftMethod
    /// Why `method: auto` chose it (`nil` when the config named the method).
    public var autoReason: String?
    /// The value judged against the threshold: a p-value for ks, chisquare and ztest, a
    /// distance otherwise.
    public var value: Double
    /// For the tests, the test statistic (KS D, χ², z).
    public var statistic: Double?
    /// The threshold.
    public var threshold: Double
    /// Whether the column drifted.
    public var drifted: Bool
    /// Present values in the reference and the current data.
    public var referenceCount: Int
    /// See ``referenceCount``.
    public var currentCount: Int
    /// Missing cells in the reference and the current data.
    public var referenceMissing: Int
    /// See ``referenceMissing``.
    public var currentMissing: Int
    /// Categories only in the current data (categorical columns; at most 20 listed).
    public var newCategories: [String]
    /// Categories only in the reference data (categorical columns; at most 20 listed).
    public var vanishedCategories: [String]
    /// Further numbers (KS method used, raw Wasserstein distance, …).
    public var details: [String: Double]
    /// The two distributions on common bins, for the reports' histograms.
    public var histogram: Histogram

    /// Both distributions on common bins.
    public struct Histogram: Sendable, Hashable, Codable {
        /// Bin labels: a category, a value, or an interval `[a, b)`.
        public var labels: [String]
        /// Share of the reference's values in each bin.
        public var reference: [Double]
        /// Share of the current values in each bin.
        public var current: [Double]
    }

    /// The comparison that holds between the value and the threshold: `0.0123 ≤ 0.0500`.
    public var comparison: String { drifted ? method.driftingComparison : method.passingComparison }

    /// Why this method: `auto`'s reason, or that the config named it.
    public var reason: String { autoReason ?? "set in the config" }

    /// The categories only one side has: `new: …`, `vanished: …` (each when there are any).
    public var categoryNotes: [String] {
        var notes: [String] = []
        if !newCategories.isEmpty { notes.append("new: \(newCategories.joined(separator: ", "))") }
        if !vanishedCategories.isEmpty { notes.append("vanished: \(vanishedCategories.joined(separator: ", "))") }
        return notes
    }

    /// The value's name in messages.
    public var valueName: String {
        switch method {
        case .ks, .chisquare, .ztest: "p-value"
        case .wasserstein: "normed Wasserstein"
        case .psi: "PSI"
        case .jensenshannon: "Jensen–Shannon"
        case .linf: "L-infinity"
        case .auto: "value"
        }
    }
}
