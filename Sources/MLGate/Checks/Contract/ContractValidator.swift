import Foundation

/// Checks a table against a ``TableSchema`` as it streams past, as `frictionless
/// validate` does: the header against the fields, then every row — blank rows, each
/// cell's type and constraints, extra and missing cells, unique fields and keys, foreign
/// keys within the table — with Frictionless's codes, numbering and order.
///
/// It is an accumulator: it observes batches, and the validator of the rows right after
/// another's appends to it, so that the halves of a file can be read on two cores.
/// What it keeps grows only with the keys that must be unique and the foreign keys.
public struct ContractValidator: Sendable {
    /// The schema.
    public let schema: TableSchema
    /// The table's header labels.
    public let labels: [String]
    let header: HeaderMatch
    /// One field per column of the header (labels without a schema field read as `any`).
    let fields: [CompiledField]
    /// Indexes of the keys that must be unique.
    var keys: [KeyIndex]
    /// Each key's fields' names, as reports name the key (by index of `keys`).
    let keyLabels: [String]
    /// Each field's fast path (``CellKernel``), by column.
    let kernels: [CellKernel]
    /// Each field's own key (a key of that field alone), by column.
    let ownKeys: [Int?]
    /// The columns a batch collects as key bytes (``KeyColumn``): those of keys of several
    /// fields and of foreign keys.
    let collectedFields: Set<Int>
    /// The columns whose cells nothing but a blank row's test reads (a typed table's
    /// columns whose type settles their fields, ``settledColumns(_:of:typed:)``): their
    /// fields are not checked, and a reader may leave them out of a batch.
    let presenceColumns: PresenceColumns?
    /// The foreign keys whose fields are all in the header.
    var foreignKeys: [ForeignKeyIndex]
    /// The tally so far.
    public internal(set) var tally: ContractTally
    /// By column: the kernel's verdicts on the entries of the dictionary the column's
    /// cells last came from (``CellDictionary``).
    var entryVerdicts: [Int: EntryVerdicts] = [:]
    /// Whether the table must be read again in one pass: a duplicate found only when
    /// stretches merged is among the samples, and its cell's text was not kept (keys
    /// are held as fingerprints, ``KeyIndex``).
    public internal(set) var needsSequentialRead = false
    /// Rows observed (blank rows included).
    public internal(set) var rows = 0
    /// What is known of the rows this validator will observe (``expect(own:)``).
    private var ownEstimate = RowEstimate.unknown
    /// The bytes of input its rows were read from so far (``RowBatch/sourceBytes``).
    private var bytesSeen = 0
    /// The line after the last row observed.
    var endLine = 1
    /// Where each batch's rows start, so that a row found only when stretches merge
    /// (a key repeated across them) can be given its line. A batch is its first row's
    /// line plus the few rows that span more than one line (quoted line breaks).
    var lineSpans: [LineSpan] = []

