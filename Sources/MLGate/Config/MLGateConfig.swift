import Foundation

/// `mlgate.yml`: what to check and where to report it.
public struct MLGateConfig: Sendable {
    /// The config format version this mlgate reads.
    public static let currentVersion = 1

    /// The config file as the user named it.
    public var file: String
    /// The folder relative paths in the config resolve against: the config's own folder.
    public var directory: URL
    /// The config format version (always ``currentVersion`` once loaded).
    public var version: Int
    /// Where reports go, unless the command line says otherwise.
    public var reports: ReportPaths
    /// The gates, in the order declared.
    public var gates: [GateConfig]
    /// The model artifacts an attestation names (paths as written, relative to the config).
    public var artifacts: [String]

    /// Creates a config.
    public init(
        file: String, directory: URL, version: Int, reports: ReportPaths, gates: [GateConfig], artifacts: [String] = []
    ) {
        self.file = file
        self.directory = directory
        self.version = version
        self.reports = reports
        self.gates = gates
        self.artifacts = artifacts
    }

    /// The keys allowed at the top level.
    public static let keys: [ParameterSpec] = [
        ParameterSpec("version", .integer(minimum: 1), required: true, "Config format version; must be 1."),
        ParameterSpec("reports", .structure("reports"), "Where to write reports (a mapping; see ReportPaths)."),
        ParameterSpec("gates", .structure("list of gates"), required: true, "The gates to run (a list; see GateConfig)."),
        ParameterSpec(
            "artifacts", .stringList,
            "The model artifacts (files or folders, relative to the config file) that the gate attestation names; mlgate promote moves only these."),
    ]

    /// Resolves a path written in the config against the config's folder.
    public func resolve(_ path: String) -> URL {
        Self.resolve(path, against: directory)
    }

    static func resolve(_ path: String, against directory: URL) -> URL {
        if path.hasPrefix("/") { return URL(fileURLWithPath: path).standardizedFileURL }
        return directory.appendingPathComponent(path).standardizedFileURL
    }
}

/// Where the reports of a run are written. Paths are relative to the config file.
public struct ReportPaths: Sendable, Hashable {
    /// JUnit XML.
    public var junit: String?
    /// The JSON report.
    public var json: String?
    /// The Markdown summary.
    public var markdown: String?
    /// OpenMetrics text.
    public var openmetrics: String?
    /// The self-contained HTML page.
    public var html: String?
    /// The gate attestation (an in-toto statement; see docs/promotion.md).
    public var attestation: String?

    /// Creates report paths.
    public init(
        junit: String? = nil, json: String? = nil, markdown: String? = nil, openmetrics: String? = nil,
        html: String? = nil, attestation: String? = nil
    ) {
        self.junit = junit
        self.json = json
        self.markdown = markdown
        self.openmetrics = openmetrics
        self.html = html
        self.attestation = attestation
    }

    /// The keys of `reports:`.
    public static let keys: [ParameterSpec] = [
        ParameterSpec("junit", .string, "JUnit XML report path, relative to the config file."),
        ParameterSpec("json", .string, "JSON report path, relative to the config file."),
        ParameterSpec("markdown", .string, "Markdown summary path, relative to the config file."),
        ParameterSpec("openmetrics", .string, "OpenMetrics text path (GitLab's metrics report), relative to the config file."),
        ParameterSpec("html", .string, "HTML report path, relative to the config file."),
        ParameterSpec(
            "attestation", .string,
            "Gate attestation path (in-toto statement, DSSE-signed with MLGATE_SIGNING_KEY when set), relative to the config file."),
    ]
}

/// The kinds of gate.
public enum GateKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Data contract: a dataset against a schema and dataset-level checks.
    case data
    /// Model quality: metrics against thresholds and the champion.
    case model
    /// Fairness across groups.
    case fairness
    /// Drift against reference data.
    case drift

}

/// One gate of `mlgate.yml`.
public struct GateConfig: Sendable {
    /// The gate's name, unique in the config; the JUnit test suite's name.
    public var name: String
    /// Its kind.
    public var kind: GateKind
    /// Where the gate was declared.
    public var location: SourceLocation
    /// What to run.
    public var body: Body

    /// What a gate runs, by kind.
    public enum Body: Sendable {
        /// A data gate.
        case data(DataGateConfig)
        /// A model gate.
        case model(ModelGateConfig)
        /// A fairness gate.
        case fairness(FairnessGateConfig)
        /// A drift gate.
        case drift(DriftGateConfig)
    }

    /// Creates a gate.
    public init(name: String, kind: GateKind, location: SourceLocation, body: Body) {
        self.name = name
        self.kind = kind
        self.location = location
        self.body = body
    }

    /// The keys every gate has.
    public static let keys: [ParameterSpec] = [
        ParameterSpec("name", .string, required: true, "The gate's name, unique in the config."),
        ParameterSpec("kind", .choice(GateKind.allCases.map(\.rawValue)), required: true, "What the gate checks."),
        ParameterSpec("description", .string, "A note for readers of the config and the report."),
    ]
}

