import Foundation

/// Gathers a ``DriftColumnSample`` for each wanted column of a table, in one pass; two
/// collectors of consecutive parts of a file append into one.
struct DriftCollector: TableConsumer {
    /// The wanted columns' positions in the header, in the order wanted.
    let positions: [Int]
    /// One sample per wanted column.
    var samples: [DriftColumnSample]
    /// Rows seen.
    var rows = 0
    /// About how many rows the table has (0: unknown): the columns are sized for them
    /// once instead of growing.
    private var expectedRows = 0
    /// For a table the server counted column by column (``DatabaseTable/Grouping/eachColumn``):
    /// the header positions of each row's count and of the column whose value it counts.
    /// Each value then is observed as often as the table holds it: the same samples as
    /// from every row.
    var counted: (count: Int, position: Int)?
    /// Rows the server sent, when it counted them (``counted``).
    var countedRows = 0
    /// How many numbers all columns together hold in memory before a column's are
    /// sorted and written to a temporary file (0: never; ``DriftColumnSample/spillLimit``).
    var spillBudget = 0 {
        didSet {
            let limit = spillBudget == 0 ? 0 : max(spillBudget / max(positions.count, 1), Self.smallestSpill)
            for slot in samples.indices { samples[slot].spillLimit = limit }
        }
    }
    /// A column spills no fewer numbers at a time, however many columns share the budget.
    static let smallestSpill = 1 << 14
    /// The budget of a table whose values a server counted: 4 MB of numbers a side.
    /// Such a table can be far larger than a file on one machine, and a column with a
    /// value per row would otherwise hold 8 bytes a row (docs/warehouse.md). A file's
    /// columns are held in memory, sorted faster than they could be written out.
    @TaskLocal static var serverSpillBudget = 1 << 19

    init(positions: [Int]) {
        self.positions = positions
        samples = Array(repeating: DriftColumnSample(), count: positions.count)
    }

    var columnsRead: Set<Int>? {
        Set(positions + (counted.map { [$0.count, $0.position] } ?? []))
    }

    /// Its columns are read as numbers while they are numbers (a column of categories
    /// never comes as numbers); a server's counts are read as text.
    var numberColumns: Set<Int> {
        counted == nil ? Set(positions) : []
    }

    /// Its columns are parsed as numbers while they are numbers (a server's counts are
    /// read as text).
    var parsedColumns: Set<Int> {
        counted == nil ? Set(positions) : []
    }

    /// Its columns are read an entry at a time when a batch has their dictionaries
    /// (``DriftColumnSample/observe(entriesOf:_:_:)``).
    var entryColumns: Set<Int> {
        counted == nil ? Set(positions) : []
    }

    mutating func observe(_ batch: RowBatch) throws(TableReadError) {
        if let counted { return try observeCounts(batch, counted) }
        rows += batch.rowCount
        for (slot, column) in positions.enumerated() {
            // Out of the array while it is filled, so that the array is not checked for
            // uniqueness at every cell (and its buffers stay uniquely referenced).
            var sample = samples[slot]
            samples[slot] = DriftColumnSample()
            if sample.expectedCount == 0 { sample.expectedCount = expectedRows }
            if sample.allNumbers, let held = batch.numberColumn(column) {
                // Held as numbers: read as such. Text is parsed in `observe` itself, which
                // looks at a number's text only while the column might be integers.
                batch.forEachNumber(in: column) { _, cell in sample.observe(cell, heldIntegers: held.holdsIntegers) }
            } else if let dictionary = batch.cellDictionary(column) {
                sample.observe(entriesOf: batch, column, dictionary)
            } else if sample.allNumbers, let parsed = batch.parsedNumbers(column) {
                // Parsed once for every consumer (``ParsedNumbers``): read as `observe`
                // reads a cell, the text only while the column might be integers.
                if sample.allIntegers {
                    batch.forEachNumber(in: column) { _, cell in sample.observe(cell, heldIntegers: false) }
                } else {
                    sample.observe(parsed: parsed, of: batch, column)
                }
            } else {
                batch.forEachCell(in: column) { sample.observe($0) }
            }
            samples[slot] = sample
        }
    }

    mutating func expect(rows: Int) {
        expectedRows = rows
    }

