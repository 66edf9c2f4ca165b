import Foundation

/// A data gate's contract: the Table Schema its table must follow.
///
/// In `mlgate.yml`, `schema:` is a path (JSON or YAML, relative to the config), a
/// mapping with `path` and options, or a Table Schema written inline (a mapping with
/// `fields`).
public struct ContractConfig: Sendable {
    /// Where the schema comes from.
    public enum Source: Sendable {
        /// A schema loaded from a file or written inline; `name` is how reports name it.
        case schema(TableSchema, name: String)
        /// No schema: the table's structure is checked and its types inferred from the
        /// first `sampleRows` rows, as `frictionless validate` does without a schema.
        case inferred(sampleRows: Int)
    }

    /// The schema.
    public var source: Source
    /// How many problems the report shows, located (all are counted).
    public var samples: Int
    /// Whether a broken contract fails the gate (`error`) or warns.
    public var severity: CheckSeverity
    /// Where the contract was declared.
    public var location: SourceLocation

    /// The default number of samples.
    public static let defaultSamples = 20
    /// Rows Frictionless infers types from when there is no schema.
    public static let defaultInferenceRows = 100

    /// Creates a contract.
    public init(source: Source, samples: Int = defaultSamples, severity: CheckSeverity = .error, location: SourceLocation) {
        self.source = source
        self.samples = samples
        self.severity = severity
        self.location = location
    }

    /// A contract as the command line gives it (`mlgate validate`), its options checked
    /// as `schema: {samples: …}` is.
    ///
    /// - Throws: ``OptionError`` with every problem (see ``problems(samples:sampleRows:)``).
    public init(validating source: Source, samples: Int, location: SourceLocation) throws(OptionError) {
        var sampleRows = Self.defaultInferenceRows
        if case .inferred(let rows) = source { sampleRows = rows }
        try OptionError.check(Self.problems(samples: samples, sampleRows: sampleRows))
        self.init(source: source, samples: samples, location: location)
    }

    /// Fewer than 0 samples; fewer than 1 row to infer types from.
    public static func problems(samples: Int, sampleRows: Int) -> [OptionProblem] {
        var problems = [ParameterSpec.problem(samples, for: "samples", in: keys)].compactMap { $0 }
        if sampleRows < 1 {
            problems.append(OptionProblem("sample_rows", "expected an integer ≥ 1 for {sample_rows}{context}, found \(sampleRows)"))
        }
        return problems
    }

    /// The keys of the mapping form (besides an inline schema's own keys).
    public static let keys: [ParameterSpec] = [
        ParameterSpec("path", .string, required: true, "The Table Schema file (JSON or YAML), relative to the config file."),
        ParameterSpec("samples", .integer(minimum: 0), "How many problems the report lists, located (all are counted; default 20)."),
        ParameterSpec("severity", .choice(CheckSeverity.allCases.map(\.rawValue)), "error (default) or warn."),
    ]
}