    /// Prepares the checks of `schema` for a table whose header is `labels`.
    ///
    /// - Throws: ``FieldCastError`` when a field's format cannot be read (a schema that
    ///   ``SchemaLoader`` loaded never throws).
    ///
    /// `usingKernels`: false sends every cell through the general path (the tests hold
    /// the kernels to it).
    /// `valueKinds`: the kinds of a typed table's columns (a Parquet file's), by label:
    /// there, a value's type decides whether it is of its field's type, as frictionless
    /// judges typed values (``TypedCellRule``).
    public init(
        schema: TableSchema, labels: [String], headerless: Bool = false, sampleLimit: Int, usingKernels: Bool = true,
        valueKinds: [String: TypedValueKind] = [:]
    ) throws(FieldCastError) {
        self.schema = schema
        // Labels are compared without surrounding whitespace, as Frictionless strips them.
        let labels = labels.map { $0.trimmingCharacters(in: .whitespaces) }
        self.labels = labels
        let header = HeaderMatch(labels: labels, schema: schema, headerless: headerless)
        self.header = header
        var keyFields: Set<String> = Set(schema.primaryKey)
        for key in schema.uniqueKeys { keyFields.formUnion(key) }
        var fields: [CompiledField] = []
        for (column, index) in header.columnFields.enumerated() {
            let field = index.map { schema.fields[$0] } ?? SchemaField(name: labels[column], type: .any)
            fields.append(
                try CompiledField(
                    field: field, column: column, schemaMissingValues: schema.missingValues,
                    inKey: index != nil && keyFields.contains(field.name), valueKind: valueKinds[labels[column]] ?? .text))
        }
        self.fields = fields
        tally = ContractTally(sampleLimit: sampleLimit)

        // One index per distinct key, over the columns holding its fields; a key with a
        // field the header lacks is not checked (as Frictionless). A unique field that
        // is also the primary key shares its index.
        var keys: [KeyIndex] = []
        func add(_ names: [String], _ code: ContractErrorCode) {
            let columns = names.compactMap { name in
                header.columnFields.firstIndex { $0.map { schema.fields[$0].name } == name }
            }
            guard !columns.isEmpty, columns.count == names.count else { return }
            if let existing = keys.firstIndex(where: { $0.fields == columns }) {
                if !keys[existing].codes.contains(code) { keys[existing].codes.append(code) }
            } else {
                keys.append(KeyIndex(fields: columns, codes: [code]))
            }
        }
        for field in schema.fields where field.constraints.unique { add([field.name], .uniqueError) }
        if !schema.primaryKey.isEmpty { add(schema.primaryKey, .primaryKey) }
        for key in schema.uniqueKeys { add(key, .uniqueError) }
        self.keys = keys
        keyLabels = keys.map { [fields] key in Self.keyLabel(key.fields, fields) }
        let compositeFields = Set(keys.filter { $0.fields.count > 1 }.flatMap(\.fields))
        // A foreign key whose fields are not all in the header is not checked; a
        // referenced field the header lacks has only missing values (as Frictionless).
        func column(_ name: String) -> Int? { header.columnFields.firstIndex { $0.map { schema.fields[$0].name } == name } }
        let foreignKeys = schema.foreignKeys.compactMap { key -> ForeignKeyIndex? in
            let columns = key.fields.compactMap(column)
            guard columns.count == key.fields.count else { return nil }
            return ForeignKeyIndex(key: key, columns: columns, referenceColumns: key.referenceFields.map(column))
        }
        self.foreignKeys = foreignKeys
        let collectedFields = compositeFields.union(foreignKeys.flatMap { $0.columns + $0.referenceColumns.compactMap { $0 } })
        self.collectedFields = collectedFields
        let ownKeys = fields.map { field in keys.firstIndex { $0.fields == [field.column] } }
        self.ownKeys = ownKeys
        // A label the header repeats may name columns of different kinds (the kinds go
        // by label): such columns are judged cell by cell.
        let labelCounts = labels.reduce(into: [String: Int]()) { $0[$1, default: 0] += 1 }
        presenceColumns = Self.settledColumns(
            fields.filter { field in
                !keyFields.contains(field.field.name) && !collectedFields.contains(field.column) && labelCounts[labels[field.column]] == 1
            }.map(\.column),
            of: fields, typed: !valueKinds.isEmpty)
        kernels = fields.map { field in
            guard usingKernels else { return .none }
            return CellKernel.make(
                for: field, ownKey: ownKeys[field.column] != nil, collected: collectedFields.contains(field.column))
        }
    }

    // MARK: Observing

