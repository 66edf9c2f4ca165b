/// A drift statistic and how its value is judged against its threshold.
public enum DriftMethod: String, Sendable, Hashable, Codable, CaseIterable {
    /// Chosen per column as Evidently 0.7 chooses by default (docs/drift.md).
    case auto
    /// Two-sample Kolmogorov–Smirnov test (numbers): drift when p ≤ threshold (0.05).
    case ks
    /// Wasserstein distance normalised by the reference's standard deviation (numbers):
    /// drift when ≥ threshold (0.1).
    case wasserstein
    /// Population stability index: drift when ≥ threshold (0.1).
    case psi
    /// Jensen–Shannon distance (natural log): drift when ≥ threshold (0.1).
    case jensenshannon
    /// Pearson's chi-square test against the reference proportions (categories): drift
    /// when p < threshold (0.05).
    case chisquare
    /// Two-proportion z-test (two categories): drift when p < threshold (0.05).
    case ztest
    /// L-infinity distance of the category shares, TFDV's comparator: drift when
    /// > threshold (0.1).
    case linf

    /// The threshold when the config gives none.
    public var defaultThreshold: Double {
        switch self {
        case .ks, .chisquare, .ztest: 0.05
        case .auto, .wasserstein, .psi, .jensenshannon, .linf: 0.1
        }
    }

    /// Whether the value is a p-value (small means drift) rather than a distance.
    public var isTest: Bool { self == .ks || self == .chisquare || self == .ztest }

    /// Whether `value` means drift at `threshold`, with each method's own comparison.
    public func drifted(_ value: Double, threshold: Double) -> Bool {
        // Fail closed: NaN fails every comparison, so it would otherwise mean "no drift".
        guard !value.isNaN, !threshold.isNaN else { return true }
        return switch self {
        case .ks: value <= threshold
        case .chisquare, .ztest: value < threshold
        case .wasserstein, .psi, .jensenshannon, .auto: value >= threshold
        case .linf: value > threshold
        }
    }

    /// The comparison that means "no drift", for messages.
    public var passingComparison: String {
        switch self {
        case .ks: ">"
        case .chisquare, .ztest: "≥"
        case .wasserstein, .psi, .jensenshannon, .auto: "<"
        case .linf: "≤"
        }
    }

    /// The comparison that means drift, for messages.
    public var driftingComparison: String {
        switch self {
        case .ks: "≤"
        case .chisquare, .ztest: "<"
        case .wasserstein, .psi, .jensenshannon, .auto: "≥"
        case .linf: ">"
        }
    }

    /// Whether it applies to categorical columns (every method applies to numbers; the
    /// category tests then treat each distinct value as a category).
    public var appliesToCategories: Bool { self != .ks && self != .wasserstein }
}
