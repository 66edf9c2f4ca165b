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
        ksMethod: KolmogorovSmirnov.Method = .auto, bins: Int = defaultBins, driftShare: Double = defaultDriftShare,
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

    /// The default of ``bins``.
    public static let defaultBins = 10
    /// The default of ``driftShare``.
    public static let defaultDriftShare = 0.5

    /// A drift gate from a reference, the current data and its options, as the command
    /// line gives them (`mlgate drift`).
    ///
    /// - Throws: ``OptionError`` with every problem of `options` (see ``Options/problems()``).
    public init(reference: DriftReference, current: TableInput, options: Options, location: SourceLocation) throws(OptionError) {
        try OptionError.check(options.problems())
        self.init(
            reference: reference, current: current, columns: options.columns, exclude: options.exclude,
            categorical: options.categorical, numeric: options.numeric, method: options.method,
            threshold: options.threshold, ksMethod: options.ksMethod, bins: options.bins, driftShare: options.driftShare,
            columnSeverity: options.columnSeverity, severity: options.severity, location: location)
    }

    /// A drift gate's options (all but its inputs), with their defaults: what both
    /// `mlgate.yml` and `mlgate drift` set, validated by the same rules.
    public struct Options: Sendable, Hashable {
        /// See ``DriftGateConfig/columns``.
        public var columns: [DriftColumnConfig]?
        /// See ``DriftGateConfig/exclude``.
        public var exclude: [String] = []
        /// See ``DriftGateConfig/categorical``.
        public var categorical: [String] = []
        /// See ``DriftGateConfig/numeric``.
        public var numeric: [String] = []
        /// See ``DriftGateConfig/method``.
        public var method = DriftMethod.auto
        /// See ``DriftGateConfig/threshold``.
        public var threshold: Double?
        /// See ``DriftGateConfig/ksMethod``.
        public var ksMethod = KolmogorovSmirnov.Method.auto
        /// See ``DriftGateConfig/bins``.
        public var bins = DriftGateConfig.defaultBins
        /// See ``DriftGateConfig/driftShare``.
        public var driftShare = DriftGateConfig.defaultDriftShare
        /// See ``DriftGateConfig/columnSeverity``.
        public var columnSeverity = CheckSeverity.warn
        /// See ``DriftGateConfig/severity``.
        public var severity = CheckSeverity.error

        /// The defaults.
        public init() {}

        /// Every problem, in the order the config loader finds them.
        public func problems() -> [OptionProblem] {
            [Self.thresholdProblem(threshold), Self.binsProblem(bins), Self.driftShareProblem(driftShare)].compactMap { $0 }
                + Self.columnProblems(columns: columns, exclude: exclude, categorical: categorical, numeric: numeric)
        }

        /// A gate threshold below 0.
        public static func thresholdProblem(_ threshold: Double?) -> OptionProblem? {
            guard let threshold, threshold < 0 else { return nil }
            return OptionProblem("threshold", "expected a number ≥ 0 for {threshold}{context}, found \(threshold)")
        }

        /// Fewer bins than `bins:` accepts.
        public static func binsProblem(_ bins: Int) -> OptionProblem? {
            ParameterSpec.problem(bins, for: "bins", in: DriftGateConfig.keys)
        }

        /// A drift share outside (0, 1].
        public static func driftShareProblem(_ share: Double) -> OptionProblem? {
            guard !(share > 0 && share <= 1) else { return nil }
            return OptionProblem("drift_share", "expected a share in (0, 1] for {drift_share}{context}, found \(share)")
        }

        /// An empty or repeated column list, a column both categorical and numeric, and
        /// `exclude` beside `columns`.
        public static func columnProblems(
            columns: [DriftColumnConfig]?, exclude: [String], categorical: [String], numeric: [String]
        ) -> [OptionProblem] {
            var problems: [OptionProblem] = []
            if let columns {
                if columns.isEmpty {
                    problems.append(OptionProblem("columns", "{columns} is empty{context}: name at least one column, or leave it out"))
                }
                var seen = Set<String>()
                for column in columns where !seen.insert(column.name).inserted {
                    problems.append(OptionProblem("columns", "column '\(column.name)' is listed twice{context}"))
                }
            }
            for name in Set(categorical).intersection(numeric).sorted() {
                problems.append(OptionProblem("numeric", "column '\(name)' is both {categorical} and {numeric}{context}"))
            }
            if !exclude.isEmpty, columns != nil {
                problems.append(
                    OptionProblem("exclude", "{exclude} applies when {columns} is not given{context}: list only the columns to compare"))
            }
            return problems
        }
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