    /// Checks one batch of rows. `foreignKeyVerdicts` (by foreign key, then row): whether
    /// each row's key was found by the engine that sent only some of the table's rows
    /// (``ContractPushdown``), which the foreign keys then take instead of looking the
    /// keys up among the rows seen.
    public mutating func observe(_ batch: RowBatch, foreignKeyVerdicts: [[Bool]]? = nil) {
        let count = batch.rowCount
        guard count > 0 else { return }
        let first = batch.firstRowNumber
        rows += count
        endLine = max(endLine, batch.endLine, (batch.lineNumbers.last ?? 0) + 1)
        let lines = batch.lineNumbers
        var jumps: [(row: Int32, extra: Int32)] = []
        if lines[count - 1] - lines[0] != count - 1 {
            for index in 0..<count - 1 where lines[index + 1] - lines[index] != 1 {
                jumps.append((Int32(index), Int32(lines[index + 1] - lines[index] - 1)))
            }
        }
        lineSpans.append(LineSpan(firstRow: first, firstLine: lines[0], rows: count, jumps: jumps))
        // Rows the reader could not read whole: their errors first. A row without any
        // cells (a JSON line that does not parse) is not checked further; a cell that was
        // not UTF-8 is checked as repaired.
        var unreadable = [Bool](repeating: false, count: batch.malformedRows.isEmpty ? 0 : count)
        for malformed in batch.malformedRows {
            recordMalformed(malformed, firstRow: first, line: lines[malformed.row])
            if malformed.column == nil { unreadable[malformed.row] = true }
        }
        var blank = blankRows(batch)
        for row in 0..<count where blank[row] && (unreadable.isEmpty || !unreadable[row]) {
            let rowNumber = first + row, line = batch.lineNumbers[row]
            tally.record(.init(code: .blankRow), order: order(rowNumber, .blankRow)) {
                ContractIssue(code: .blankRow, rowNumber: rowNumber, line: line, message: "row \(rowNumber) is blank: expected at least one value")
            }
            // A blank row's key is all null: the primary key check still runs on it.
            for key in keys where key.codes.contains(.primaryKey) {
                recordNullPrimaryKey(row: rowNumber, line: line, fields: key.fields)
            }
        }
        // An unreadable row is skipped by every check that skips blank rows.
        for row in unreadable.indices where unreadable[row] { blank[row] = true }
        // The collected columns' values, by column (empty for the others).
        var keyValues = [KeyColumn](repeating: KeyColumn(reservingRows: 0), count: fields.count)
        let settled = presenceColumns?.columns ?? []
        for field in fields where !settled.contains(field.column) {
            let collect = collectedFields.contains(field.column)
            var values = KeyColumn(reservingRows: collect ? count : 0)
            check(field, batch, blank: blank, values: &values, collect: collect)
            if collect {
                values.finish(rows: count)
                keyValues[field.column] = values
            }
        }
        extraCells(batch, blank: blank)
        checkCompositeKeys(batch, blank: blank, keyValues: keyValues)
        for index in foreignKeys.indices {
            if let verdicts = foreignKeyVerdicts {
                foreignKeys[index].observe(keyValues, firstRow: first, skipping: blank, resolved: verdicts[index])
            } else {
                foreignKeys[index].observe(keyValues, firstRow: first, skipping: blank)
            }
        }
        bytesSeen += batch.sourceBytes
        if let expected = ownEstimate.rows(afterReading: rows, fromBytes: bytesSeen), expected > rows {
            for index in keys.indices { keys[index].expect(rowsSoFar: rows, of: expected) }
            for index in foreignKeys.indices { foreignKeys[index].expect(rowsSoFar: rows, of: expected) }
        }
    }

    /// Tells the validator, before its first batch, what is known of the rows it is
    /// about to observe (its part of the table, when the table is read in parts). After
    /// each batch, each key set is told how many keys it will hold at the rate it has
    /// been filling: when its table grows, it grows to that size rather than by half
    /// again and again (each time moving every key).
    mutating func expect(own: RowEstimate) {
        ownEstimate = own
    }


    /// Rows whose every cell within the header is absent or a missing value (cells
    /// beyond the header do not count, as in Frictionless).
    private func blankRows(_ batch: RowBatch) -> [Bool] {
        let count = batch.rowCount
        guard batch.width > 0, !fields.isEmpty else { return Array(repeating: true, count: count) }
        // The first column settles almost every row; only rows it leaves blank are
        // looked at further.
        var candidates: [Int] = []
        var row = 0
        let firstField = fields[0]
        if firstField.onlyEmptyIsMissing, batch.numberColumn(0) != nil {
            // Numbers held: only a null's text (and a NaN's) is empty.
            batch.forEachNumber(in: 0) { row, cell in
                if case .missing = cell { candidates.append(row) }
            }
        } else {
            batch.forEachCell(in: 0) { bytes in
                if bytes == nil || firstField.isMissingValue(bytes!) { candidates.append(row) }
                row += 1
            }
        }
        var blank = [Bool](repeating: false, count: count)
        for row in candidates {
            var isBlank = true
            for field in fields.dropFirst() where field.column < batch.width {
                if let present = batch.withBytes(field.column, row, { !field.isMissingValue($0) }), present {
                    isBlank = false
                    break
                }
            }
            blank[row] = isBlank
        }
        return blank
    }

