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
            data = try DocumentFile.read(url)
        } catch {
            let exists = FileManager.default.fileExists(atPath: url.path)
            throw DiagnosticError(
                exists
                    ? "cannot read the config file: \(error.localizedDescription)"
                    : "config file not found (expected at \(url.path)); create one with 'mlgate init'",
                at: SourceLocation(file: path))
        }
        let text = try UTF8Text.decode(data, file: path, what: "the config file")
        return try parse(text, file: path, directory: url.deletingLastPathComponent())
    }

    /// Parses config text. `file` names the config in messages; relative paths in it
    /// resolve against `directory`.
    public static func parse(_ text: String, file: String, directory: URL) throws(DiagnosticError) -> MLGateConfig {
        try YAMLExpansion.check(text, file: file, document: "the config")
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
            case .integer(let value)? = reader.value(node, as: MLGateConfig.keys[key: "version"], "at the top level")
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
        if let node = top["artifacts"],
            case .list(let items)? = reader.value(node, as: MLGateConfig.keys[key: "artifacts"], "at the top level")
        {
            for case .string(let path) in items { artifacts.append(path) }
        }

        var gates: [GateConfig] = []
        if let node = top["gates"], let items = reader.sequence(node, "for 'gates'") {
            if items.isEmpty {
                reader.error("'gates' is empty: declare at least one gate", at: node)
            }
            var names = UniqueNames()
            for (index, item) in items.enumerated() {
                guard let gate = decodeGate(item, index: index, reader: reader, directory: directory) else { continue }
                if let first = names.insert(gate.name, at: gate.location) {
                    reader.error("duplicate gate name '\(gate.name)' (first declared at \(first))", at: gate.location)
                }
                gates.append(gate)
            }
        }
        return MLGateConfig(
            file: file, directory: directory, version: version, reports: reports, gates: gates, artifacts: artifacts)
    }

    /// How one kind of gate is read: the keys it has besides those of every gate, and its
    /// decoder (each in its own `ConfigLoader+<Kind>.swift`).
    struct GateDecoder: Sendable {
        /// The gate's keys besides ``GateConfig/keys``.
        var keys: [ParameterSpec]
        /// Reads the gate's keys (already checked against `keys`); nil when they are unusable.
        var decode: @Sendable (_ gate: MappingReader, _ reader: YAMLNodeReader, _ directory: URL) -> GateConfig.Body?
    }

    /// The decoder of every gate kind: the one place a new gate kind is registered.
    static let gateDecoders: [GateKind: GateDecoder] = [
        .data: dataGateDecoder,
        .model: modelGateDecoder,
        .fairness: fairnessGateDecoder,
        .drift: driftGateDecoder,
    ]

    private static func decodeGate(_ node: Node, index: Int, reader: YAMLNodeReader, directory: URL) -> GateConfig? {
        guard let gate = reader.mapping(node, "for gate #\(index + 1)") else { return nil }
        let name = gate["name"].flatMap { reader.string($0, "for 'name' of gate #\(index + 1)") }
        let context = name.map { "in gate '\($0)'" } ?? "in gate #\(index + 1)"
        var kind: GateKind?
        if let kindNode = gate["kind"],
            case .string(let raw)? = reader.value(kindNode, as: GateConfig.keys[key: "kind"], context)
        {
            kind = GateKind(rawValue: raw)
        }
        guard let kind, let decoder = gateDecoders[kind] else {
            // Without a kind the gate's other keys cannot be judged; report only what is missing.
            for key in ["name", "kind"] where gate[key] == nil {
                reader.error("missing required key '\(key)' \(context)", at: node)
            }
            return nil
        }
        let body = MappingReader(reader: reader, node: gate.node, mapping: gate.mapping, context: context)
        let keys = GateConfig.keys + decoder.keys
        body.validateKeys(known: keys.map(\.key), required: keys.filter(\.isRequired).map(\.key))
        guard let decoded = decoder.decode(body, reader, directory), let name else { return nil }
        return GateConfig(name: name, kind: kind, location: reader.location(of: node), body: decoded)
    }

    /// `threshold:` of a classifier's score: a number in [0, 1], or an error and nil.
    static func decodeScoreThreshold(_ gate: MappingReader, keys: [ParameterSpec], reader: YAMLNodeReader) -> Double? {
        guard case .number(let threshold)? = gate.value("threshold", in: keys) else { return nil }
        guard let problem = PredictionColumns.thresholdProblem(threshold) else { return threshold }
        report(problem, gate, reader)
        return nil
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
            if let text = path, SparkTable.isSparkURL(text) {
                do {
                    return try TableInput(sparkURL: text).map { var input = $0; input.location = location; return input }
                } catch {
                    reader.error("\(error.diagnostics.first?.message ?? "\(error)") \(context)", at: location)
                    return nil
                }
            }
            if let text = path, DatabaseTable.isDatabaseURL(text) {
                do {
                    return try TableInput(databaseURL: text, location: location)
                } catch {
                    reader.error("\(error.diagnostics.first?.message ?? "\(error)") \(context)", at: location)
                    return nil
                }
            }
        } else if let mapping = reader.mapping(node, "for 'input' \(context)") {
            if mapping["spark"] != nil {
                return decodeSparkInput(node, mapping: mapping.mapping, context: context, reader: reader)
            }
            if mapping["database"] != nil {
                return decodeDatabaseInput(node, mapping: mapping.mapping, context: context, reader: reader)
            }
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
                skipInitialSpace: boolean("skipInitialSpace"), header: boolean("header"), commentChar: string("commentChar"),
                encoding: string("encoding"), headerRows: { if case .integer(let row)? = values["headerRow"] { [row] } else { nil } }())
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
            format = TableFormat(inferringFrom: path) ?? TableFormat(sniffing: MLGateConfig.resolve(path, against: directory))
            if format == nil {
                reader.error(
                    "cannot tell the format of '\(path)' \(context) from its extension: expected .csv, .tsv, .jsonl or .parquet, or set 'format'",
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

    /// `{database: URL, table: NAME}` or `{database: URL, query: SQL}`, with an optional
    /// `statementTimeout` in seconds.
    static func decodeDatabaseInput(_ node: Node, mapping: Node.Mapping, context: String, reader: YAMLNodeReader) -> TableInput? {
        let location = reader.location(of: node)
        let inner = MappingReader(reader: reader, node: node, mapping: mapping, context: "in 'input' \(context)")
        let (values, locations) = inner.values(for: DatabaseTable.keys)
        guard case .string(let connection)? = values["database"] else { return nil }
        if !connection.isEmpty, !DatabaseTable.isDatabaseURL(connection) {
            reader.error(
                "'database' \(context) is not a PostgreSQL URL: expected postgresql://[user[:password]@]host[:port]/database",
                at: locations["database"] ?? location)
            return nil
        }
        var timeout = DatabaseTable.defaultStatementTimeoutMilliseconds
        if case .integer(let seconds)? = values["statementTimeout"] { timeout = seconds * 1000 }
        guard let relation = decodeRelation(values, context: context, noun: "a database", reader: reader, at: location) else { return nil }
        return TableInput(
            database: DatabaseTable(
                connection: connection, relation: relation, statementTimeoutMilliseconds: timeout,
                dialect: values["dialect"].flatMap { if case .string(let name) = $0 { WarehouseDialect(rawValue: name) } else { nil } }),
            location: location)
    }

    /// `{spark: sc://…, table: NAME}` or `{spark: …, query: SQL}`, with an optional `timeout`.
    static func decodeSparkInput(_ node: Node, mapping: Node.Mapping, context: String, reader: YAMLNodeReader) -> TableInput? {
        let location = reader.location(of: node)
        let inner = MappingReader(reader: reader, node: node, mapping: mapping, context: "in 'input' \(context)")
        let (values, locations) = inner.values(for: SparkTable.keys)
        guard case .string(let connection)? = values["spark"] else { return nil }
        do {
            _ = try SparkConnectURL(connection)
        } catch {
            reader.error("'spark' \(context): \(error.message)", at: locations["spark"] ?? location)
            return nil
        }
        var timeout = SparkTable.defaultTimeoutSeconds
        if case .integer(let seconds)? = values["timeout"] { timeout = seconds }
        guard let relation = decodeRelation(values, context: context, noun: "a Spark connection", reader: reader, at: location) else { return nil }
        return TableInput(spark: SparkTable(connection: connection, relation: relation, timeoutSeconds: timeout), location: location)
    }

    /// The rows of a table input: its 'table' or its 'query' (one of them, not empty).
    static func decodeRelation(
        _ values: [String: ConfigValue], context: String, noun: String, reader: YAMLNodeReader, at location: SourceLocation
    ) -> DatabaseTable.Relation? {
        switch (values["table"], values["query"]) {
        case (.string(let table)?, nil) where !table.isEmpty: return .table(table)
        case (nil, .string(let query)?) where !query.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty: return .query(query)
        case (.some, .some):
            reader.error("'input' \(context) gives both 'table' and 'query': expected one of them", at: location)
            return nil
        default:
            reader.error("'input' \(context) names \(noun) but no rows: expected 'table' or 'query' (not empty)", at: location)
            return nil
        }
    }

    /// A YAML syntax error as a located diagnostic.
    static func yamlDiagnostic(_ error: any Error, file: String, document: String = "the config") -> Diagnostic {
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
            return Diagnostic(.error, "cannot read \(document): \(problem)", at: SourceLocation(file: file))
        default:
            return Diagnostic(.error, "cannot parse \(document): \(error)", at: SourceLocation(file: file))
        }
    }
}
