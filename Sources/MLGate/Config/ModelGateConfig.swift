import Foundation

/// A model gate: a predictions file, how to read it, and the metric checks on it.
public struct ModelGateConfig: Sendable {
    /// The predictions file.
    public var predictions: TableInput
    /// Which columns hold what.
    public var columns: PredictionColumns
    /// What the candidate is compared with, if anything.
    public var baseline: Baseline?
    /// The paired bootstrap's settings.
    public var bootstrap: BootstrapSettings
    /// Slices smaller than this are reported, not judged.
    public var minSliceSize: Int
    /// The metric checks, in the order declared.
    public var checks: [MetricCheck]

    /// The champion to compare with.
    public enum Baseline: Sendable {
        /// The champion's predictions on the same rows (paired by id or row order),
        /// read with the candidate's columns except where overridden.
        case predictions(TableInput, PredictionColumns)
        /// A JSON report of an earlier `mlgate check`; `gate` names the gate in it.
        case report(path: String, url: URL, gate: String?, location: SourceLocation)
        /// The report stored with the version an alias points at in a registry
        /// (`REGISTRY#MODEL@ALIAS`): the champion loop.
        case registry(RegistryAliasReference, gate: String?, location: SourceLocation)

        /// Whether the baseline is a report (metric values) rather than predictions.
        public var isReport: Bool {
            if case .predictions = self { return false }
            return true
        }
    }

    /// Creates a model gate.
    public init(
        predictions: TableInput, columns: PredictionColumns, baseline: Baseline?, bootstrap: BootstrapSettings,
        minSliceSize: Int, checks: [MetricCheck]
    ) {
        self.predictions = predictions
        self.columns = columns
        self.baseline = baseline
        self.bootstrap = bootstrap
        self.minSliceSize = minSliceSize
        self.checks = checks
    }

    /// The keys of a model gate besides those of every gate.
    public static let keys: [ParameterSpec] = [
        ParameterSpec("predictions", .structure("input"), required: true, "The predictions file: a path, or a mapping (see TableInput)."),
        ParameterSpec("task", .choice(ModelTask.allCases.map(\.rawValue)), required: true, "binary, multiclass or regression."),
        ParameterSpec("label", .string, required: true, "The column with the true label (or target value)."),
        ParameterSpec("prediction", .string, "The column with the predicted class (or value)."),
        ParameterSpec("score", .structure("scores"), "Scores: a column (binary: the positive class's probability), a list of columns in 'classes' order, or {prefix: …} for one column per class."),
        ParameterSpec("weight", .string, "A sample-weight column."),
        ParameterSpec("id", .string, "A row identifier column, to pair rows with baseline predictions."),
        ParameterSpec("positive_label", .label, "Binary: the positive class (default 1, or true)."),
        ParameterSpec("classes", .labelList, "The classes; labels outside them are an error. Required with a list of score columns."),
        ParameterSpec("threshold", .number, "Binary, without a prediction column: a score at or above it predicts the positive class (default 0.5)."),
        ParameterSpec("slices", .stringList, "Columns whose values split the rows; every metric check is also applied per slice."),
        ParameterSpec("min_slice_size", .integer(minimum: 1), "Slices with fewer rows are reported, not judged (default 30)."),
        ParameterSpec("baseline", .structure("baseline"), "The champion: its predictions on the same rows, an earlier JSON report, or the report of a registry alias."),
        ParameterSpec("bootstrap", .structure("bootstrap"), "The paired bootstrap used with 'confidence'."),
        ParameterSpec("metrics", .structure("list of metric checks"), required: true, "The metric checks."),
    ]

    /// The keys of `baseline:`.
    public static let baselineKeys: [ParameterSpec] = [
        ParameterSpec("predictions", .structure("input"), "The champion's predictions on the same rows."),
        ParameterSpec("report", .string, "A JSON report of an earlier mlgate check (mlgate check --json)."),
        ParameterSpec(
            "registry", .string,
            "The report stored with a registry alias: REGISTRY#MODEL@ALIAS, such as dir:registry#loans@champion, mlflow:http://host:5000#loans@champion or sagemaker:s3://bucket/prefix#loans@champion."),
        ParameterSpec("gate", .string, "With 'report' or 'registry': the gate to read in the report (default: this gate's name)."),
        ParameterSpec("prediction", .string, "The champion's prediction column (default: the candidate's)."),
        ParameterSpec("score", .structure("scores"), "The champion's score columns (default: the candidate's)."),
    ]

    /// The keys of `bootstrap:`.
    public static let bootstrapKeys: [ParameterSpec] = [
        ParameterSpec("resamples", .integer(minimum: 100), "Resamples (default 1000)."),
        ParameterSpec("seed", .integer(minimum: 0), "The random seed (default 0): the same seed gives the same result on every run."),
    ]
}

/// How the paired bootstrap resamples.
public struct BootstrapSettings: Sendable, Hashable {
    /// The number of resamples.
    public var resamples: Int
    /// The seed.
    public var seed: UInt64

    /// Creates settings.
    public init(resamples: Int = 1000, seed: UInt64 = 0) {
        self.resamples = resamples
        self.seed = seed
    }
}
