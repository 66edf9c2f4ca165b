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

/// What a failing check does to the gate.
public enum CheckSeverity: String, Sendable, Hashable, Codable, CaseIterable {
    /// A failure fails the gate (the default).
    case error
    /// A failure is reported as a warning and the gate still passes.
    case warn
}
