/// One key a config object accepts: its name, its type, whether it is required, and
/// what it means.
///
/// The same list drives three things, so they cannot drift apart: the loader's
/// validation ("unknown key … did you mean …"), the JSON Schema in `docs/`, and the
/// config reference.
public struct ParameterSpec: Sendable {
    /// The type of value a key takes.
    public enum ValueType: Sendable, Equatable {
        /// Any string.
        case string
        /// A whole number, optionally with a lower bound.
        case integer(minimum: Int?)
        /// A number (integers allowed).
        case number
        /// `true` or `false`.
        case boolean
        /// A non-empty list of strings.
        case stringList
        /// A string or a number, read as its text (class labels).
        case label
        /// A non-empty list of strings or numbers, read as their text.
        case labelList
        /// One of the given strings.
        case choice([String])
        /// A structure described by its own key list (a mapping or a list of them); the
        /// name is its definition in the JSON Schema.
        case structure(String)
    }

    /// The key as written in `mlgate.yml`.
    public var key: String
    /// The type of its value.
    public var type: ValueType
    /// Whether the key must be present.
    public var isRequired: Bool
    /// One sentence for the reference and the JSON Schema.
    public var summary: String

    /// Creates a key specification.
    public init(_ key: String, _ type: ValueType, required: Bool = false, _ summary: String) {
        self.key = key
        self.type = type
        self.isRequired = required
        self.summary = summary
    }

    /// A description of the type for error messages ("an integer ≥ 0").
    var expectation: String {
        switch type {
        case .string: "a string"
        case .integer(let minimum?): "an integer ≥ \(minimum)"
        case .integer(nil): "an integer"
        case .number: "a number"
        case .boolean: "true or false"
        case .stringList: "a list of strings"
        case .label: "a string or a number"
        case .labelList: "a list of strings or numbers"
        case .choice(let choices): "one of " + choices.map { "'\($0)'" }.joined(separator: ", ")
        case .structure(let name): "a \(name)"
        }
    }
}

extension Array where Element == ParameterSpec {
    /// The spec of `key`, looked up by name (a list without it is a programming error).
    subscript(key key: String) -> ParameterSpec {
        guard let spec = first(where: { $0.key == key }) else { preconditionFailure("no key '\(key)' in \(map(\.key))") }
        return spec
    }

    /// The specs of these keys, in this order.
    subscript(keys keys: [String]) -> [ParameterSpec] {
        keys.map { self[key: $0] }
    }
}
