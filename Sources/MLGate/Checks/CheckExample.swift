/// An example of a check, run by a single parameterised test for every check: the check's
/// parameters as written in `mlgate.yml`, a small table, and the outcome it must give.
///
/// Examples double as documentation: they show what passes and what fails.
public struct CheckExample: Sendable, CustomStringConvertible {
    /// The check's keys as YAML (without `check:`), for instance `"min: 2\nmax: 3"`.
    public var parameters: String
    /// A CSV table with a header row.
    public var csv: String
    /// Whether the check passes on that table.
    public var passes: Bool

    /// An example the check passes.
    public static func passing(_ parameters: String, csv: String) -> CheckExample {
        CheckExample(parameters: parameters, csv: csv, passes: true)
    }

    /// An example the check fails.
    public static func failing(_ parameters: String, csv: String) -> CheckExample {
        CheckExample(parameters: parameters, csv: csv, passes: false)
    }

    public var description: String {
        "\(passes ? "passes" : "fails"): \(parameters.replacingOccurrences(of: "\n", with: "; "))"
    }
}
