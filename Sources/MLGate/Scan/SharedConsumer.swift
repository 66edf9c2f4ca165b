/// The consumers of every demand on one table, fed the same batches: one scan serves
/// them all.
///
/// A consumer that fails (a missing column, a cell it cannot read) stops consuming and
/// keeps its error; the others read on. A consumer that does not recover from malformed
/// rows fails at the first one, with the error its own reader would have thrown, since
/// the reader keeps such rows when any consumer recovers. Likewise a consumer that does
/// not recover fails at the first row of a CSV or TSV file with more cells than the header
/// (as pandas refuses it: "Expected 3 fields in line 4, saw 4"); a contract reports such
/// rows as `extra-cell` findings instead. When every consumer has failed the scan stops
/// early (``isDone``).
struct SharedConsumer: TableConsumer {
    /// One demand's consumer, or why it failed.
    struct Part: Sendable {
        var consumer: (any TableConsumer)?
        var error: TableReadError?
        let recovering: Bool
        /// The file as the user named it, when a row wider than the header fails this
        /// part (it does not recover, and the file is delimited text), as it would
        /// fail its own reader (``CSVReader/refusesWideRows``).
        var refusesWideRows: String? = nil
        /// The error arose in a later chunk of a file read on two cores, whose lines are
        /// numbered from the chunk's start: the part must be read again from the start.
        var needsSequentialRead = false
    }

    var parts: [Part]
    /// The columns some consumer reads an entry at a time (``TableConsumer/entryColumns``)
    /// and whose texts have been few so far: each batch is given a dictionary of each.
    private var dictionaryColumns: Set<Int> = []
    /// The columns that two or more consumers read as numbers parsed from text
    /// (``ParsedNumbers``).
    private var parsedColumns: [Int] = []

    init(header: [String], demands: [TableDemand]) {
        parts = demands.map { demand in
            let delimited = demand.input.format.isDelimited
            let refuses = !demand.recovering && delimited ? demand.input.path : nil
            do throws(TableReadError) {
                return Part(consumer: try demand.makeConsumer(header), recovering: demand.recovering, refusesWideRows: refuses)
            } catch {
                return Part(consumer: nil, error: error, recovering: demand.recovering, refusesWideRows: refuses)
            }
        }
        if Self.sharesParsedNumbers {
            var readers: [Int: Int] = [:]
            for part in parts { for column in part.consumer?.parsedColumns ?? [] { readers[column, default: 0] += 1 } }
            parsedColumns = readers.filter { $0.value > 1 }.keys.sorted()
        }
        guard Self.collectsDictionaries else { return }
        dictionaryColumns = parts.reduce(into: Set<Int>()) { union, part in union.formUnion(part.consumer?.entryColumns ?? []) }
    }

    var isDone: Bool { parts.allSatisfy { $0.consumer == nil } }

    var columnsRead: Set<Int>? {
        var union = Set<Int>()
        for part in parts {
            guard let consumer = part.consumer else { continue }
            guard let columns = consumer.columnsRead else { return nil }
            union.formUnion(columns)
        }
        return union
    }

    /// The columns that every consumer reading them reads as numbers.
    var numberColumns: Set<Int> {
        ColumnUse.numbersOfAll(parts.compactMap { part in
            part.consumer.map { ColumnUse(read: $0.columnsRead, numbers: $0.numberColumns) }
        })
    }

    /// One consumer's columns read only for a blank row's test, less those the others
    /// read; nil when several consumers have such columns.
    var presenceColumns: PresenceColumns? {
        let consumers = parts.compactMap(\.consumer)
        let declaring = consumers.indices.filter { consumers[$0].presenceColumns != nil }
        guard declaring.count == 1, let own = consumers[declaring[0]].presenceColumns else { return nil }
        var read = Set<Int>()
        for (index, consumer) in consumers.enumerated() where index != declaring[0] {
            guard let columns = consumer.columnsRead else { return nil }
            read.formUnion(columns)
        }
        return own.excluding(read)
    }

    /// The columns any consumer settles by value when held as dates or instants.
    var momentColumns: Set<Int> {
        parts.reduce(into: Set<Int>()) { union, part in union.formUnion(part.consumer?.momentColumns ?? []) }
    }