    /// Takes rows of values and their counts (``counted``): first each row's count and
    /// column, then each column's rows, so that a sample is taken out of its array once a
    /// batch rather than once a row.
    private mutating func observeCounts(_ batch: RowBatch, _ counted: (count: Int, position: Int)) throws(TableReadError) {
        var counts = [Int](repeating: 0, count: batch.rowCount), columns = [Int](repeating: 0, count: batch.rowCount)
        for row in 0..<batch.rowCount {
            // The whole table's set has a row (count 0) even when the table has none.
            guard let count = Self.integer(batch, counted.count, row), count >= 0, let column = Self.integer(batch, counted.position, row) else {
                throw TableReadError(
                    code: "source-error", message: "row \(batch.firstRowNumber + row): the server's value count is not a number of rows",
                    location: SourceLocation(file: "", line: batch.firstRowNumber + row))
            }
            if column < 0 { rows += count }
            (counts[row], columns[row]) = (count, column)
        }
        countedRows += batch.rowCount
        for (slot, column) in positions.enumerated() {
            var sample = samples[slot]
            samples[slot] = DriftColumnSample()
            for row in 0..<batch.rowCount where columns[row] == column {
                let count = counts[row]
                let observed: Bool? = batch.withBytes(column, row) { bytes in
                    for _ in 0..<count { sample.observe(bytes) }
                    return true
                }
                if observed == nil {
                    for _ in 0..<count { sample.observe(nil) }
                }
            }
            samples[slot] = sample
        }
    }

    /// A cell of decimal digits (with an optional minus sign) as an integer; nil for
    /// anything else, an empty cell or more than 18 digits.
    private static func integer(_ batch: RowBatch, _ column: Int, _ row: Int) -> Int? {
        batch.withBytes(column, row) { bytes -> Int? in
            let negative = bytes.first == UInt8(ascii: "-")
            let digits = negative ? UnsafeBufferPointer(rebasing: bytes.dropFirst()) : bytes
            guard !digits.isEmpty, digits.count <= 18 else { return nil }
            var value = 0
            for byte in digits {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return negative ? -value : value
        } ?? nil
    }

    mutating func append(_ later: DriftCollector) {
        rows += later.rows
        countedRows += later.countedRows
        for slot in samples.indices { samples[slot].append(later.samples[slot]) }
    }

    /// Settles every sample once the whole table has been read.
    mutating func settle() {
        for slot in samples.indices { samples[slot].settle() }
    }

    mutating func scanEnded() {
        settle()
    }

    /// Sorts the samples' stored numbers in place, on both cores (``sortNumbers(_:_:)``).
    mutating func sortNumbers() async {
        var none = DriftCollector(positions: [])
        await Self.sortNumbers(&self, &none)
    }

    /// Sorts the stored numbers of both collectors in place, a column per task (two at a
    /// time on two cores: each sort needs a scratch column as large as the one it sorts);
    /// a column whose numbers went to disk has its runs merged into one file.
    /// The drift gate sorts when it judges, holding its collectors alone
    /// (``ScannedTables/take(_:as:)``), not at the end of the scan, when every gate's
    /// columns are held at once.
    static func sortNumbers(_ first: inout DriftCollector, _ second: inout DriftCollector) async {
        /// One column, moved into a box so that its task sorts the only copy.
        final class Column: @unchecked Sendable {
            var values: [Double]
            init(_ values: [Double]) { self.values = values }
        }
        /// A column whose numbers went to disk, moved into a box so that its task merges them.
        final class Spilled: @unchecked Sendable {
            var sample: DriftColumnSample
            init(_ sample: DriftColumnSample) { self.sample = sample }
        }
        var jobs: [(collector: Int, slot: Int, column: Column)] = []
        var merges: [(collector: Int, slot: Int, column: Spilled)] = []
        for (index, samples) in [first.samples, second.samples].enumerated() {
            for slot in samples.indices where samples[slot].hasSpillRuns {
                merges.append((index, slot, Spilled(samples[slot])))
            }
        }
        for slot in first.samples.indices {
            if let values = first.samples[slot].takeUnsortedNumbers() { jobs.append((0, slot, Column(values))) }
        }
        for slot in second.samples.indices {
            if let values = second.samples[slot].takeUnsortedNumbers() { jobs.append((1, slot, Column(values))) }
        }
        await withTaskGroup(of: Void.self) { group in
            for job in jobs {
                let column = job.column
                group.addTask { SortedSample.sort(&column.values) }
            }
            for merge in merges {
                let column = merge.column
                group.addTask { column.sample.sortNumbers() }
            }
        }
        for job in jobs {
            let values = job.column.values
            job.column.values = []
            if job.collector == 0 { first.samples[job.slot].restoreSorted(values) } else { second.samples[job.slot].restoreSorted(values) }
        }
        for merge in merges {
            if merge.collector == 0 { first.samples[merge.slot] = merge.column.sample } else { second.samples[merge.slot] = merge.column.sample }
        }
    }
}
