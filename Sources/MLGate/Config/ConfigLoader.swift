import Foundation
import Yams

/// Reads `mlgate.yml` (YAML, or JSON, which YAML includes) into an ``MLGateConfig``,
/// reporting every problem at once with its line and column.
public enum ConfigLoader {
    /// Loads the config at `path` (relative paths resolve against the current directory).
    ///
    /// - Throws: ``DiagnosticError`` listing every problem, each located as
    ///   `mlgate.yml:7:5`.
    public static func load(path: String) throws(DiagnosticError) -> MLGateConfig {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            let exists = FileManager.default.fileExists(atPath: url.path)
            throw DiagnosticError(
                exists
                    ? "cannot read the config file: \(error.localizedDescription)"
                    : "config file not found (expected at \(url.path)); create one with 'mlgate init'",
                at: SourceLocation(file: path))
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw DiagnosticError("the config file is not valid UTF-8 text", at: SourceLocation(file: path))
        }
        return try parse(text, file: path, directory: url.deletingLastPathComponent())
    }

    /// Parses config text. `file` names the config in messages; relative paths in it
    /// resolve against `directory`.
    public static func parse(_ text: String, file: String, directory: URL) throws(DiagnosticError) -> MLGateConfig {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw DiagnosticError(
                    "the config is empty: expected a mapping with 'version' and 'gates'",
                    at: SourceLocation(file: file))
            }
            root = node
        } catch let error as DiagnosticError {
            throw error
        } catch {
            throw DiagnosticError([yamlDiagnostic(error, file: file)])
        }

        let reader = YAMLNodeReader(file: file)
        let config = decodeConfig(root, reader: reader, file: file, directory: directory)
        if !reader.diagnostics.isEmpty {
            throw DiagnosticError(reader.diagnostics)
        }
        guard let config else {
            throw DiagnosticError("the config could not be read", at: SourceLocation(file: file))
        }
        return config
    }

    // MARK: - Decoding

    private static func decodeConfig(
        _ root: Node, reader: YAMLNodeReader, file: String, directory: URL
    ) -> MLGateConfig? {
        guard let top = reader.mapping(root, "at the top level of the config") else { return nil }
        top.validateKeys(known: MLGateConfig.keys.map(\.key), required: ["version", "gates"])

        var version = MLGateConfig.currentVersion
        if let node = top["version"],
            case .integer(let value)? = reader.value(node, as: MLGateConfig.keys[0], "at the top level")
        {
            version = value
            if value != MLGateConfig.currentVersion {
                reader.error(
                    "unsupported config version \(value): this mlgate reads version \(MLGateConfig.currentVersion)",
                    at: node)
            }
        }

        var reports = ReportPaths()
        if let node = top["reports"], let mapping = reader.mapping(node, "for 'reports'") {
            let (values, _) = mapping.values(for: ReportPaths.keys)
            if case .string(let path)? = values["junit"] { reports.junit = path }
            if case .string(let path)? = values["json"] { reports.json = path }
            if case .string(let path)? = values["markdown"] { reports.markdown = path }
            if case .string(let path)? = values["openmetrics"] { reports.openmetrics = path }
            if case .string(let path)? = values["html"] { reports.html = path }
            if case .string(let path)? = values["attestation"] { reports.attestation = path }
        }

        var artifacts: [String] = []
        if let node = top["artifacts"], case .list(let items)? = reader.value(node, as: MLGateConfig.keys[3], "at the top level") {
            for case .string(let path) in items { artifacts.append(path) }
        }

        var gates: [GateConfig] = []
        if let node = top["gates"], let items = reader.sequence(node, "for 'gates'") {
            if items.isEmpty {
                reader.error("'gates' is empty: declare at least one gate", at: node)
            }
            var seen: [String: SourceLocation] = [:]
            for (index, item) in items.enumerated() {
                guard let gate = decodeGate(item, index: index, reader: reader, directory: directory) else { continue }
                if let first = seen[gate.name] {
                    reader.error("duplicate gate name '\(gate.name)' (first declared at \(first))", at: gate.location)
                }
                seen[gate.name] = gate.location
                gates.append(gate)
            }
        }
        return MLGateConfig(
            file: file, directory: directory, version: version, reports: reports, gates: gates, artifacts: artifacts)
    }

    private static func decodeGate(_ node: Node, index: Int, reader: YAMLNodeReader, directory: URL) -> GateConfig? {
        guard let gate = reader.mapping(node, "for gate #\(index + 1)") else { return nil }
        let name = gate["name"].flatMap { reader.string($0, "for 'name' of gate #\(index + 1)") }
        let context = name.map { "in gate '\($0)'" } ?? "in gate #\(index + 1)"
        var kind: GateKind?
        if let kindNode = gate["kind"],
            case .string(let raw)? = reader.value(kindNode, as: GateConfig.keys[1], context)
        {
            kind = GateKind(rawValue: raw)
        }
        guard let kind else {
            // Without a kind the gate's other keys cannot be judged; report only what is missing.
            for key in ["name", "kind"] where gate[key] == nil {
                reader.error("missing required key '\(key)' \(context)", at: node)
            }
            return nil
        }

        let body: GateConfig.Body
        switch kind {
        case .data:
            let context = MappingReader(reader: reader, node: gate.node, mapping: gate.mapping, context: context)
            context.validateKeys(
                known: (GateConfig.keys + DataGateConfig.keys).map(\.key),
                required: (GateConfig.keys + DataGateConfig.keys).filter(\.isRequired).map(\.key))
            guard let data = decodeDataGate(context, reader: reader, directory: directory) else { return nil }
            body = .data(data)
        case .model:
            let context = MappingReader(reader: reader, node: gate.node, mapping: gate.mapping, context: context)
            context.validateKeys(
                known: (GateConfig.keys + ModelGateConfig.keys).map(\.key),
                required: (GateConfig.keys + ModelGateConfig.keys).filter(\.isRequired).map(\.key))
            guard let model = decodeModelGate(context, reader: reader, directory: directory) else { return nil }
            body = .model(model)
        case .fairness:
            let context = MappingReader(reader: reader, node: gate.node, mapping: gate.mapping, context: context)
            context.validateKeys(
                known: (GateConfig.keys + FairnessGateConfig.keys).map(\.key),
                required: (GateConfig.keys + FairnessGateConfig.keys).filter(\.isRequired).map(\.key))
            guard let fairness = decodeFairnessGate(context, reader: reader, directory: directory) else { return nil }
            body = .fairness(fairness)
        case .drift:
            let context = MappingReader(reader: reader, node: gate.node, mapping: gate.mapping, context: context)
            context.validateKeys(
                known: (GateConfig.keys + DriftGateConfig.keys).map(\.key),
                required: (GateConfig.keys + DriftGateConfig.keys).filter(\.isRequired).map(\.key))
            guard let drift = decodeDriftGate(context, reader: reader, directory: directory) else { return nil }
            body = .drift(drift)
        }
        guard let name else { return nil }
        return GateConfig(name: name, kind: kind, location: reader.location(of: node), body: body)
    }

    private static func decodeDataGate(_ gate: MappingReader, reader: YAMLNodeReader, directory: URL)
        -> DataGateConfig?
    {
        let input = gate["input"].flatMap { decodeInput($0, context: gate.context, reader: reader, directory: directory) }
        var checks: [ConfiguredCheck] = []
        if let node = gate["checks"], let items = reader.sequence(node, "for 'checks' \(gate.context)") {
            var seen: [String: SourceLocation] = [:]
            for (index, item) in items.enumerated() {
                guard let check = decodeCheck(item, index: index, gateContext: gate.context, reader: reader)
                else { continue }
                if let first = seen[check.name] {
                    reader.error(
                        "duplicate check name '\(check.name)' \(gate.context) (first declared at \(first)); give one a 'name'",
                        at: check.location)
                }
                seen[check.name] = check.location
                checks.append(check)
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

    static func decodeInput(_ node: Node, context: String, reader: YAMLNodeReader, directory: URL)
        -> TableInput?
    {
        let location = reader.location(of: node)
        var path: String?
        var format: TableFormat?
        var dialect = CSVDialect.csv
        var explicitDialect: CSVDialect.Descriptor?
        if case .scalar = node {
            path = reader.string(node, "for 'input' \(context)")
        } else if let mapping = reader.mapping(node, "for 'input' \(context)") {
            let inputContext = "in 'input' \(context)"
            let inner = MappingReader(reader: reader, node: node, mapping: mapping.mapping, context: inputContext)
            let (values, locations) = inner.values(for: TableInput.keys)
            if case .string(let value)? = values["path"] { path = value }
            if case .string(let value)? = values["format"] { format = TableFormat(rawValue: value) }
            // The Frictionless CSV dialect, checked as frictionless reads it.
            func string(_ key: String) -> String? { if case .string(let value)? = values[key] { value } else { nil } }
            func boolean(_ key: String) -> Bool? { if case .boolean(let value)? = values[key] { value } else { nil } }
            let descriptor = CSVDialect.Descriptor(
                delimiter: string("delimiter"), lineTerminator: string("lineTerminator"), quoteChar: string("quoteChar"),
                doubleQuote: boolean("doubleQuote"), escapeChar: string("escapeChar"),
                skipInitialSpace: boolean("skipInitialSpace"), header: boolean("header"), commentChar: string("commentChar"))
            if descriptor != CSVDialect.Descriptor() {
                explicitDialect = descriptor
                do {
                    dialect = try CSVDialect(frictionless: descriptor, base: format == .tsv ? .tsv : .csv)
                } catch {
                    reader.error("\(error) \(inputContext)", at: locations[error.property] ?? location)
                }
            }
        }
        guard let path else { return nil }
        if path.isEmpty {
            reader.error("'input' \(context) is empty: expected a file path", at: location)
            return nil
        }
        if format == nil {
            format = TableFormat(inferringFrom: path)
            if format == nil {
                reader.error(
                    "cannot tell the format of '\(path)' \(context) from its extension: expected .csv, .tsv or .jsonl, or set 'format'",
                    at: location)
                return nil
            }
        }
        if format == .tsv, explicitDialect == nil { dialect = .tsv }
        if let explicitDialect, format == .tsv, explicitDialect.delimiter == nil {
            dialect = (try? CSVDialect(frictionless: explicitDialect, base: .tsv)) ?? dialect
        }
        return TableInput(
            path: path, url: MLGateConfig.resolve(path, against: directory), format: format!, dialect: dialect,
            location: location)
    }

    private static func decodeCheck(_ node: Node, index: Int, gateContext: String, reader: YAMLNodeReader)
        -> ConfiguredCheck?
    {
        guard let mapping = reader.mapping(node, "for check #\(index + 1) \(gateContext)") else { return nil }
        let explicitName = mapping["name"].flatMap { reader.string($0, "for 'name' of check #\(index + 1) \(gateContext)") }
        let identifier = mapping["check"].flatMap { reader.string($0, "for 'check' of check #\(index + 1) \(gateContext)") }
        let name = explicitName ?? identifier
        let context = name.map { "in check '\($0)'" } ?? "in check #\(index + 1) \(gateContext)"
        let location = reader.location(of: node)

        guard let identifier else {
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
        let checkReader = MappingReader(reader: reader, node: node, mapping: mapping.mapping, context: context)
        let (values, locations) = checkReader.values(
            for: type.parameters, extraKeys: ConfiguredCheck.keys.map(\.key))
        var severity = CheckSeverity.error
        if let severityNode = mapping["severity"],
            case .string(let raw)? = reader.value(severityNode, as: ConfiguredCheck.keys[2], context)
        {
            severity = CheckSeverity(rawValue: raw) ?? .error
        }
        if let descriptionNode = mapping["description"] {
            _ = reader.string(descriptionNode, "for 'description' \(context)")
        }
        // Only build the check when its own keys were all well-formed, so that a type
        // error is not followed by a confusing "needs 'min'" error.
        let wellFormed = type.parameters.allSatisfy { mapping[$0.key] == nil || values[$0.key] != nil }
        guard wellFormed else { return nil }
        let parameters = CheckParameters(
            values: values, locations: locations, location: location, checkName: name ?? identifier)
        do {
            let check = try type.init(parameters: parameters)
            return ConfiguredCheck(name: name ?? identifier, severity: severity, location: location, check: check)
        } catch {
            for diagnostic in error.diagnostics {
                reader.error(diagnostic.message, at: diagnostic.location ?? location)
            }
            return nil
        }
    }

    /// A YAML syntax error as a located diagnostic.
    static func yamlDiagnostic(_ error: any Error, file: String) -> Diagnostic {
        func at(_ mark: Mark) -> SourceLocation {
            SourceLocation(file: file, line: mark.line, column: mark.column)
        }
        switch error as? YamlError {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            var message = "invalid YAML: \(problem)"
            if let context { message += " (\(context.text) at line \(context.mark.line), column \(context.mark.column))" }
            return Diagnostic(.error, message, at: at(mark))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return Diagnostic(.error, "duplicate key \(keys) in a mapping: each key may appear once", at: at(context.mark))
        case .reader(let problem, _, _, _):
            return Diagnostic(.error, "cannot read the config: \(problem)", at: SourceLocation(file: file))
        default:
            return Diagnostic(.error, "cannot parse the config: \(error)", at: SourceLocation(file: file))
        }
    }
}
