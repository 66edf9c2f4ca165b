import Foundation
import Yams

extension ConfigLoader {
    /// A `kind: data` gate: one table, its checks and its contract.
    static let dataGateDecoder = GateDecoder(keys: DataGateConfig.keys) { gate, reader, directory in
        decodeDataGate(gate, reader: reader, directory: directory).map(GateConfig.Body.data)
    }

    /// A `kind: data` gate's keys.
    static func decodeDataGate(_ gate: MappingReader, reader: YAMLNodeReader, directory: URL)
        -> DataGateConfig?
    {
        let input = gate["input"].flatMap { decodeInput($0, context: gate.context, reader: reader, directory: directory) }
        var checks: [ConfiguredCheck] = []
        if let node = gate["checks"], let items = reader.sequence(node, "for 'checks' \(gate.context)") {
            checks = decodeCheckList(items, context: gate.context, reader: reader) { item, index in
                decodeCheck(item, index: index, gateContext: gate.context, reader: reader)
            }
        }
        let contract = gate["schema"].flatMap { decodeContract($0, context: gate.context, reader: reader, directory: directory) }
        guard let input else { return nil }
        return DataGateConfig(input: input, checks: checks, contract: contract)
    }

    /// `schema:` of a data gate: a path, `{path, samples, severity}`, or an inline schema.
    static func decodeContract(_ node: Node, context: String, reader: YAMLNodeReader, directory: URL) -> ContractConfig? {
        let location = reader.location(of: node)
        var path: String?
        var samples = ContractConfig.defaultSamples
        var severity = CheckSeverity.error
        if case .scalar = node {
            path = reader.string(node, "for 'schema' \(context)")
        } else if case .mapping(let mapping) = node, mapping["fields"] != nil {
            let schemaReader = YAMLNodeReader(file: reader.file)
            let schema = SchemaLoader.decode(node, reader: schemaReader)
            for diagnostic in schemaReader.diagnostics { reader.error(diagnostic.message, at: diagnostic.location ?? location) }
            guard let schema, schemaReader.diagnostics.isEmpty else { return nil }
            return ContractConfig(source: .schema(schema, name: "inline schema"), location: location)
        } else if let mapping = reader.mapping(node, "for 'schema' \(context)") {
            let inner = MappingReader(reader: reader, node: node, mapping: mapping.mapping, context: "in 'schema' \(context)")
            let (values, _) = inner.values(for: ContractConfig.keys)
            if case .string(let value)? = values["path"] { path = value }
            if case .integer(let value)? = values["samples"] { samples = value }
            if case .string(let value)? = values["severity"] { severity = CheckSeverity(rawValue: value) ?? .error }
        }
        guard let path, !path.isEmpty else { return nil }
        let url = MLGateConfig.resolve(path, against: directory)
        do {
            let schema = try SchemaLoader.load(url: url, displayPath: path)
            return ContractConfig(source: .schema(schema, name: path), samples: samples, severity: severity, location: location)
        } catch {
            for diagnostic in error.diagnostics { reader.error(diagnostic.message, at: diagnostic.location ?? location) }
            return nil
        }
    }

    static func decodeCheck(_ node: Node, index: Int, gateContext: String, reader: YAMLNodeReader)
        -> ConfiguredCheck?
    {
        guard
            let heading = decodeCheckHeading(
                node, index: index, noun: "check", identifierKey: "check", gateContext: gateContext, reader: reader)
        else { return nil }
        let (mapping, name) = (heading.mapping, heading.name)
        let location = reader.location(of: node)

        guard let identifier = heading.identifier else {
            mapping.validateKeys(known: ConfiguredCheck.keys.map(\.key), required: ["check"])
            return nil
        }
        guard let type = CheckCatalog.tableCheck(identifier) else {
            let known = CheckCatalog.tableChecks.map { $0.identifier }
            reader.error(
                "unknown check '\(identifier)' \(gateContext)" + Suggestion.didYouMean(identifier, in: known)
                    + " (data checks: \(known.joined(separator: ", ")))",
                at: mapping["check"])
            return nil
        }
        guard
            let (parameters, severity) = decodeCheckKeys(
                heading.keys, parameters: type.parameters, common: ConfiguredCheck.keys, checkName: name ?? identifier)
        else { return nil }
        return buildCheck(parameters, reader: reader) { () throws(DiagnosticError) in
            ConfiguredCheck(
                name: name ?? identifier, severity: severity, location: location, check: try type.init(parameters: parameters))
        }
    }
}