/// A data gate: one table and the checks on it.
public struct DataGateConfig: Sendable {
    /// The table.
    public var input: TableInput
    /// The checks, in the order declared.
    public var checks: [ConfiguredCheck]
    /// The Table Schema the table must follow, if any.
    public var contract: ContractConfig?

    /// Creates a data gate.
    public init(input: TableInput, checks: [ConfiguredCheck], contract: ContractConfig? = nil) {
        self.input = input
        self.checks = checks
        self.contract = contract
    }

    /// The keys a data gate has besides those of every gate.
    public static let keys: [ParameterSpec] = [
        ParameterSpec("input", .structure("input"), required: true, "The table: a path, or a mapping (see TableInput)."),
        ParameterSpec("schema", .structure("schema"), "The Frictionless Table Schema the table must follow: a path, a mapping with 'path', or the schema inline."),
        ParameterSpec("checks", .structure("list of checks"), "The checks on the table (a list)."),
    ]
}

/// A table to read, as the config names it.
public struct TableInput: Sendable, Hashable {
    /// The path as written in the config.
    public var path: String
    /// The resolved file.
    public var url: URL
    /// Its format.
    public var format: TableFormat
    /// For CSV and TSV: delimiter and quote.
    public var dialect: CSVDialect
    /// Where the input was declared.
    public var location: SourceLocation
    /// What detection found in the file (``DialectDetector``); `nil` until it has looked.
    public var detection: DialectDetection?
    /// A database table or query instead of a file (`path` is then its display name).
    public var database: DatabaseTable?
    /// A Spark table or query instead of a file (`path` is then its display name).
    public var spark: SparkTable?

    /// Creates an input.
    public init(path: String, url: URL, format: TableFormat, dialect: CSVDialect, location: SourceLocation) {
        self.path = path
        self.url = url
        self.format = format
        self.dialect = dialect
        self.location = location
    }

    /// The keys of an input given as a mapping.
    public static let keys: [ParameterSpec] = [
        ParameterSpec("path", .string, required: true, "The file, relative to the config file."),
        ParameterSpec(
            "format", .choice(TableFormat.allCases.map(\.rawValue)),
            "The file format; by default inferred from the extension (.csv, .tsv, .jsonl, .parquet) or Parquet's magic bytes."),
        ParameterSpec("delimiter", .string, "For CSV: the one-character field delimiter; by default detected (',', tab, ';' or '|'), else ','."),
        ParameterSpec("quoteChar", .string, "For CSV: the quote character (default '\"'; '' for none)."),
        ParameterSpec("doubleQuote", .boolean, "For CSV: a doubled quote inside a quoted field stands for one (default true)."),
        ParameterSpec("escapeChar", .string, "For CSV: the character that escapes the next one (default none)."),
        ParameterSpec("skipInitialSpace", .boolean, "For CSV: ignore spaces right after a delimiter; by default detected with the delimiter, else false."),
        ParameterSpec("commentChar", .string, "For CSV: rows starting with this are comments, skipped (default none)."),
        ParameterSpec("header", .boolean, "For CSV: whether the first row holds the column names (default true)."),
        ParameterSpec("lineTerminator", .string, "For CSV: accepted for Frictionless compatibility; CRLF, LF and CR all end rows."),
        ParameterSpec(
            "encoding", .string,
            "For CSV: the character encoding (utf-8, utf-16, windows-1252, iso-8859-1, …; docs/contract.md); by default detected from the file's first 100,000 bytes."),
        ParameterSpec(
            "headerRow", .integer(minimum: 1),
            "For CSV: the row holding the column names (frictionless's headerRows); by default the first row about as wide as the rows of the file's first 100."),
    ]
}

/// A check as declared in a gate: which check, its name, its severity, its parameters.
public struct ConfiguredCheck: Sendable {
    /// The name shown in reports (the JUnit test case name); by default the identifier.
    public var name: String
    /// What a failure does to the gate.
    public var severity: CheckSeverity
    /// Where it was declared (for annotations pointing at the config).
    public var location: SourceLocation
    /// The check itself.
    public var check: any TableCheck

    /// Creates a configured check.
    public init(name: String, severity: CheckSeverity, location: SourceLocation, check: any TableCheck) {
        self.name = name
        self.severity = severity
        self.location = location
        self.check = check
    }

    /// The keys every check has.
    public static let keys: [ParameterSpec] = [
        ParameterSpec("check", .string, required: true, "Which check (its identifier)."),
        ParameterSpec("name", .string, "The name shown in reports; defaults to the identifier. Unique in the gate."),
        ParameterSpec(
            "severity", .choice(CheckSeverity.allCases.map(\.rawValue)),
            "error (default): a failure fails the gate; warn: a failure is a warning."),
        ParameterSpec("description", .string, "A note for readers of the config and the report."),
    ]
}
