/// Checks a table against a ``TableSchema`` as it streams past, as `frictionless
/// validate` does: the header against the fields, then every row — blank rows, extra and
/// missing cells, each cell's type and constraints, unique fields and keys.
///
/// It is an accumulator: it observes batches, and the validator of the rows right after
/// another's appends to it, so that the halves of a file can be read on two cores.
/// What it keeps grows only with the keys that must be unique.
public struct ContractValidator: Sendable {
    /// The schema.
    public let schema: TableSchema
    /// The table's header labels.
    public let labels: [String]
    /// The table as the config names it, for locations.
    public let file: String
    let header: HeaderMatch
    let fields: [CompiledField]
    /// Indexes of the keys that must be unique.
    private(set) var keys: [KeyIndex]
    /// Schema-level missing values, for columns no field claims.
    private let tableMissingValues: [[UInt8]]
    /// The tally so far.
    public private(set) var tally: ContractTally
    /// Rows observed (blank rows included).
    public private(set) var rows = 0
    /// Rows that break nothing.
    public private(set) var validRows = 0
    /// The line after the last row observed.
    private(set) var endLine = 1

    /// Prepares the checks of `schema` for a table whose header is `labels`.
    ///
    /// - Throws: ``FieldCastError`` when a field's format cannot be read (a schema that
    ///   ``SchemaLoader`` loaded never throws).
    public init(schema: TableSchema, labels: [String], file: String, sampleLimit: Int) throws(FieldCastError) {
        self.schema = schema
        self.labels = labels
        self.file = file
        let header = HeaderMatch(labels: labels, schema: schema, file: file)
        self.header = header
        var keyFields: Set<String> = Set(schema.primaryKey)
        for key in schema.uniqueKeys { keyFields.formUnion(key) }
        var fields: [CompiledField] = []
        for (index, field) in schema.fields.enumerated() {
            fields.append(
                try CompiledField(
                    field: field, index: index, column: header.columns[index], schemaMissingValues: schema.missingValues,
                    inKey: keyFields.contains(field.name)))
        }
        self.fields = fields
        tableMissingValues = schema.missingValues.map { Array($0.utf8) }
        tally = ContractTally(sampleLimit: sampleLimit)

        // One index per distinct key; a unique field that is also the primary key shares it.
        var keys: [KeyIndex] = []
        func add(_ names: [String], _ code: ContractErrorCode) {
            let indices = names.compactMap { name in schema.fields.firstIndex { $0.name == name } }
            guard !indices.isEmpty else { return }
            if let existing = keys.firstIndex(where: { $0.fields == indices }) {
                if !keys[existing].codes.contains(code) { keys[existing].codes.append(code) }
            } else {
                keys.append(KeyIndex(fields: indices, codes: [code]))
            }
        }
        for field in schema.fields where field.constraints.unique { add([field.name], .uniqueError) }
        if !schema.primaryKey.isEmpty { add(schema.primaryKey, .primaryKey) }
        for key in schema.uniqueKeys { add(key, .uniqueError) }
        self.keys = keys
    }

    // MARK: Observing

    /// Checks one batch of rows.
    public mutating func observe(_ batch: RowBatch) {
        let count = batch.rowCount
        guard count > 0 else { return }
        let first = batch.firstRowNumber
        rows += count
        endLine = max(endLine, batch.endLine, (batch.lineNumbers.last ?? 0) + 1)
        var broken = [Bool](repeating: false, count: count)
        let blank = blankRows(batch)
        for row in 0..<count where blank[row] {
            broken[row] = true
            let rowNumber = first + row, line = batch.lineNumbers[row]
            tally.record(.init(code: ContractErrorCode.blankRow.rawValue), order: order(rowNumber, phase: 0)) {
                ContractIssue(code: "blank-row", rowNumber: rowNumber, line: line, message: "row \(rowNumber) is blank: expected at least one value")
            }
        }
        extraCells(batch, blank: blank, broken: &broken)

        // Values of the fields in keys, per row, when a key spans several fields.
        let compositeFields = Set(keys.filter { $0.fields.count > 1 }.flatMap(\.fields))
        var keyValues: [Int: [CellValue?]] = [:]
        for field in fields {
            let wantsValues = compositeFields.contains(field.index)
            var values: [CellValue?] = wantsValues ? Array(repeating: nil, count: count) : []
            check(field, batch, blank: blank, broken: &broken, values: &values, collect: wantsValues)
            if wantsValues { keyValues[field.index] = values }
        }
        checkCompositeKeys(batch, blank: blank, broken: &broken, keyValues: keyValues)
        validRows += broken.lazy.filter { !$0 }.count
    }

    private func order(_ row: Int, phase: Int, field: Int = 0, sequence: Int = 0) -> SampleOrder {
        SampleOrder(row: row, phase: phase, field: field, sequence: sequence)
    }

