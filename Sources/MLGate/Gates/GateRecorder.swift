/// Builds a gate's check results in order: the `input` result, the checks skipped when an
/// input cannot be read, and every judged check's outcome from its severity.
struct GateRecorder: Sendable {
    /// The results so far, in report order.
    private(set) var results: [CheckResult] = []
    /// The gate's declared checks.
    let planned: [PlannedCheck]
    private let clock = ContinuousClock()
    /// When the gate started.
    let start: ContinuousClock.Instant

    init(planned: [PlannedCheck], start: ContinuousClock.Instant = ContinuousClock.now) {
        self.planned = planned
        self.start = start
    }

    /// Seconds since `instant`.
    func seconds(since instant: ContinuousClock.Instant) -> Double {
        (clock.now - instant).seconds
    }

    /// Appends a result.
    mutating func append(_ result: CheckResult) {
        results.append(result)
    }

    /// A passing built-in result such as `input` or `baseline`.
    mutating func passed(
        _ name: String, message: String, measurements: [Measurement] = [], since: ContinuousClock.Instant,
        location: SourceLocation?, detection: String? = nil
    ) {
        var result = CheckResult(
            name: name, check: name, outcome: .passed, message: message, measurements: measurements,
            duration: seconds(since: since), location: location)
        result.detection = detection
        results.append(result)
    }

    /// A built-in result (`input`, `baseline`) that could not be had, followed by every
    /// planned check skipped: "not run: `reason`".
    mutating func cannotRead(
        _ error: TableReadError, as name: String = "input", since: ContinuousClock.Instant, skipping reason: String
    ) {
        results.append(
            CheckResult(
                name: name, check: name, outcome: .error, message: error.message, details: "\(error)",
                duration: seconds(since: since), location: error.location))
        for check in planned {
            results.append(
                CheckResult(
                    name: check.name, check: check.check, severity: check.severity, outcome: .skipped,
                    message: "not run: \(reason)", location: check.location))
        }
    }

    /// A judged check: passed, or failed / warning by its severity.
    mutating func judged(
        _ check: PlannedCheck, name: String? = nil, passed: Bool, message: String, details: String? = nil,
        measurements: [Measurement] = [], duration: Double
    ) {
        results.append(
            CheckResult(
                name: name ?? check.name, check: check.check, severity: check.severity,
                outcome: CheckOutcome(passed: passed, severity: check.severity), message: message, details: details,
                measurements: measurements, duration: duration, location: check.location))
    }

    /// A check that could not run (its inputs are there, but it cannot be computed).
    mutating func error(
        _ check: PlannedCheck, name: String? = nil, message: String, details: String? = nil, measurements: [Measurement] = [],
        duration: Double = 0
    ) {
        results.append(
            CheckResult(
                name: name ?? check.name, check: check.check, severity: check.severity, outcome: .error,
                message: message, details: details, measurements: measurements, duration: duration, location: check.location))
    }

    /// A check not judged, for a reason that is not an error.
    mutating func skipped(
        _ check: PlannedCheck, name: String? = nil, message: String, measurements: [Measurement] = [], duration: Double = 0
    ) {
        results.append(
            CheckResult(
                name: name ?? check.name, check: check.check, severity: check.severity, outcome: .skipped,
                message: message, measurements: measurements, duration: duration, location: check.location))
    }
}

extension CheckOutcome {
    /// The outcome of a check that ran: `passed`, or `failed` (severity `error`) or
    /// `warning` (severity `warn`). The one place severity turns into an outcome.
    public init(passed: Bool, severity: CheckSeverity) {
        self = passed ? .passed : (severity == .warn ? .warning : .failed)
    }
}
