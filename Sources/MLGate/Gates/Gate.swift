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

    /// How much memory judging adds to what the gate's consumers hold. A run judges its
    /// gates one after another in ascending order of this (config order among equals),
    /// releasing each gate's consumers once it has judged: a gate whose judging needs
    /// much then judges when the others' columns are gone.
    static var judgingMemory: JudgingMemory { get }

    /// Reads what must be known before the scan and names the tables to read; `nil`
    /// when the gate cannot run (`recorder` then holds why).
    func prepare(_ recorder: inout GateRecorder) async -> (prepared: Prepared, reads: [TableDemand])?

    /// Judges: `tables` are the consumers of the demands `prepare` named, in that order,
    /// after the scan (or the error that ended each one's read). The gate owns them: a
    /// consumer it takes (``ScannedTables/take(_:as:)``) is its alone, to sort in place.
    func judge(_ prepared: Prepared, tables: consuming ScannedTables, _ recorder: inout GateRecorder) async -> GateDetail?
}

/// How much memory a gate's judging adds to what its consumers hold (``Gate/judgingMemory``).
enum JudgingMemory: Int, Comparable, Sendable {
    /// Nothing that grows with the rows (verdicts from accumulated counts and sums).
    case none
    /// Tables of groups or categories, not of rows.
    case groups
    /// About one column of values at a time (drift's statistics on counted integers).
    case column
    /// Several columns of values at once (a model's ranking: scores sorted with their rows).
    case columns

    static func < (lhs: JudgingMemory, rhs: JudgingMemory) -> Bool { lhs.rawValue < rhs.rawValue }
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

    /// Moves the consumer of demand `index` out (its place then holds an error): the
    /// caller then holds its columns alone, and can sort them in place without a copy.
    mutating func take<Consumer: TableConsumer>(_ index: Int, as type: Consumer.Type) throws(TableReadError) -> Consumer {
        let taken = results[index]
        results[index] = .failure(TableReadError(
            code: "source-error", message: "the consumer of demand \(index) was taken", location: SourceLocation(file: "")))
        return try ScannedTables(results: [taken]).consumer(0, as: type)
    }
}
