import Foundation

/// The outcome of one `mlgate check` run: the model every report is rendered from.
public struct RunReport: Sendable, Codable, Hashable {
    /// The JSON report's format version; bumped on any incompatible change.
    public static let formatVersion = 1

    /// Equals ``formatVersion`` when written by this mlgate.
    public var formatVersion: Int
    /// The mlgate version that produced the report.
    public var mlgateVersion: String
    /// The config file as named on the command line.
    public var config: String
    /// When the run started.
    public var startedAt: Date
    /// How long the run took, in seconds.
    public var duration: Double
    /// The verdict.
    public var status: RunStatus
    /// Each gate's result, in config order.
    public var gates: [GateResult]

    /// Creates a report; the status is derived from the gates.
    public init(config: String, startedAt: Date, duration: Double, gates: [GateResult]) {
        self.formatVersion = Self.formatVersion
        self.mlgateVersion = MLGateVersion.current
        self.config = config
        self.startedAt = startedAt
        self.duration = duration
        self.gates = gates
        self.status = RunStatus(outcomes: gates.flatMap { $0.checks.map(\.outcome) })
    }

    /// Counts over every check of every gate.
    public var totals: OutcomeCounts { OutcomeCounts(gates.flatMap(\.checks)) }
}

/// The verdict of a run, and the process exit code that goes with it.
public enum RunStatus: String, Sendable, Codable, Hashable {
    /// Every check passed or warned (or was skipped): exit 0.
    case passed
    /// At least one check of severity `error` failed: exit 1.
    case failed
    /// At least one check could not run: exit 2. Takes precedence over `failed`, since a
    /// gate that could not run must never look like a verdict on the model.
    case error

    /// Derives the verdict from check outcomes.
    public init(outcomes: some Sequence<CheckOutcome>) {
        var status = RunStatus.passed
        for outcome in outcomes {
            switch outcome {
            case .error:
                self = .error
                return
            case .failed: status = .failed
            case .passed, .warning, .skipped: break
            }
        }
        self = status
    }

    /// `0` passed, `1` failed, `2` error.
    public var exitCode: Int32 {
        switch self {
        case .passed: 0
        case .failed: 1
        case .error: 2
        }
    }
}

/// The result of one gate.
public struct GateResult: Sendable, Codable, Hashable {
    /// The gate's name.
    public var name: String
    /// Its kind.
    public var kind: GateKind
    /// Its verdict.
    public var status: RunStatus
    /// When it started.
    public var startedAt: Date
    /// How long it took, in seconds.
    public var duration: Double
    /// Its checks, in config order.
    public var checks: [CheckResult]
    /// What the gate adds to the reports beside its checks, by kind.
    public var detail: GateDetail?

    /// Creates a gate result; the status is derived from the checks.
    public init(
        name: String, kind: GateKind, startedAt: Date, duration: Double, checks: [CheckResult], detail: GateDetail? = nil
    ) {
        self.name = name
        self.kind = kind
        self.startedAt = startedAt
        self.duration = duration
        self.checks = checks
        self.detail = detail
        self.status = RunStatus(outcomes: checks.map(\.outcome))
    }

    /// Counts over this gate's checks.
    public var counts: OutcomeCounts { OutcomeCounts(checks) }

    private enum CodingKeys: String, CodingKey {
        case name, kind, status, startedAt, duration, checks, contract, curves, groups, drift
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        kind = try container.decode(GateKind.self, forKey: .kind)
        status = try container.decode(RunStatus.self, forKey: .status)
        startedAt = try container.decode(Date.self, forKey: .startedAt)
        duration = try container.decode(Double.self, forKey: .duration)
        checks = try container.decode([CheckResult].self, forKey: .checks)
        if let contract = try container.decodeIfPresent(ContractReport.self, forKey: .contract) {
            detail = .contract(contract)
        } else if let curves = try container.decodeIfPresent([CurveReport].self, forKey: .curves) {
            detail = .curves(curves)
        } else if let groups = try container.decodeIfPresent(GroupTableReport.self, forKey: .groups) {
            detail = .groups(groups)
        } else if let drift = try container.decodeIfPresent(DriftTableReport.self, forKey: .drift) {
            detail = .drift(drift)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(kind, forKey: .kind)
        try container.encode(status, forKey: .status)
        try container.encode(startedAt, forKey: .startedAt)
        try container.encode(duration, forKey: .duration)
        try container.encode(checks, forKey: .checks)
        switch detail {
        case .contract(let contract)?: try container.encode(contract, forKey: .contract)
        case .curves(let curves)?: try container.encode(curves, forKey: .curves)
        case .groups(let groups)?: try container.encode(groups, forKey: .groups)
        case .drift(let drift)?: try container.encode(drift, forKey: .drift)
        case nil: break
        }
    }
}

/// The result of one check.
public struct CheckResult: Sendable, Codable, Hashable {
    /// The name from the config (JUnit test case name).
    public var name: String
    /// The check's identifier, such as `row_count`.
    public var check: String
    /// Its severity.
    public var severity: CheckSeverity
    /// How it ended.
    public var outcome: CheckOutcome
    /// One line: the observed value against the threshold, or why it could not run.
    public var message: String
    /// More detail, for failures and errors.
    public var details: String?
    /// The numbers behind the verdict.
    public var measurements: [Measurement]
    /// How long it took, in seconds.
    public var duration: Double
    /// Where the check was declared in the config, or where the input problem is.
    public var location: SourceLocation?
    /// For an `input` result: what detection found in the file (``DialectDetection/summary``),
    /// when it is not the defaults or something was left undecided.
    public var detection: String?

    /// Creates a check result.
    public init(
        name: String, check: String, severity: CheckSeverity = .error, outcome: CheckOutcome, message: String,
        details: String? = nil, measurements: [Measurement] = [], duration: Double = 0,
        location: SourceLocation? = nil
    ) {
        self.name = name
        self.check = check
        self.severity = severity
        self.outcome = outcome
        self.message = message
        self.details = details
        self.measurements = measurements
        self.duration = duration
        self.location = location
    }
}

/// How many checks ended each way.
public struct OutcomeCounts: Sendable, Hashable, Codable {
    /// All checks.
    public var total = 0
    /// Passed.
    public var passed = 0
    /// Failed (severity error).
    public var failed = 0
    /// Failed with severity warn.
    public var warnings = 0
    /// Skipped.
    public var skipped = 0
    /// Could not run.
    public var errors = 0

    /// Counts these checks.
    public init(_ checks: some Sequence<CheckResult>) {
        for check in checks {
            total += 1
            switch check.outcome {
            case .passed: passed += 1
            case .failed: failed += 1
            case .warning: warnings += 1
            case .skipped: skipped += 1
            case .error: errors += 1
            }
        }
    }
}
