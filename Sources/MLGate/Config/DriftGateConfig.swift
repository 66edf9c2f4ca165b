import Foundation

/// A drift gate: the current data against a reference, column by column.
public struct DriftGateConfig: Sendable {
    /// The reference data (what the model was trained or last validated on), or its profile.
    public var reference: DriftReference
    /// The current data.
    public var current: TableInput
    /// The columns to compare (default: every column both files have, in the current
    /// file's order), each with its own method and threshold if given.
    public var columns: [DriftColumnConfig]?
    /// Columns to ignore when `columns` is not given.
    public var exclude: [String]
    /// Columns to treat as categorical, or as numeric, whatever their values look like.
    public var categorical: [String]
    /// See ``categorical``.
    public var numeric: [String]
    /// The method for columns that do not name one.
    public var method: DriftMethod
    /// The threshold for columns that do not name one (default: the method's).
    public var threshold: Double?
    /// How `ks` computes its p-value.
    public var ksMethod: KolmogorovSmirnov.Method
    /// Bins of `psi` and `jensenshannon` when chosen explicitly for a numeric column
    /// (reference quantiles); `auto` bins as Evidently does.
    public var bins: Int
    /// The share of drifted columns at which the dataset has drifted.
    public var driftShare: Double
    /// The severity of one drifted column (default `warn`: the dataset check decides).
    public var columnSeverity: CheckSeverity
    /// The severity of dataset drift.
    public var severity: CheckSeverity
    /// Where the gate's keys were written.
    public var location: SourceLocation

    /// Creates a drift gate.
    public init(
        reference: DriftReference, current: TableInput, columns: [DriftColumnConfig]? = nil, exclude: [String] = [],
        categorical: [String] = [], numeric: [String] = [], method: DriftMethod = .auto, threshold: Double? = nil,
        ksMethod: KolmogorovSmirnov.Method = .auto, bins: Int = 10, driftShare: Double = 0.5,
        columnSeverity: CheckSeverity = .warn, severity: CheckSeverity = .error, location: SourceLocation
    ) {
        self.reference = reference
        self.current = current
        self.columns = columns
        self.exclude = exclude
        self.categorical = categorical
        self.numeric = numeric
        self.method = method
        self.threshold = threshold
        self.ksMethod = ksMethod
        self.bins = bins
        self.driftShare = driftShare
        self.columnSeverity = columnSeverity
        self.severity = severity
        self.location = location
    }

    /// The keys of a drift gate besides those of every gate.
    public static let keys: [ParameterSpec] = [
        ParameterSpec("reference", .structure("input"), "The reference data: a path or a mapping (see TableInput). Give this or 'reference_profile'."),
        ParameterSpec("reference_profile", .string, "A reference profile written by 'mlgate profile' (relative to the config), instead of 'reference'."),
        ParameterSpec("current", .structure("input"), required: true, "The current data: a path or a mapping (see TableInput)."),
        ParameterSpec(
            "columns", .structure("list of columns"),
            "The columns to compare: names, or {name, method, threshold} (default: every column both files have)."),
        ParameterSpec("exclude", .stringList, "Columns not to compare when 'columns' is not given (ids, labels, timestamps)."),
        ParameterSpec("categorical", .stringList, "Columns compared as categories whatever their values look like."),
        ParameterSpec("numeric", .stringList, "Columns compared as numbers whatever their cardinality."),
        ParameterSpec(
            "method", .choice(DriftMethod.allCases.map(\.rawValue)),
            "The statistic (default auto: chosen per column as Evidently does)."),
        ParameterSpec("threshold", .number, "The method's drift threshold (default: the method's own; see docs/drift.md)."),
        ParameterSpec(
            "ks_method", .choice(KolmogorovSmirnov.Method.allCases.map(\.rawValue)),
            "How ks computes its p-value, as scipy.stats.ks_2samp: auto (default), exact or asymp."),
        ParameterSpec("bins", .integer(minimum: 2), "Bins from reference quantiles for psi and jensenshannon chosen explicitly on numbers (default 10)."),
        ParameterSpec("drift_share", .number, "The share of drifted columns at which the dataset has drifted (default 0.5)."),
        ParameterSpec(
            "column_severity", .choice(CheckSeverity.allCases.map(\.rawValue)),
            "What a drifted column does (default warn: the dataset_drift check decides)."),
        ParameterSpec("severity", .choice(CheckSeverity.allCases.map(\.rawValue)), "What dataset drift does (default error)."),
    ]

    /// The keys of a column given as a mapping.
    public static let columnKeys: [ParameterSpec] = [
        ParameterSpec("name", .string, required: true, "The column."),
        ParameterSpec("method", .choice(DriftMethod.allCases.map(\.rawValue)), "Its statistic (default: the gate's)."),
        ParameterSpec("threshold", .number, "Its threshold (default: the gate's, else the method's)."),
    ]
}

/// A drift gate's reference: a table, or a profile of one (`mlgate profile`).
public enum DriftReference: Sendable, Hashable {
    /// A table read in full.
    case table(TableInput)
    /// A profile file: its path as written, the file, where it was declared.
    case profile(path: String, url: URL, location: SourceLocation)

    /// The path as written.
    public var path: String {
        switch self {
        case .table(let input): input.path
        case .profile(let path, _, _): path
        }
    }

    /// The file.
    public var url: URL {
        switch self {
        case .table(let input): input.url
        case .profile(_, let url, _): url
        }
    }
}

/// One column of a drift gate, as configured.
public struct DriftColumnConfig: Sendable, Hashable {
    /// The column.
    public var name: String
    /// Its method, if it names one.
    public var method: DriftMethod?
    /// Its threshold, if it names one.
    public var threshold: Double?
    /// Where it was written.
    public var location: SourceLocation?

    /// Creates a column.
    public init(name: String, method: DriftMethod? = nil, threshold: Double? = nil, location: SourceLocation? = nil) {
        self.name = name
        self.method = method
        self.threshold = threshold
        self.location = location
    }
}
