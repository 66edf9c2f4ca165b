/// An example of a check, run by a single parameterised test for every check of every
/// kind: a gate as written in `mlgate.yml`, the files it reads, the check result to look
/// at, and the outcome that result must have.
///
/// Examples double as documentation: they show what passes and what fails.
public struct CheckExample: Sendable, CustomStringConvertible {
    /// The kind of gate the example runs in.
    public var kind: GateKind
    /// The gate's keys as YAML (without `name` and `kind`), for instance
    /// `"input: data.csv\nchecks:\n  - check: row_count\n    min: 2"`.
    public var gate: String
    /// The files the gate reads, by name (relative to the config): CSV text, a schema.
    public var files: [String: String]
    /// The name of the check result to look at (the JUnit test case).
    public var result: String
    /// The outcome that result must have.
    public var outcome: CheckOutcome
    /// Words the result's message must contain: why it fails (or what it passes on), so
    /// that a failing example cannot fail for some other reason.
    public var reason: String?

    /// Creates an example.
    public init(
        _ kind: GateKind, gate: String, files: [String: String], result: String, outcome: CheckOutcome,
        reason: String? = nil
    ) {
        self.kind = kind
        self.gate = gate
        self.files = files
        self.result = result
        self.outcome = outcome
        self.reason = reason
    }

    /// Whether the example shows the check passing.
    public var passes: Bool { outcome == .passed }

    /// The whole config the example runs, with its gate named `example`.
    public var config: String {
        let body = gate.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
        return "version: 1\ngates:\n  - name: example\n    kind: \(kind.rawValue)\n\(body)\n"
    }

    public var description: String {
        "\(result) \(outcome.rawValue): \(gate.replacingOccurrences(of: "\n", with: "; "))"
    }
}

/// The compact example of a data check: the check's keys and a table, made a
/// ``CheckExample`` of a data gate by ``example(check:)``.
public struct TableCheckExample: Sendable {
    /// The check's keys as YAML (without `check:`), for instance `"min: 2\nmax: 3"`.
    public var parameters: String
    /// A CSV table with a header row.
    public var csv: String
    /// Whether the check passes on that table.
    public var passes: Bool

    /// An example the check passes.
    public static func passing(_ parameters: String, csv: String) -> TableCheckExample {
        TableCheckExample(parameters: parameters, csv: csv, passes: true)
    }

    /// An example the check fails.
    public static func failing(_ parameters: String, csv: String) -> TableCheckExample {
        TableCheckExample(parameters: parameters, csv: csv, passes: false)
    }

    /// The example in a data gate reading `data.csv`, the check named by its identifier.
    public func example(check identifier: String) -> CheckExample {
        let keys = parameters.split(separator: "\n").map { "\n    " + $0 }.joined()
        return CheckExample(
            .data, gate: "input: data.csv\nchecks:\n  - check: \(identifier)\(keys)", files: ["data.csv": csv],
            result: identifier, outcome: passes ? .passed : .failed)
    }
}