    /// The cells of one column: type and constraints, absent cells, and the field's own
    /// unique index.
    private mutating func check(
        _ field: CompiledField, _ batch: RowBatch, blank: [Bool], values: inout KeyColumn, collect: Bool
    ) {
        let column = field.column
        let keyIndex = ownKeys[column]
        guard field.checksCells || keyIndex != nil || collect else {
            // Nothing to check but whether the cells are there.
            let first = batch.firstRowNumber
            var row = 0
            batch.forEachCell(in: column) { bytes in
                if bytes == nil, !blank[row] { recordMissingCell(field, row: first + row, line: batch.lineNumbers[row]) }
                row += 1
            }
            return
        }
        switch kernels[column] {
        case .integer(let rule): checkFast(field, batch, blank: blank, rule: rule, keyIndex: keyIndex, collect: collect, values: &values)
        case .string(let rule): checkFast(field, batch, blank: blank, rule: rule, keyIndex: keyIndex, collect: collect, values: &values)
        case .number(let rule):
            if rule.readsHeldNumbers, field.onlyEmptyIsMissing, batch.numberColumn(column) == nil,
               batch.cellDictionary(column) == nil, let parsed = batch.parsedNumbers(column)
            {
                checkParsed(field, batch, parsed, blank: blank, rule: rule, values: &values)
            } else {
                checkFast(field, batch, blank: blank, rule: rule, keyIndex: nil, collect: false, values: &values)
            }
        case .moment(let rule): checkFast(field, batch, blank: blank, rule: rule, keyIndex: nil, collect: false, values: &values)
        case .typeOnly(let rule): checkFast(field, batch, blank: blank, rule: rule, keyIndex: nil, collect: false, values: &values)
        case .none:
            let needsValue = field.needsValue || keyIndex != nil || collect
            batch.withColumn(column) { cells in
                for row in 0..<batch.rowCount where !blank[row] {
                    checkCell(field, cells[row], row: row, batch, needsValue: needsValue, keyIndex: keyIndex, collect: collect, values: &values)
                }
            }
        }
    }

