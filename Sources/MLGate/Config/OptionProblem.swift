import Foundation

/// A gate option the library refuses: found by the validation that `mlgate.yml` and the
/// command line share, so that both accept and refuse the same values, for the same
/// reasons, in the same words.
///
/// The message names options by their config key; each caller spells them its own way
/// (``OptionNaming``): `'drift_share' in gate 'shift'` in a config, `--drift-share` on
/// the command line.
public struct OptionProblem: Sendable, Hashable, CustomStringConvertible {
    /// The option the problem is about, as its config key (where the loader points).
    public var key: String
    /// The message, with each option named as `{key}` and `{context}` where the caller's
    /// context goes ("in gate 'shift'"; nothing on the command line). Braces around
    /// anything but a lowercase key stay as written (`{prefix: …}`).
    var template: String

    /// Creates a problem with `key` and a message template (see ``template``).
    init(_ key: String, _ template: String) {
        self.key = key
        self.template = template
    }

    /// The message, naming options as `naming` does, with `context` after the first
    /// option named (a blank context leaves nothing behind).
    public func message(_ naming: OptionNaming, context: String = "") -> String {
        var text = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            text += rest[..<open]
            let name = String(rest[rest.index(after: open)..<close])
            if !name.allSatisfy({ $0.isLowercase || $0 == "_" }) {
                text += rest[open...close]
            } else if name == "context" {
                if !context.isEmpty { text += " " + context }
            } else {
                text += naming.name(name)
            }
            rest = rest[rest.index(after: close)...]
        }
        return text + rest
    }

    /// The message as the command line words it.
    public var description: String { message(.flag) }
}

/// How a caller names an option in messages.
public enum OptionNaming: Sendable {
    /// As a key of `mlgate.yml`: `'drift_share'`.
    case configKey
    /// As a command-line flag: `--drift-share`.
    case flag

    /// `key` spelt this way.
    public func name(_ key: String) -> String {
        switch self {
        case .configKey: "'\(key)'"
        case .flag: "--" + key.replacingOccurrences(of: "_", with: "-")
        }
    }
}

/// Every problem of a set of options, thrown by the library constructors the command
/// line uses.
public struct OptionError: Error, Sendable, CustomStringConvertible {
    /// The problems, in the order found; never empty.
    public var problems: [OptionProblem]

    /// Throws when `problems` is not empty.
    public static func check(_ problems: [OptionProblem]) throws(OptionError) {
        if !problems.isEmpty { throw OptionError(problems: problems) }
    }

    /// One line per problem, options named as flags.
    public var description: String {
        problems.map { "error: \($0.message(.flag))" }.joined(separator: "\n")
    }
}

extension ParameterSpec {
    /// An integer below the minimum of `key` in `specs`: the bound `mlgate.yml` checks,
    /// applied to a value from elsewhere (the command line).
    static func problem(_ value: Int, for key: String, in specs: [ParameterSpec]) -> OptionProblem? {
        guard let spec = specs.first(where: { $0.key == key }), case .integer(let minimum?) = spec.type, value < minimum
        else { return nil }
        return OptionProblem(key, "expected \(spec.expectation) for {\(key)}{context}, found \(value)")
    }
}

extension MappingReader {
    /// The keys written in the mapping.
    var keys: Set<String> { Set(mapping.keys.compactMap(\.string)) }
}