    /// Rows whose every cell is missing or a missing value.
    private func blankRows(_ batch: RowBatch) -> [Bool] {
        let count = batch.rowCount
        var candidates: [Int] = []
        // The first column settles almost every row; only rows it leaves blank are
        // looked at further.
        var row = 0
        if batch.width > 0 {
            let missing = missingValues(forColumn: 0)
            batch.forEachCell(in: 0) { bytes in
                if bytes == nil || Self.isMissing(bytes!, missing) { candidates.append(row) }
                row += 1
            }
        } else {
            candidates = Array(0..<count)
        }
        var blank = [Bool](repeating: false, count: count)
        for row in candidates where batch.extraCellCounts[row] == 0 {
            var isBlank = true
            for column in 1..<max(1, batch.width) where column < batch.width {
                let missing = missingValues(forColumn: column)
                if let present = batch.withBytes(column, row, { !Self.isMissing($0, missing) }), present {
                    isBlank = false
                    break
                }
            }
            blank[row] = isBlank
        }
        return blank
    }

    private func missingValues(forColumn column: Int) -> [[UInt8]] {
        if let field = fields.first(where: { $0.column == column }) { return field.missingValues }
        return tableMissingValues
    }

    private static func isMissing(_ bytes: UnsafeBufferPointer<UInt8>, _ missing: [[UInt8]]) -> Bool {
        for value in missing where value.count == bytes.count {
            if value.withUnsafeBufferPointer({ $0.elementsEqual(bytes) }) { return true }
        }
        return false
    }

    /// Cells beyond the schema's fields (exact match) or beyond the header.
    private mutating func extraCells(_ batch: RowBatch, blank: [Bool], broken: inout [Bool]) {
        let width = header.expectedWidth
        let first = batch.firstRowNumber
        for row in 0..<batch.rowCount where !blank[row] {
            var extras: [Int] = []
            if width < batch.width {
                for column in width..<batch.width where !batch.isMissing(column, row) { extras.append(column) }
            }
            let beyond = batch.extraCellCounts[row]
            if beyond > 0 { extras.append(contentsOf: batch.width..<batch.width + beyond) }
            guard !extras.isEmpty else { continue }
            broken[row] = true
            let rowNumber = first + row, line = batch.lineNumbers[row]
            for column in extras {
                let cell = column < batch.width ? batch.string(column, row) : nil
                tally.record(.init(code: ContractErrorCode.extraCell.rawValue), order: order(rowNumber, phase: 1, field: column)) {
                    ContractIssue(
                        code: "extra-cell", rowNumber: rowNumber, line: line, fieldNumber: column + 1, cell: cell,
                        message: "row \(rowNumber) has a cell in column \(column + 1), beyond the \(width) the schema expects")
                }
            }
        }
    }

    /// The cells of one field: missing cells, missing values, types and constraints, and
    /// the field's own unique index.
    private mutating func check(
        _ field: CompiledField, _ batch: RowBatch, blank: [Bool], broken: inout [Bool], values: inout [CellValue?], collect: Bool
    ) {
        let first = batch.firstRowNumber
        let number = field.index + 1
        let name = field.field.name
        let keyIndex = keys.firstIndex { $0.fields == [field.index] }
        guard let column = field.column else {
            // The table has no column for the field: every row misses its cell.
            guard schema.fieldsMatch == .exact else { return }
            for row in 0..<batch.rowCount where !blank[row] {
                broken[row] = true
                recordMissingCell(field, row: first + row, line: batch.lineNumbers[row])
            }
            return
        }
        guard field.checksCells || keyIndex != nil || collect else {
            // Nothing to check but whether the cells are there.
            var row = 0
            batch.forEachCell(in: column) { bytes in
                if bytes == nil, !blank[row] {
                    broken[row] = true
                    recordMissingCell(field, row: first + row, line: batch.lineNumbers[row])
                }
                row += 1
            }
            return
        }
        var row = 0
        batch.forEachCell(in: column) { bytes in
            defer { row += 1 }
            guard !blank[row] else { return }
            guard let bytes else {
                broken[row] = true
                recordMissingCell(field, row: first + row, line: batch.lineNumbers[row])
                return
            }
            let rowNumber = first + row
            if field.isMissingValue(bytes) {
                if field.required {
                    broken[row] = true
                    let line = batch.lineNumbers[row]
                    tally.record(
                        .init(code: ContractErrorCode.constraintError.rawValue, field: name, constraint: "required"),
                        order: order(rowNumber, phase: 1, field: number, sequence: 1)
                    ) {
                        ContractIssue(
                            code: "constraint-error", rowNumber: rowNumber, line: line, fieldNumber: number, fieldName: name,
                            constraint: "required", cell: String(decoding: bytes, as: UTF8.self),
                            message: "field '\(name)' is required but row \(rowNumber) has no value")
                    }
                }
                return
            }
            var value: CellValue?
            if field.needsValue || keyIndex != nil || collect {
                value = field.caster.cast(bytes)
                if value == nil {
                    broken[row] = true
                    recordTypeError(field, bytes, row: rowNumber, line: batch.lineNumbers[row])
                    return
                }
            } else if !field.caster.isValid(bytes) {
                broken[row] = true
                recordTypeError(field, bytes, row: rowNumber, line: batch.lineNumbers[row])
                return
            }
            let failed = field.failedConstraints(bytes, value)
            if !failed.isEmpty {
                broken[row] = true
                let line = batch.lineNumbers[row]
                for (sequence, constraint) in failed.enumerated() {
                    tally.record(
                        .init(code: ContractErrorCode.constraintError.rawValue, field: name, constraint: constraint),
                        order: order(rowNumber, phase: 1, field: number, sequence: 2 + sequence)
                    ) {
                        let cell = String(decoding: bytes, as: UTF8.self)
                        return ContractIssue(
                            code: "constraint-error", rowNumber: rowNumber, line: line, fieldNumber: number, fieldName: name,
                            constraint: constraint, cell: cell,
                            message: "'\(cell)' in field '\(name)' breaks \(field.describe(constraint))")
                    }
                }
            }
            if collect { values[row] = value }
            if let keyIndex, let value, !keys[keyIndex].insert(value, row: rowNumber) {
                broken[row] = true
                let line = batch.lineNumbers[row]
                for code in keys[keyIndex].codes {
                    recordDuplicate(code, fields: [field.index], row: rowNumber, line: line, cell: String(decoding: bytes, as: UTF8.self))
                }
            }
        }
    }