    /// A column whose field has a kernel: each present cell the kernel settles as clean
    /// costs only the kernel (and the key's insertion, and its value when `collect`:
    /// only the integer and string kernels are given collected fields), and a missing
    /// value nothing when the field is neither required nor in a key; every other cell
    /// goes through ``checkCell(_:_:row:_:needsValue:keyIndex:collect:values:)``.
    private mutating func checkFast<Rule: KernelRule>(
        _ field: CompiledField, _ batch: RowBatch, blank: [Bool], rule: Rule, keyIndex: Int?, collect: Bool,
        values: inout KeyColumn
    ) {
        if rule.readsHeldNumbers, field.onlyEmptyIsMissing, let held = batch.numberColumn(field.column) {
            return checkHeld(field, batch, held, blank: blank, rule: rule, keyIndex: keyIndex, collect: collect, values: &values)
        }
        if keyIndex == nil, !collect, let dictionary = batch.cellDictionary(field.column) {
            return checkEntries(field, batch, dictionary, blank: blank, rule: rule, values: &values)
        }
        let first = batch.firstRowNumber
        let needsValue = field.needsValue || keyIndex != nil || collect
        let onlyEmptyIsMissing = field.onlyEmptyIsMissing
        let missingBreaksNothing = Self.missingBreaksNothing(field, keyIndex: keyIndex, collect: collect)
        // A string key's fingerprints first; then, a window of rows at a time, their
        // buckets touched, so that the insertions below find them in the cache
        // (``KeyIndex/touch(_:in:)``).
        var fingerprints: [KeyFingerprint] = []
        if let keyIndex, Rule.self == StringRule.self {
            fingerprints = Array(repeating: KeyFingerprint(high: 0, low: 0), count: batch.rowCount)
            batch.withColumn(field.column) { cells in
                for row in 0..<batch.rowCount where !blank[row] {
                    guard let bytes = cells[row], onlyEmptyIsMissing ? !bytes.isEmpty : !field.isMissingValue(bytes) else { continue }
                    fingerprints[row] = keys[keyIndex].fingerprint(string: bytes)
                }
            }
        }
        batch.withColumn(field.column) { cells in
            blank.withUnsafeBufferPointer { blank in
                for window in KeyIndex.touchWindows(batch.rowCount) {
                    if let keyIndex, !fingerprints.isEmpty { keys[keyIndex].touch(fingerprints, in: window) }
                    for row in window where !blank[row] {
                        let bytes = cells[row]
                        if let bytes, onlyEmptyIsMissing ? !bytes.isEmpty : !field.isMissingValue(bytes) {
                            switch rule.verdict(bytes) {
                            case .clean: continue
                            case .cleanInteger(let value):
                                if collect { values.set(row, integer: value) }
                                guard let keyIndex else { continue }
                                if keys[keyIndex].insert(value, row: first + row) { continue }
                            case .cleanString:
                                if collect { values.set(row, string: bytes) }
                                guard let keyIndex else { continue }
                                // Fingerprinted above (the string kernel's clean key).
                                let inserted = fingerprints.isEmpty
                                    ? keys[keyIndex].insert(string: bytes, row: first + row)
                                    : keys[keyIndex].insert(fingerprint: fingerprints[row], row: first + row)
                                if inserted { continue }
                            case .undecided: break
                            }
                        } else if missingBreaksNothing, bytes != nil {
                            continue
                        }
                        // A missing or unsettled cell, or a repeated key: the general path
                        // finds and records what it breaks (a key it holds is not held again;
                        // a value it collects is collected again, alike).
                        checkCell(field, bytes, row: row, batch, needsValue: needsValue, keyIndex: keyIndex, collect: collect, values: &values)
                    }
                }
            }
        }
    }

    /// Whether a missing value (a cell that is there, or a null held as a number) breaks
    /// nothing: the field is neither required nor in a key, so the general path would
    /// record nothing for it.
    static func missingBreaksNothing(_ field: CompiledField, keyIndex: Int?, collect: Bool) -> Bool {
        !field.required && keyIndex == nil && !collect
    }

    /// One cell through the general path: its type, constraints, presence and key, each
    /// problem recorded as Frictionless reports it. (Kept out of line: inlined, it would
    /// crowd the fast loops that call it for the rare cell.)
    @inline(never)
    mutating func checkCell(
        _ field: CompiledField, _ bytes: UnsafeBufferPointer<UInt8>?, row: Int, _ batch: RowBatch, needsValue: Bool,
        keyIndex: Int?, collect: Bool, values: inout KeyColumn
    ) {
        let column = field.column
        let rowNumber = batch.firstRowNumber + row, line = batch.lineNumbers[row]
        var value: CellValue?
        if let bytes, !field.isMissingValue(bytes) {
            if needsValue {
                value = field.cast(bytes)
                if value == nil { recordTypeError(field, bytes, row: rowNumber, line: line) }
            } else if !field.isValid(bytes) {
                recordTypeError(field, bytes, row: rowNumber, line: line)
                return
            }
            if value != nil || !needsValue, case let failed = field.failedConstraints(bytes, value), !failed.isEmpty {
                for (sequence, constraint) in failed.names.enumerated() {
                    recordConstraint(field, constraint, cell: String(decoding: bytes, as: UTF8.self), row: rowNumber, line: line, sequence: sequence + 1)
                }
            }
        } else if field.required {
            // Absent cells read as null too: `required` fires before `missing-cell`.
            let cell = bytes.map { String(decoding: $0, as: UTF8.self) } ?? "None"
            recordConstraint(field, "required", cell: cell, row: rowNumber, line: line, sequence: 0)
        }
        if bytes == nil { recordMissingCell(field, row: rowNumber, line: line) }
        if collect { values.set(row, value) }
        guard let keyIndex else { return }
        if let value {
            if !keys[keyIndex].insert(value, row: rowNumber) {
                let cell = bytes.map { String(decoding: $0, as: UTF8.self) }
                for code in keys[keyIndex].codes {
                    recordDuplicate(code, key: keyIndex, row: rowNumber, line: line, cell: cell)
                }
            }
        } else if keys[keyIndex].codes.contains(.primaryKey) {
            recordNullPrimaryKey(row: rowNumber, line: line, fields: [column])
        }
    }

