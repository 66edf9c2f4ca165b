/// One kind of gate: what it reads, and how it judges what was read.
///
/// A run (``GateRunner``) asks each of its gates to ``prepare(_:)`` — read what must be
/// known before the tables are scanned (a header, a reference profile, an inferred
/// schema) and name the tables it reads, each with a consumer that gathers what it
/// needs — then reads every distinct table once for all gates (``SharedScan``), and
/// hands each gate its consumers to ``judge(_:tables:_:)``.
///
/// A gate records its checks through a ``GateRecorder`` (the `input` result, checks
/// skipped when an input cannot be read, outcomes from severity) and returns one
/// ``GateDetail`` for the reports. Its domain logic — metrics, fairness measures, drift
/// statistics and verdicts — lives in `Checks/`; a gate only wires it to its inputs.
protocol Gate: Sendable {
    /// What ``prepare(_:)`` learned, kept for ``judge(_:tables:_:)``.
    associatedtype Prepared: Sendable

    /// The checks the gate runs whatever its data, as declared: skipped, with the reason,
    /// when an input cannot be read.
    var plannedChecks: [PlannedCheck] { get }

    /// Reads what must be known before the scan and names the tables to read; `nil`
    /// when the gate cannot run (`recorder` then holds why).
    func prepare(_ recorder: inout GateRecorder) async -> (prepared: Prepared, reads: [TableDemand])?

    /// Judges: `tables` are the consumers of the demands `prepare` named, in that order,
    /// after the scan (or the error that ended each one's read).
    func judge(_ prepared: Prepared, tables: ScannedTables, _ recorder: inout GateRecorder) async -> GateDetail?
}

/// A declared check of a gate, as results name it before it has run.
struct PlannedCheck: Sendable {
    /// The name from the config (the JUnit test case).
    var name: String
    /// The check's identifier.
    var check: String
    var severity: CheckSeverity
    var location: SourceLocation?
}

/// The consumers of a gate's demands after the scan.
struct ScannedTables: Sendable {
    var results: [Result<any TableConsumer, TableReadError>]

    /// The consumer of demand `index`, as made; or the error that ended its read.
    func consumer<Consumer: TableConsumer>(_ index: Int, as type: Consumer.Type) throws(TableReadError) -> Consumer {
        switch results[index] {
        case .success(let consumer):
            guard let consumer = consumer as? Consumer else {
                preconditionFailure("demand \(index) made \(Swift.type(of: consumer)), not \(Consumer.self)")
            }
            return consumer
        case .failure(let error): throw error
        }
    }
}
