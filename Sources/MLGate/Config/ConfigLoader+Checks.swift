import Foundation
import Yams

/// What the decoders of data, model and fairness gates share: a list of checks with
/// unique names, a check's keys read against its parameters, and the check built from them.
extension ConfigLoader {
    /// Decodes a gate's list of checks (`checks:`, `metrics:`), reporting a name declared
    /// twice; `then` sees each check after that, for the gate's own cross-checks.
    static func decodeCheckList<Check: NamedCheck>(
        _ items: [Node], context: String, reader: YAMLNodeReader,
        decode: (_ item: Node, _ index: Int) -> Check?, then: (Check) -> Void = { _ in }
    ) -> [Check] {
        var names = UniqueNames()
        var checks: [Check] = []
        for (index, item) in items.enumerated() {
            guard let check = decode(item, index) else { continue }
            if let first = names.insert(check.name, at: check.location) {
                reader.error(
                    "duplicate check name '\(check.name)' \(context) (first declared at \(first)); give one a 'name'",
                    at: check.location)
            }
            then(check)
            checks.append(check)
        }
        return checks
    }

    /// A check in a gate's list: its mapping, its `name` and identifier (`check:`,
    /// `metric:`), and a reader of its keys whose messages name it ("in check 'rows'",
    /// or by its place, "in check #2 in gate 'g'").
    struct CheckHeading {
        var mapping: MappingReader
        var explicitName: String?
        var identifier: String?
        /// Reads the check's keys, naming the check in messages.
        var keys: MappingReader
        /// The name in reports and messages, when it has one.
        var name: String? { explicitName ?? identifier }
    }

    /// Reads item `index` of a gate's list of checks as a mapping, and its `name` and
    /// `identifierKey`; `noun` names such an item ("check", "metric check").
    static func decodeCheckHeading(
        _ node: Node, index: Int, noun: String, identifierKey: String, gateContext: String, reader: YAMLNodeReader
    ) -> CheckHeading? {
        let place = "\(noun) #\(index + 1) \(gateContext)"
        guard let mapping = reader.mapping(node, "for \(place)") else { return nil }
        let explicitName = mapping["name"].flatMap { reader.string($0, "for 'name' of \(place)") }
        let identifier = mapping[identifierKey].flatMap { reader.string($0, "for '\(identifierKey)' of \(place)") }
        let context = (explicitName ?? identifier).map { "in check '\($0)'" } ?? "in \(place)"
        return CheckHeading(
            mapping: mapping, explicitName: explicitName, identifier: identifier,
            keys: MappingReader(reader: reader, node: node, mapping: mapping.mapping, context: context))
    }

    /// Reads a check's keys: its own `parameters` and the `common` ones (`name`,
    /// `severity`, `description`). Returns the parameters only when every key of the
    /// check's own is well-formed, so that a type error is not followed by a confusing
    /// "needs 'min'" error.
    static func decodeCheckKeys(
        _ check: MappingReader, parameters specs: [ParameterSpec], common: [ParameterSpec], checkName: String
    ) -> (parameters: CheckParameters, severity: CheckSeverity)? {
        let reader = check.reader
        let (values, locations) = check.values(for: specs, extraKeys: common.map(\.key))
        var severity = CheckSeverity.error
        if let severityNode = check["severity"],
            case .string(let raw)? = reader.value(severityNode, as: common[key: "severity"], check.context)
        {
            severity = CheckSeverity(rawValue: raw) ?? .error
        }
        if let descriptionNode = check["description"] {
            _ = reader.string(descriptionNode, "for 'description' \(check.context)")
        }
        let wellFormed = specs.allSatisfy { check[$0.key] == nil || values[$0.key] != nil }
        guard wellFormed else { return nil }
        let parameters = CheckParameters(
            values: values, locations: locations, location: check.location, checkName: checkName)
        return (parameters, severity)
    }

    /// Builds a check from its parameters, recording what the check rejects (located at
    /// the key, or else at the check).
    static func buildCheck<Check>(
        _ parameters: CheckParameters, reader: YAMLNodeReader, _ build: () throws(DiagnosticError) -> Check
    ) -> Check? {
        do {
            return try build()
        } catch {
            for diagnostic in error.diagnostics {
                reader.error(diagnostic.message, at: diagnostic.location ?? parameters.location)
            }
            return nil
        }
    }
}
