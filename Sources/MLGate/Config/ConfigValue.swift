/// A value read from `mlgate.yml`, already checked against the type its key declares.
public enum ConfigValue: Sendable, Hashable {
    case string(String)
    case integer(Int)
    case number(Double)
    case boolean(Bool)
    case list([ConfigValue])
}

/// The parameters of one check as the config gave them, typed and located.
///
/// Keys were validated against the check's ``ParameterSpec`` list when the config was
/// loaded, so the accessors only need to convert.
public struct CheckParameters: Sendable {
    /// The values by key.
    public var values: [String: ConfigValue]
    /// Where each key was written, for errors that involve more than one key.
    public var locations: [String: SourceLocation]
    /// Where the check itself was written.
    public var location: SourceLocation
    /// The check's name, for messages ("in check 'rows'").
    public var checkName: String

    /// Creates a parameter set (used by the config loader and by tests).
    public init(
        values: [String: ConfigValue], locations: [String: SourceLocation] = [:],
        location: SourceLocation, checkName: String
    ) {
        self.values = values
        self.locations = locations
        self.location = location
        self.checkName = checkName
    }

    /// An integer parameter.
    public func integer(_ key: String) -> Int? {
        if case .integer(let value)? = values[key] { return value }
        return nil
    }

    /// A number parameter (integers are numbers too).
    public func number(_ key: String) -> Double? {
        switch values[key] {
        case .number(let value)?: value
        case .integer(let value)?: Double(value)
        default: nil
        }
    }

    /// A string parameter.
    public func string(_ key: String) -> String? {
        if case .string(let value)? = values[key] { return value }
        return nil
    }

    /// A list of strings.
    public func strings(_ key: String) -> [String]? {
        guard case .list(let items)? = values[key] else { return nil }
        return items.compactMap { if case .string(let value) = $0 { value } else { nil } }
    }

    /// The bounds of a check, validated in one place for every kind of check: when
    /// `check` names it, at least one of `min` and `max` is needed; `min` ≤ `max`.
    public func validateBounds<Bound: Comparable>(_ minimum: Bound?, _ maximum: Bound?, requiredBy check: String?)
        throws(DiagnosticError)
    {
        if let check, minimum == nil, maximum == nil {
            throw error("'\(check)' needs 'min', 'max' or both")
        }
        if let minimum, let maximum, minimum > maximum {
            throw error("'min' (\(minimum)) is greater than 'max' (\(maximum))", at: "min")
        }
    }

    /// An error located at `key` (or at the check when the key is absent).
    public func error(_ message: String, at key: String? = nil) -> DiagnosticError {
        let where_ = key.flatMap { locations[$0] } ?? location
        return DiagnosticError("\(message) in check '\(checkName)'", at: where_)
    }
}
