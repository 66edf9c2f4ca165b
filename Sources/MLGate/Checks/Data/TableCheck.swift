/// A check on one table (a dataset or a predictions file) in a data gate.
///
/// Each check lives in its own file, named after its type, and declares its identifier,
/// a description, the keys it accepts and passing and failing examples; a single
/// parameterised test runs every check's examples.
///
/// A check does its work in an ``Accumulator``: the table is read once, in batches, and
/// every check of that table observes every batch. Accumulators of the same check merge,
/// so that chunks of one file can be read on several cores.
public protocol TableCheck: Sendable {
    /// The state a check keeps while the table streams past.
    associatedtype Accumulator: TableAccumulator

    /// The identifier used as `check:` in `mlgate.yml`, such as `row_count`.
    static var identifier: String { get }
    /// One or two sentences for the reference and `mlgate help`.
    static var summary: String { get }
    /// The keys this check accepts besides `check`, `name`, `severity`, `description`.
    static var parameters: [ParameterSpec] { get }
    /// Passing and failing examples.
    static var examples: [TableCheckExample] { get }

    /// Creates the check from validated parameters; throws when they contradict each
    /// other (for example `min` greater than `max`).
    init(parameters: CheckParameters) throws(DiagnosticError)

    /// A fresh accumulator for a table with these columns.
    func makeAccumulator(columns: [String]) -> Accumulator

    /// The verdict once every batch has been observed.
    func evaluate(_ accumulator: Accumulator, table: TableSummary) -> CheckEvaluation
}

/// State a check keeps while a table streams past.
public protocol TableAccumulator: Sendable {
    /// Takes one batch of rows into account.
    mutating func observe(_ batch: RowBatch)
    /// Folds in the state of another accumulator of the same check that observed other rows.
    mutating func merge(_ other: Self)
    /// Told, before the first batch, about how many rows the whole table has
    /// (``TableConsumer/expect(rows:)``): an accumulator that keeps a value per row
    /// reserves for them.
    mutating func expect(rows: Int)
}

extension TableAccumulator {
    public mutating func expect(rows: Int) {}
}

/// For checks that decide from the header and row count alone.
public struct NoAccumulator: TableAccumulator {
    /// Creates the (empty) state.
    public init() {}
    public mutating func observe(_ batch: RowBatch) {}
    public mutating func merge(_ other: NoAccumulator) {}
}

/// What every check may know about a table once it has been read.
public struct TableSummary: Sendable, Hashable {
    /// The file as named in the config.
    public var path: String
    /// The column names, in file order.
    public var columns: [String]
    /// The number of data rows (the header is not a row).
    public var rowCount: Int

    /// Creates a summary.
    public init(path: String, columns: [String], rowCount: Int) {
        self.path = path
        self.columns = columns
        self.rowCount = rowCount
    }
}

extension TableAccumulator {
    /// Merges an accumulator known only as an existential; both come from the same check.
    mutating func merge(any other: any TableAccumulator) {
        guard let other = other as? Self else {
            preconditionFailure("merging accumulators of different checks: \(Self.self) and \(type(of: other))")
        }
        merge(other)
    }
}

extension TableCheck {
    /// A fresh accumulator, type-erased, so that a gate can hold the accumulators of
    /// different checks side by side.
    func makeAnyAccumulator(columns: [String]) -> any TableAccumulator {
        makeAccumulator(columns: columns)
    }

    /// Evaluates an accumulator made by ``makeAnyAccumulator(columns:)``.
    func evaluate(any accumulator: any TableAccumulator, table: TableSummary) -> CheckEvaluation {
        guard let accumulator = accumulator as? Accumulator else {
            preconditionFailure("\(Self.identifier) was given the accumulator of another check")
        }
        return evaluate(accumulator, table: table)
    }
}

extension NoAccumulator: ColumnUsingAccumulator {
    var columnUse: ColumnUse { ColumnUse(read: [], numbers: []) }
}
