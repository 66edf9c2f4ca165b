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
    private(set) var keys: [KeyIndex]
    /// Each key's fields' names, as reports name the key (by index of `keys`).
    private let keyLabels: [String]
    /// Each field's fast path (``CellKernel``), by column.
    let kernels: [CellKernel]
    /// Each field's own key (a key of that field alone), by column.
    private let ownKeys: [Int?]
    /// The columns in a key of several fields.
    private let compositeFields: Set<Int>
    /// The columns whose typed values a batch collects: those of keys of several fields
    /// and of foreign keys.
    private let collectedFields: Set<Int>
    /// The foreign keys whose fields are all in the header.
    private(set) var foreignKeys: [ForeignKeyIndex]
    /// The tally so far.
    public private(set) var tally: ContractTally
    /// Whether the table must be read again in one pass: a duplicate found only when
    /// stretches merged is among the samples, and its cell's text was not kept (keys
    /// are held as fingerprints, ``KeyIndex``).
    public private(set) var needsSequentialRead = false
    /// Rows observed (blank rows included).
    public private(set) var rows = 0
    /// What is known of the rows this validator will observe (``expect(own:)``).
    private var ownEstimate = RowEstimate.unknown
    /// The bytes of input its rows were read from so far (``RowBatch/sourceBytes``).
    private var bytesSeen = 0
    /// The line after the last row observed.
    private(set) var endLine = 1
    /// Where each batch's rows start, so that a row found only when stretches merge
    /// (a key repeated across them) can be given its line. A batch is its first row's
    /// line plus the few rows that span more than one line (quoted line breaks).
    private var lineSpans: [LineSpan] = []

    private struct LineSpan: Sendable {
        var firstRow: Int
        var firstLine: Int
        var rows: Int
        /// Rows (index in the batch) after which lines jump by more than one, and by how much more.
        var jumps: [(row: Int32, extra: Int32)]
    }

    /// The line a row starts on, when the batches observed tell it exactly.
    private func line(ofRow row: Int) -> Int? {
        var low = 0, high = lineSpans.count
        while low < high {
            let middle = (low + high) / 2
            if lineSpans[middle].firstRow + lineSpans[middle].rows <= row { low = middle + 1 } else { high = middle }
        }
        guard low < lineSpans.count, case let span = lineSpans[low], span.firstRow <= row else { return nil }
        let index = row - span.firstRow
        return span.firstLine + index + span.jumps.reduce(0) { $0 + ($1.row < index ? Int($1.extra) : 0) }
    }

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
        self.compositeFields = compositeFields
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
        kernels = fields.map { field in
            guard usingKernels else { return .none }
            return CellKernel.make(
                for: field, ownKey: ownKeys[field.column] != nil, collected: collectedFields.contains(field.column))
        }
    }

    // MARK: Observing

    /// The phases of one row's problems, in Frictionless's order.
    private enum Phase: Int {
        case malformed, blankRow, cell, extraCell, missingCell, unique, primaryKey, foreignKey
    }

    private func order(_ row: Int, _ phase: Phase, field: Int = 0, sequence: Int = 0) -> SampleOrder {
        SampleOrder(row: row, phase: phase.rawValue, field: field, sequence: sequence)
    }

    /// Checks one batch of rows.
    public mutating func observe(_ batch: RowBatch) {
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
        for field in fields {
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
            foreignKeys[index].observe(keyValues, firstRow: first, lines: lines, skipping: blank)
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
        batch.forEachCell(in: 0) { bytes in
            if bytes == nil || firstField.isMissingValue(bytes!) { candidates.append(row) }
            row += 1
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
        case .number(let rule): checkFast(field, batch, blank: blank, rule: rule, keyIndex: nil, collect: false, values: &values)
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
    /// only the integer and string kernels are given collected fields); every other cell
    /// goes through ``checkCell(_:_:row:_:needsValue:keyIndex:collect:values:)``.
    private mutating func checkFast<Rule: KernelRule>(
        _ field: CompiledField, _ batch: RowBatch, blank: [Bool], rule: Rule, keyIndex: Int?, collect: Bool,
        values: inout KeyColumn
    ) {
        let first = batch.firstRowNumber
        let needsValue = field.needsValue || keyIndex != nil || collect
        let onlyEmptyIsMissing = field.onlyEmptyIsMissing
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

    /// One cell through the general path: its type, constraints, presence and key, each
    /// problem recorded as Frictionless reports it. (Kept out of line: inlined, it would
    /// crowd the fast loops that call it for the rare cell.)
    @inline(never)
    private mutating func checkCell(
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
            for window in KeyIndex.touchWindows(batch.rowCount) {
                keys[keyIndex].touch(fingerprints, in: window)
                for row in window where !blank[row] {
                    let rowNumber = batch.firstRowNumber + row, line = batch.lineNumbers[row]
                    if missing[row] == keyFields.count {
                        if isPrimaryKey { recordNullPrimaryKey(row: rowNumber, line: line, fields: keyFields) }
                        continue
                    }
                    guard inserts(row) else { continue }
                    if !keys[keyIndex].insert(fingerprint: fingerprints[row], row: rowNumber) {
                        for code in keys[keyIndex].codes {
                            recordDuplicate(code, key: keyIndex, row: rowNumber, line: line, cell: nil)
                        }
                    }
                }
            }
        }
    }

    // MARK: Recording

    private mutating func recordMalformed(_ malformed: MalformedRow, firstRow: Int, line: Int) {
        let rowNumber = firstRow + malformed.row
        // A reader reports a row or cell it could not read as `encoding-error` or
        // `source-error`.
        let code = ContractErrorCode(rawValue: malformed.error.code) ?? .sourceError
        let fieldNumber = malformed.column.map { $0 + 1 }
        let fieldName = malformed.column.flatMap { $0 < labels.count ? labels[$0] : nil }
        tally.record(.init(code: code), order: order(rowNumber, .malformed, field: fieldNumber ?? 0)) {
            ContractIssue(
                code: code, rowNumber: rowNumber, line: malformed.error.location.line ?? line,
                column: malformed.error.location.column, fieldNumber: fieldNumber, fieldName: fieldName,
                message: "row \(rowNumber)" + (fieldName.map { ", field '\($0)'" } ?? "") + ": \(malformed.error.message)"
                    + (malformed.column == nil ? "; the row was not checked further" : "; the cell was checked with U+FFFD in place of the invalid bytes"))
        }
    }

    private mutating func recordMissingCell(_ field: CompiledField, row: Int, line: Int) {
        let number = field.column + 1, name = field.field.name
        tally.record(.init(code: .missingCell, field: name), order: order(row, .missingCell, field: number)) {
            ContractIssue(
                code: .missingCell, rowNumber: row, line: line, fieldNumber: number, fieldName: name, cell: "",
                message: "row \(row) has no cell for field '\(name)' (column \(number))")
        }
    }

    private mutating func recordTypeError(_ field: CompiledField, _ bytes: UnsafeBufferPointer<UInt8>, row: Int, line: Int) {
        let number = field.column + 1, name = field.field.name
        tally.record(.init(code: .typeError, field: name), order: order(row, .cell, field: number)) {
            let cell = String(decoding: bytes, as: UTF8.self)
            return ContractIssue(
                code: .typeError, rowNumber: row, line: line, fieldNumber: number, fieldName: name, cell: cell,
                message: "'\(cell)' in field '\(name)' is not a valid \(field.field.typeDescription) value")
        }
    }

    private mutating func recordConstraint(_ field: CompiledField, _ constraint: String, cell: String, row: Int, line: Int, sequence: Int) {
        let number = field.column + 1, name = field.field.name
        tally.record(
            .init(code: .constraintError, field: name, constraint: constraint),
            order: order(row, .cell, field: number, sequence: sequence)
        ) {
            ContractIssue(
                code: .constraintError, rowNumber: row, line: line, fieldNumber: number, fieldName: name,
                constraint: constraint, cell: cell,
                message: constraint == "required"
                    ? "field '\(name)' is required but row \(row) has no value"
                    : "'\(cell)' in field '\(name)' breaks \(field.describe(constraint))")
        }
    }

    private func keyLabel(_ columns: [Int]) -> String {
        Self.keyLabel(columns, fields)
    }

    /// A key's fields' names, as reports name the key.
    private static func keyLabel(_ columns: [Int], _ fields: [CompiledField]) -> String {
        columns.map { fields[$0].field.name }.joined(separator: ", ")
    }

    private mutating func recordNullPrimaryKey(row: Int, line: Int?, fields keyFields: [Int]) {
        let label = keyLabel(keyFields)
        tally.record(.init(code: .primaryKey, field: label), order: order(row, .primaryKey)) {
            ContractIssue(
                code: .primaryKey, rowNumber: row, line: line, fieldName: nil,
                message: "row \(row) has no value for the primary key (\(label)): expected one in every row")
        }
    }

    /// A row repeating key `key`'s value (an index of `keys`). The key's label is made
    /// once (a file whose key is all duplicates records one for every row).
    private mutating func recordDuplicate(_ code: ContractErrorCode, key: Int, row: Int, line: Int?, cell: String?) {
        let keyFields = keys[key].fields, label = keyLabels[key]
        let single = keyFields.count == 1
        let isPrimaryKey = code == .primaryKey
        tally.record(.init(code: code, field: label), order: order(row, isPrimaryKey ? .primaryKey : .unique, field: keyFields[0] + 1)) {
            ContractIssue(
                code: code, rowNumber: row, line: line,
                fieldNumber: single && !isPrimaryKey ? keyFields[0] + 1 : nil,
                fieldName: single && !isPrimaryKey ? label : nil, cell: isPrimaryKey ? nil : cell,
                message: isPrimaryKey
                    ? "row \(row) repeats the primary key (\(label)) of an earlier row: expected unique keys"
                    : "row \(row) repeats the value of \(single ? "field" : "fields") '\(label)' of an earlier row: expected unique values")
        }
    }

    // MARK: Merging and finishing

    /// Appends the validator of the rows right after this one's (numbered as if its
    /// stretch began the file after the header).
    public mutating func append(_ later: ContractValidator) {
        let rowOffset = rows, lineOffset = endLine - 1
        tally.append(later.tally, rowOffset: rowOffset, lineOffset: lineOffset)
        lineSpans += later.lineSpans.map { span in
            var span = span
            span.firstRow += rowOffset
            span.firstLine += lineOffset
            return span
        }
        var cellsOwed = false
        for index in keys.indices {
            for duplicate in keys[index].append(later.keys[index], rowOffset: rowOffset) {
                let row = duplicate.row + rowOffset
                cellsOwed = cellsOwed || duplicate.cellOwed
                for code in keys[index].codes {
                    recordDuplicate(code, key: index, row: row, line: line(ofRow: row), cell: duplicate.cell)
                }
            }
        }
        // A repeated key of one field held as a fingerprint has no text here; when such a
        // duplicate is among the samples, only reading the rows again gives its cell.
        if cellsOwed {
            tally.trim()
            needsSequentialRead = needsSequentialRead || tally.keepsSample { issue in
                issue.code == .uniqueError && issue.fieldNumber != nil && issue.cell == nil
            }
        }
        for index in foreignKeys.indices {
            foreignKeys[index].append(later.foreignKeys[index], rowOffset: rowOffset, lineOffset: lineOffset)
        }
        rows += later.rows
        endLine += later.endLine - 1
    }

    /// The tally with the header's problems, once every row has been observed.
    public func finish() -> ContractTally {
        var tally = tally
        for (sequence, issue) in header.issues.enumerated() {
            tally.record(.init(code: issue.code, field: issue.fieldName?.isEmpty == false ? issue.fieldName : nil),
                order: SampleOrder(row: 1, phase: 0, field: 0, sequence: sequence)) { issue }
        }
        for (sequence, foreignKey) in foreignKeys.enumerated() {
            let label = foreignKey.key.label
            for (row, line, key) in foreignKey.unresolved() {
                tally.record(.init(code: .foreignKey, field: label), order: order(row, .foreignKey, sequence: sequence)) {
                    ContractIssue(
                        code: .foreignKey, rowNumber: row, line: line, cell: ForeignKeyIndex.display(key),
                        message: "row \(row): '\(ForeignKeyIndex.display(key))' of (\(foreignKey.key.fields.joined(separator: ", "))) is not a value of (\(foreignKey.key.referenceFields.joined(separator: ", "))) in any row: expected a reference to a row of the table")
                }
            }
        }
        tally.trim()
        return tally
    }
}
