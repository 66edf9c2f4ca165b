/// A data gate's consumer of its table: every check's accumulator, and the contract's
/// validator when the gate has a schema; one per chunk of a file read on two cores.
struct DataTableConsumer: TableConsumer {
    var columns: [String]
    var accumulators: [any TableAccumulator]
    var checkTime: [Duration]
    var rows = 0
    /// The schema's checks, when the gate has one.
    var contract: ContractValidator?
    var contractTime = Duration.zero

    /// The only columns it reads (see ``columnsRead(by:of:)``); nil: every column.
    let columnsRead: Set<Int>?

    init(checks: [ConfiguredCheck], columns: [String], contract: ContractValidator? = nil) {
        self.columns = columns
        accumulators = checks.map { $0.check.makeAnyAccumulator(columns: columns) }
        checkTime = Array(repeating: .zero, count: checks.count)
        self.contract = contract
        columnsRead = contract == nil ? Self.columnsRead(by: checks, of: columns) : nil
    }

    /// The columns a gate without a contract reads: those its checks' aggregates name
    /// (a row count and a header check read none), when every check is one that says
    /// (``PushdownTableCheck``); nil (every column) otherwise. A Parquet file then
    /// decodes only those columns, a CSV file keeps only their cells, a table sends only them.
    static func columnsRead(by checks: [ConfiguredCheck], of columns: [String]) -> Set<Int>? {
        var read = Set<Int>()
        for configured in checks {
            guard let check = configured.check as? any PushdownTableCheck else { return nil }
            for name in check.aggregates.compactMap(\.column) {
                read.formUnion(columns.indices.filter { columns[$0] == name })
            }
        }
        return read
    }

    /// The columns that the contract and every check reading them read as numbers
    /// (a check that does not say what it reads is taken to read every column as text).
    var numberColumns: Set<Int> {
        var uses = accumulators.map { ($0 as? any ColumnUsingAccumulator)?.columnUse ?? .everyColumnAsText }
        if let contract { uses.append(ColumnUse(read: nil, numbers: contract.numberColumns)) }
        return ColumnUse.numbersOfAll(uses)
    }

    /// The columns its checks and the contract's number kernels parse as numbers.
    var parsedColumns: Set<Int> {
        accumulators.reduce(into: contract?.parsedColumns ?? []) { union, accumulator in
            union.formUnion((accumulator as? any ColumnUsingAccumulator)?.columnUse.parsed ?? [])
        }
    }

    /// The contract's columns it judges an entry at a time (``ContractValidator/entryColumns``).
    var entryColumns: Set<Int> {
        contract?.entryColumns ?? []
    }

    /// The contract's columns read only for a blank row's test
    /// (``ContractValidator/presenceColumns``), less those a check reads.
    var presenceColumns: PresenceColumns? {
        guard let settled = contract?.presenceColumns else { return nil }
        var read = Set<Int>()
        for accumulator in accumulators {
            // A check that does not say what it reads reads every column.
            guard let columns = (accumulator as? any ColumnUsingAccumulator)?.columnUse.read else { return nil }
            read.formUnion(columns)
        }
        return settled.excluding(read)
    }

    /// The contract's date and datetime columns it settles by value.
    var momentColumns: Set<Int> {
        contract?.momentColumns ?? []
    }

    mutating func observe(_ batch: RowBatch) throws(TableReadError) {
        let clock = ContinuousClock()
        rows += batch.rowCount
        if contract != nil {
            let before = clock.now
            contract!.observe(batch)
            contractTime += clock.now - before
        }
        for index in accumulators.indices {
            let before = clock.now
            accumulators[index].observe(batch)
            checkTime[index] += clock.now - before
        }
    }

    /// The contract's: a duplicate found across the halves whose cell must be reported.
    var needsSequentialRead: Bool { contract?.needsSequentialRead ?? false }

    mutating func expect(rows: Int) {
        for index in accumulators.indices { accumulators[index].expect(rows: rows) }
    }

    mutating func expect(own: RowEstimate) {
        contract?.expect(own: own)
    }

    /// Appends the consumer of the file's second half. The halves were read at the same
    /// time on two cores, so each check took as long as its longer half (the wall time the
    /// reports show), not the two added: added, the checks' times could exceed the gate's
    /// and leave the `input` result a negative duration.
    mutating func append(_ later: DataTableConsumer) {
        if let laterContract = later.contract { contract?.append(laterContract) }
        contractTime = max(contractTime, later.contractTime)
        rows += later.rows
        for index in accumulators.indices {
            accumulators[index].merge(any: later.accumulators[index])
            checkTime[index] = max(checkTime[index], later.checkTime[index])
        }
    }
}
