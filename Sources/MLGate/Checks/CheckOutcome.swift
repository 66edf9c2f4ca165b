/// How a check ended.
public enum CheckOutcome: String, Sendable, Hashable, Codable, CaseIterable {
    /// The check ran and its condition held.
    case passed
    /// The check ran and its condition did not hold; its severity is `error`.
    case failed
    /// The check ran and its condition did not hold; its severity is `warn`.
    case warning
    /// The check did not run, for a stated reason that is not an error.
    case skipped
    /// The check could not run: a missing column, an unreadable file, an unsupported kind.
    case error
}

extension CheckOutcome {
    /// Reports list problems first: error, failed, warning, skipped, passed.
    var reportRank: Int {
        switch self {
        case .error: 0
        case .failed: 1
        case .warning: 2
        case .skipped: 3
        case .passed: 4
        }
    }
}

extension Array where Element == CheckResult {
    /// The checks with problems first, config order kept within each outcome.
    func problemsFirst() -> [CheckResult] {
        enumerated()
            .sorted { ($0.element.outcome.reportRank, $0.offset) < ($1.element.outcome.reportRank, $1.offset) }
            .map(\.element)
    }
}

/// What a failing check does to the gate.
public enum CheckSeverity: String, Sendable, Hashable, Codable, CaseIterable {
    /// A failure fails the gate (the default).
    case error
    /// A failure is reported as a warning and the gate still passes.
    case warn
}
