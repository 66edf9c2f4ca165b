/// What every check of every kind declares, the same way: its identifier, the gate kinds
/// it appears in, a summary, the keys that configure it, and passing and failing
/// examples. ``CheckCatalog`` lists every declaration; one parameterised test runs every
/// example through the config loader and a real gate; the config reference and the JSON
/// Schema are tested against the declarations' parameters.
public struct CheckDeclaration: Sendable, CustomStringConvertible {
    /// The identifier: `check:` of a data or fairness check, the `check` of its results
    /// in reports (`schema.type`, `column_drift`, `input`), or a metric family's name.
    public var identifier: String
    /// The gate kinds whose reports can hold it.
    public var gates: [GateKind]
    /// One or two sentences for the reference and `mlgate help`.
    public var summary: String
    /// The keys that configure it (besides the common `name`, `severity`, `description`).
    public var parameters: [ParameterSpec]
    /// Passing and failing examples.
    public var examples: [CheckExample]

    /// Creates a declaration.
    public init(
        _ identifier: String, gates: [GateKind], summary: String, parameters: [ParameterSpec],
        examples: [CheckExample]
    ) {
        self.identifier = identifier
        self.gates = gates
        self.summary = summary
        self.parameters = parameters
        self.examples = examples
    }

    public var description: String { identifier }
}

extension TableCheck {
    /// The data check's declaration, its compact examples run in a data gate.
    public static var declaration: CheckDeclaration {
        CheckDeclaration(
            identifier, gates: [.data], summary: summary, parameters: parameters,
            examples: examples.map { $0.example(check: identifier) })
    }
}