    private mutating func checkCompositeKeys(
        _ batch: RowBatch, blank: [Bool], broken: inout [Bool], keyValues: [Int: [CellValue?]]
    ) {
        for keyIndex in keys.indices where keys[keyIndex].fields.count > 1 {
            let keyFields = keys[keyIndex].fields
            for row in 0..<batch.rowCount where !blank[row] {
                var key: [CellValue] = []
                key.reserveCapacity(keyFields.count)
                for field in keyFields {
                    guard let value = keyValues[field]?[row] else { break }
                    key.append(value)
                }
                guard key.count == keyFields.count else { continue }
                let rowNumber = batch.firstRowNumber + row
                if !keys[keyIndex].insert(key, row: rowNumber) {
                    broken[row] = true
                    for code in keys[keyIndex].codes {
                        recordDuplicate(code, fields: keyFields, row: rowNumber, line: batch.lineNumbers[row], cell: nil)
                    }
                }
            }
        }
    }

    // MARK: Recording

    private mutating func recordMissingCell(_ field: CompiledField, row: Int, line: Int) {
        let number = field.index + 1, name = field.field.name
        tally.record(.init(code: ContractErrorCode.missingCell.rawValue, field: name), order: order(row, phase: 1, field: number)) {
            ContractIssue(
                code: "missing-cell", rowNumber: row, line: line, fieldNumber: number, fieldName: name,
                message: "row \(row) has no cell for field '\(name)' (field \(number))")
        }
    }

    private mutating func recordTypeError(_ field: CompiledField, _ bytes: UnsafeBufferPointer<UInt8>, row: Int, line: Int) {
        let number = field.index + 1, name = field.field.name
        tally.record(.init(code: ContractErrorCode.typeError.rawValue, field: name), order: order(row, phase: 1, field: number)) {
            let cell = String(decoding: bytes, as: UTF8.self)
            return ContractIssue(
                code: "type-error", rowNumber: row, line: line, fieldNumber: number, fieldName: name, cell: cell,
                message: "'\(cell)' in field '\(name)' is not a valid \(field.field.typeDescription) value")
        }
    }

    private mutating func recordDuplicate(_ code: ContractErrorCode, fields keyFields: [Int], row: Int, line: Int?, cell: String?) {
        let names = keyFields.map { schema.fields[$0].name }
        let label = names.joined(separator: ", ")
        let phase = code == .primaryKey ? 3 : 2
        let single = keyFields.count == 1
        tally.record(.init(code: code.rawValue, field: label), order: order(row, phase: phase, field: keyFields[0] + 1)) {
            ContractIssue(
                code: code.rawValue, rowNumber: row, line: line, fieldNumber: single ? keyFields[0] + 1 : nil,
                fieldName: label, cell: cell,
                message: code == .primaryKey
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
        for index in keys.indices {
            for duplicate in keys[index].append(later.keys[index], rowOffset: rowOffset) {
                let row = duplicate.row + rowOffset
                let cell: String? =
                    if duplicate.key.count == 1, case .integer(let value) = duplicate.key[0] { String(value) } else { nil }
                for code in keys[index].codes {
                    recordDuplicate(code, fields: keys[index].fields, row: row, line: nil, cell: cell)
                }
            }
        }
        rows += later.rows
        validRows += later.validRows
        endLine += later.endLine - 1
    }

    /// The tally with the header's problems, once every row has been observed.
    public func finish() -> ContractTally {
        var tally = tally
        for (sequence, issue) in header.issues.enumerated() {
            tally.record(
                .init(code: issue.code, field: issue.fieldName), order: SampleOrder(row: 1, phase: 0, field: issue.fieldNumber ?? 0, sequence: sequence)
            ) { issue }
        }
        tally.trim()
        return tally
    }
}