    /// Batches of fewer rows are not given dictionaries: a few rows gain little, and
    /// would not tell whether a column's texts are few.
    static let dictionaryRows = 512
    /// Whether batches are given dictionaries (tests compare runs without them).
    @TaskLocal static var collectsDictionaries = true
    /// Whether columns are parsed once for every consumer (tests compare runs without).
    @TaskLocal static var sharesParsedNumbers = true

    mutating func observe(_ batch: RowBatch) throws(TableReadError) {
        let batch = withParsedNumbers(withDictionaries(batch))
        let refusing = parts.contains { $0.consumer != nil && $0.refusesWideRows != nil }
        let wideRow = refusing ? batch.extraCellCounts.firstIndex { $0 > 0 } : nil
        for index in parts.indices where parts[index].consumer != nil {
            if !parts[index].recovering, let malformed = batch.malformedRows.first {
                fail(index, malformed.error)
                continue
            }
            if let row = wideRow, let path = parts[index].refusesWideRows {
                fail(index, TableReadError.extraCells(batch, row: row, path: path))
                continue
            }
            do throws(TableReadError) {
                try parts[index].consumer!.observe(batch)
            } catch {
                fail(index, error)
            }
        }
    }

    /// The batch with a dictionary of each of ``dictionaryColumns`` (collected once here
    /// for every consumer); a column found to hold more texts than a dictionary takes
    /// is left alone from then on.
    private mutating func withDictionaries(_ batch: RowBatch) -> RowBatch {
        guard !dictionaryColumns.isEmpty, batch.rowCount >= Self.dictionaryRows else { return batch }
        var batch = batch
        for column in dictionaryColumns {
            switch CellDictionary.collect(batch, column: column) {
            case .dictionary(let dictionary): batch.setDictionary(column, dictionary)
            case .tooMany: dictionaryColumns.remove(column)
            case .notApplicable: break
            }
        }
        return batch
    }

    /// The batch with each of ``parsedColumns`` parsed, except those a reader holds as
    /// numbers and those with a dictionary (whose readers parse each entry once).
    private func withParsedNumbers(_ batch: RowBatch) -> RowBatch {
        guard !parsedColumns.isEmpty else { return batch }
        var batch = batch
        for column in parsedColumns where batch.numberColumn(column) == nil && batch.cellDictionary(column) == nil {
            batch.parseNumbers(in: column)
        }
        return batch
    }

    mutating func expect(rows: Int) {
        for index in parts.indices where parts[index].consumer != nil { parts[index].consumer!.expect(rows: rows) }
    }

    mutating func expect(own: RowEstimate) {
        for index in parts.indices where parts[index].consumer != nil { parts[index].consumer!.expect(own: own) }
    }

    private mutating func fail(_ index: Int, _ error: TableReadError) {
        parts[index].consumer = nil
        parts[index].error = error
    }

    /// Appends each part of `later` to this one's, releasing each later part once it is
    /// appended: the later half's columns do not all stay alive until the last part is
    /// appended.
    mutating func append(_ later: consuming SharedConsumer) {
        for index in parts.indices {
            let laterConsumer = later.parts[index].consumer.take()
            guard parts[index].consumer != nil else { continue }
            if let laterConsumer {
                parts[index].consumer!.append(any: laterConsumer)
                if parts[index].consumer!.needsSequentialRead {
                    // Released now: the part is read again alone (``SharedScan``).
                    parts[index].consumer = nil
                    parts[index].needsSequentialRead = true
                }
            } else {
                parts[index].consumer = nil
                parts[index].error = later.parts[index].error
                parts[index].needsSequentialRead = true
            }
        }
    }

    mutating func scanEnded() {
        for index in parts.indices where parts[index].consumer != nil { parts[index].consumer!.scanEnded() }
    }

    /// Each demand's consumer, or its error; `nil` for a part that must be read again
    /// (``Part/needsSequentialRead``) without an error of its own.
    var results: [Result<any TableConsumer, TableReadError>?] {
        parts.map { part in
            if let consumer = part.consumer { return .success(consumer) }
            return part.error.map { .failure($0) }
        }
    }
}
