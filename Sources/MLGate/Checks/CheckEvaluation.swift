/// A number a check measured or compared against, carried into every report
/// (JUnit properties, JSON, Markdown).
public struct Measurement: Sendable, Hashable, Codable {
    /// A stable key, such as `observed`, `min`, `max`.
    public var name: String
    /// The value.
    public var value: Double

    /// Creates a measurement.
    public init(_ name: String, _ value: Double) {
        self.name = name
        self.value = value
    }
}

/// What a check concluded, before its severity is applied.
public struct CheckEvaluation: Sendable, Hashable {
    /// Whether the check's condition held.
    public var passed: Bool
    /// One line for the reader: the observed value against the threshold.
    public var message: String
    /// More detail for a failure (for example the missing columns, one per line).
    public var details: String?
    /// The numbers behind the verdict.
    public var measurements: [Measurement]

    /// Creates an evaluation.
    public init(passed: Bool, message: String, details: String? = nil, measurements: [Measurement] = []) {
        self.passed = passed
        self.message = message
        self.details = details
        self.measurements = measurements
    }
}
