/// The names declared so far in one list (gates in a config, checks in a gate), and
/// where each was last declared.
struct UniqueNames {
    private var declared: [String: SourceLocation] = [:]

    /// Records `name` at `location`; returns where it was declared before (the latest
    /// earlier declaration), if it was.
    mutating func insert(_ name: String, at location: SourceLocation) -> SourceLocation? {
        declared.updateValue(location, forKey: name)
    }
}

/// A configured check of any gate: a name unique in its gate, and where it was written.
protocol NamedCheck {
    var name: String { get }
    var location: SourceLocation { get }
}

extension ConfiguredCheck: NamedCheck {}
extension MetricCheck: NamedCheck {}
extension FairnessCheck: NamedCheck {}