    /// Cells beyond the header.
    private mutating func extraCells(_ batch: RowBatch, blank: [Bool]) {
        let width = header.width
        let first = batch.firstRowNumber
        for row in 0..<batch.rowCount where !blank[row] && batch.extraCellCounts[row] > 0 {
            let rowNumber = first + row, line = batch.lineNumbers[row]
            for column in width..<width + batch.extraCellCounts[row] {
                tally.record(.init(code: .extraCell), order: order(rowNumber, .extraCell, field: column)) {
                    ContractIssue(
                        code: .extraCell, rowNumber: rowNumber, line: line, fieldNumber: column + 1, fieldName: "",
                        message: "row \(rowNumber) has a cell in column \(column + 1), beyond the header's \(width)")
                }
            }
        }
    }

    /// Keys of several fields, from the values the batch collected (by column). The
    /// batch's keys are fingerprinted first, then their slots touched, then the keys
    /// inserted in row order (``KeyIndex/touch(_:)``).
    private mutating func checkCompositeKeys(_ batch: RowBatch, blank: [Bool], keyValues: [KeyColumn]) {
        for keyIndex in keys.indices where keys[keyIndex].fields.count > 1 {
            let keyFields = keys[keyIndex].fields
            let isPrimaryKey = keys[keyIndex].codes.contains(.primaryKey)
            // How many of each row's key values are missing.
            var missing = [Int](repeating: 0, count: batch.rowCount)
            for column in keyFields {
                keyValues[column].withRows { values in
                    for row in 0..<batch.rowCount where values.allMissing(row) { missing[row] += 1 }
                }
            }
            // Partial nulls are compared as values; unique keys (v2) skip them.
            func inserts(_ row: Int) -> Bool { missing[row] < keyFields.count && (isPrimaryKey || missing[row] == 0) }
            let fingerprints = keys[keyIndex].fingerprints(keyValues, rows: batch.rowCount) { !blank[$0] && inserts($0) }
            var repeated: [Int] = []
            for window in KeyIndex.touchWindows(batch.rowCount) {
                keys[keyIndex].touch(fingerprints, in: window)
                keys[keyIndex].insert(fingerprints, in: window, firstRow: batch.firstRowNumber) { repeated.append($0) }
            }
            // Repeated and null keys, in row order (the tally keeps each code's first few
            // as they arrive).
            let nulls = isPrimaryKey ? (0..<batch.rowCount).filter { !blank[$0] && missing[$0] == keyFields.count } : []
            var nextNull = 0, nextRepeated = 0
            while nextNull < nulls.count || nextRepeated < repeated.count {
                let isNull = nextRepeated == repeated.count || (nextNull < nulls.count && nulls[nextNull] < repeated[nextRepeated])
                let row = isNull ? nulls[nextNull] : repeated[nextRepeated]
                let rowNumber = batch.firstRowNumber + row, line = batch.lineNumbers[row]
                if isNull {
                    recordNullPrimaryKey(row: rowNumber, line: line, fields: keyFields)
                    nextNull += 1
                } else {
                    for code in keys[keyIndex].codes { recordDuplicate(code, key: keyIndex, row: rowNumber, line: line, cell: nil) }
                    nextRepeated += 1
                }
            }
        }
    }
}
