import Yams

/// Reads a composed YAML document node by node, gathering every problem (with its line
/// and column) instead of stopping at the first.
///
/// Reference semantics on purpose: every nested reader appends to the same list.
final class YAMLNodeReader {
    /// The file as the user named it, for locations.
    let file: String
    /// Every problem found so far.
    private(set) var diagnostics: [Diagnostic] = []

    init(file: String) {
        self.file = file
    }

    func location(of node: Node?) -> SourceLocation {
        guard let mark = node?.mark else { return SourceLocation(file: file) }
        return SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    func error(_ message: String, at node: Node?) {
        diagnostics.append(Diagnostic(.error, message, at: location(of: node)))
    }

    func error(_ message: String, at location: SourceLocation) {
        diagnostics.append(Diagnostic(.error, message, at: location))
    }

    /// A short, quoted rendering of what was found, for "found …" in messages.
    func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar):
            if node.tag == Tag(.null) { return "nothing (null)" }
            let text = scalar.string.count > 40 ? String(scalar.string.prefix(40)) + "…" : scalar.string
            return "'\(text)'"
        case .mapping: return "a mapping"
        case .sequence(let items): return items.isEmpty ? "an empty list" : "a list"
        case .alias: return "an alias"
        }
    }

    /// The node as a mapping, or an error naming what was expected.
    func mapping(_ node: Node, _ context: String) -> MappingReader? {
        guard case .mapping(let mapping) = node else {
            error("expected a mapping \(context), found \(describe(node))", at: node)
            return nil
        }
        // "for 'reports'" in "expected a mapping for …" reads "in 'reports'" in key messages.
        let keyContext = context.hasPrefix("for ") ? "in " + context.dropFirst(4) : context
        return MappingReader(reader: self, node: node, mapping: mapping, context: keyContext)
    }

    /// The node as a list, or an error naming what was expected.
    func sequence(_ node: Node, _ context: String) -> [Node]? {
        guard case .sequence(let sequence) = node else {
            error("expected a list \(context), found \(describe(node))", at: node)
            return nil
        }
        return Array(sequence)
    }

    /// The node as a plain string scalar.
    func string(_ node: Node, _ context: String) -> String? {
        guard case .scalar(let scalar) = node, node.tag != Tag(.null) else {
            error("expected a string \(context), found \(describe(node))", at: node)
            return nil
        }
        return scalar.string
    }

    /// Converts a node to a typed value, or records what was expected.
    func value(_ node: Node, as spec: ParameterSpec, _ context: String) -> ConfigValue? {
        let expected = "expected \(spec.expectation) for '\(spec.key)' \(context), found \(describe(node))"
        switch spec.type {
        case .string:
            return string(node, "for '\(spec.key)' \(context)").map(ConfigValue.string)
        case .integer(let minimum):
            guard node.tag == Tag(.int), let value = node.int else {
                error(expected, at: node)
                return nil
            }
            if let minimum, value < minimum {
                error(expected, at: node)
                return nil
            }
            return .integer(value)
        case .number:
            if node.tag == Tag(.int), let value = node.int { return .number(Double(value)) }
            guard node.tag == Tag(.float), let value = node.float, value.isFinite else {
                error(expected, at: node)
                return nil
            }
            return .number(value)
        case .boolean:
            guard node.tag == Tag(.bool), let value = node.bool else {
                error(expected, at: node)
                return nil
            }
            return .boolean(value)
        case .label:
            return string(node, "for '\(spec.key)' \(context)").map(ConfigValue.string)
        case .stringList, .labelList:
            guard case .sequence(let items) = node, !items.isEmpty,
                items.allSatisfy({ if case .scalar = $0 { $0.tag != Tag(.null) } else { false } })
            else {
                error(expected, at: node)
                return nil
            }
            return .list(items.map { .string($0.string ?? "") })
        case .choice(let choices):
            guard case .scalar(let scalar) = node, choices.contains(scalar.string) else {
                error(expected + Suggestion.didYouMean(node.string ?? "", in: choices), at: node)
                return nil
            }
            return .string(scalar.string)
        case .structure:
            preconditionFailure("'\(spec.key)' is a structure and is decoded by its own reader")
        }
    }
}

/// A mapping being read: hands out values by key and, when finished, reports the keys
/// that nobody asked for as unknown, with a suggestion.
struct MappingReader {
    let reader: YAMLNodeReader
    let node: Node
    let mapping: Node.Mapping
    /// "in check 'rows'", "in gate 'applicants'", "at the top level".
    let context: String

    var location: SourceLocation { reader.location(of: node) }

    /// The value node for `key`, or nil.
    subscript(key: String) -> Node? {
        mapping[key]
    }

    /// The location of `key` itself (the key, not its value).
    func location(ofKey key: String) -> SourceLocation {
        let keyNode = mapping.keys.first { $0.string == key }
        return reader.location(of: keyNode ?? node)
    }

    /// Reports every key not in `known` as unknown (suggesting the closest known key)
    /// and every key in `required` that is absent as missing.
    func validateKeys(known: [String], required: [String]) {
        for key in mapping.keys {
            guard case .scalar(let scalar) = key else {
                reader.error("expected a string key \(context), found \(reader.describe(key))", at: key)
                continue
            }
            if !known.contains(scalar.string) {
                reader.error(
                    "unknown key '\(scalar.string)' \(context)" + Suggestion.didYouMean(scalar.string, in: known),
                    at: key)
            }
        }
        for key in required where mapping[key] == nil {
            reader.error("missing required key '\(key)' \(context)", at: node)
        }
    }

    /// The typed value of `key`, checked against its entry in `specs`; `nil` when absent
    /// or ill-typed (the problem is recorded).
    func value(_ key: String, in specs: [ParameterSpec]) -> ConfigValue? {
        guard let node = mapping[key], let spec = specs.first(where: { $0.key == key }) else { return nil }
        return reader.value(node, as: spec, context)
    }

    /// The string value of `key` (see ``value(_:in:)``).
    func string(_ key: String, in specs: [ParameterSpec]) -> String? {
        if case .string(let text)? = value(key, in: specs) { return text }
        return nil
    }

    /// Validates the keys against `specs` (plus `extraKeys` handled by the caller) and
    /// returns the typed values of those present.
    func values(for specs: [ParameterSpec], extraKeys: [String] = []) -> (
        values: [String: ConfigValue], locations: [String: SourceLocation]
    ) {
        validateKeys(
            known: extraKeys + specs.map(\.key),
            required: specs.filter(\.isRequired).map(\.key))
        var values: [String: ConfigValue] = [:]
        var locations: [String: SourceLocation] = [:]
        for spec in specs {
            guard let node = mapping[spec.key] else { continue }
            locations[spec.key] = reader.location(of: node)
            if let value = reader.value(node, as: spec, context) {
                values[spec.key] = value
            }
        }
        return (values, locations)
    }
}
