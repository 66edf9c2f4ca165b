/// What one gate adds to the reports beside its checks: one typed detail per gate kind.
///
/// Renderers switch over it (one section per case); the JSON report writes it under the
/// key of its case (`contract`, `curves`, `groups`, `drift`), as reports always have.
public enum GateDetail: Sendable, Hashable {
    /// A data gate's contract problems: counts per code, field and constraint, and samples.
    case contract(ContractReport)
    /// A binary model gate's ROC and precision–recall curves (all rows).
    case curves([CurveReport])
    /// A fairness gate's per-group table.
    case groups(GroupTableReport)
    /// A drift gate's per-column results and histograms.
    case drift(DriftTableReport)
}

extension GateResult {
    /// A data gate's contract report, if it has one.
    public var contract: ContractReport? {
        if case .contract(let report)? = detail { report } else { nil }
    }

    /// A binary model gate's curves, if it has them.
    public var curves: [CurveReport]? {
        if case .curves(let curves)? = detail { curves } else { nil }
    }

    /// A fairness gate's per-group table, if it has one.
    public var groups: GroupTableReport? {
        if case .groups(let table)? = detail { table } else { nil }
    }

    /// A drift gate's per-column table, if it has one.
    public var drift: DriftTableReport? {
        if case .drift(let table)? = detail { table } else { nil }
    }
}
