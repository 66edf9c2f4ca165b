/// How the validator records each problem it finds: the tally's key, the sample's place
/// in Frictionless's order, and the message.
extension ContractValidator {
    /// The phases of one row's problems, in Frictionless's order.
    enum Phase: Int {
        case malformed, blankRow, cell, extraCell, missingCell, unique, primaryKey, foreignKey
    }

    /// Where a problem of `row` sorts among the others.
    func order(_ row: Int, _ phase: Phase, field: Int = 0, sequence: Int = 0) -> SampleOrder {
        SampleOrder(row: row, phase: phase.rawValue, field: field, sequence: sequence)
    }

    mutating func recordMalformed(_ malformed: MalformedRow, firstRow: Int, line: Int) {
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

    mutating func recordMissingCell(_ field: CompiledField, row: Int, line: Int) {
        let number = field.column + 1, name = field.field.name
        tally.record(.init(code: .missingCell, field: name), order: order(row, .missingCell, field: number)) {
            ContractIssue(
                code: .missingCell, rowNumber: row, line: line, fieldNumber: number, fieldName: name, cell: "",
                message: "row \(row) has no cell for field '\(name)' (column \(number))")
        }
    }

    mutating func recordTypeError(_ field: CompiledField, _ bytes: UnsafeBufferPointer<UInt8>, row: Int, line: Int) {
        let number = field.column + 1, name = field.field.name
        tally.record(.init(code: .typeError, field: name), order: order(row, .cell, field: number)) {
            let cell = String(decoding: bytes, as: UTF8.self)
            return ContractIssue(
                code: .typeError, rowNumber: row, line: line, fieldNumber: number, fieldName: name, cell: cell,
                message: "'\(cell)' in field '\(name)' is not a valid \(field.field.typeDescription) value")
        }
    }

    mutating func recordConstraint(_ field: CompiledField, _ constraint: String, cell: String, row: Int, line: Int, sequence: Int) {
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

    func keyLabel(_ columns: [Int]) -> String {
        Self.keyLabel(columns, fields)
    }

    /// A key's fields' names, as reports name the key.
    static func keyLabel(_ columns: [Int], _ fields: [CompiledField]) -> String {
        columns.map { fields[$0].field.name }.joined(separator: ", ")
    }

    mutating func recordNullPrimaryKey(row: Int, line: Int?, fields keyFields: [Int]) {
        let label = keyLabel(keyFields)
        tally.record(.init(code: .primaryKey, field: label), order: order(row, .primaryKey)) {
            ContractIssue(
                code: .primaryKey, rowNumber: row, line: line, fieldName: nil,
                message: "row \(row) has no value for the primary key (\(label)): expected one in every row")
        }
    }

    /// A row repeating key `key`'s value (an index of `keys`). The key's label is made
    /// once (a file whose key is all duplicates records one for every row). `inOrder`:
    /// false for a duplicate found when stretches are joined
    /// (``ContractTally/record(_:order:inOrder:_:)``).
    mutating func recordDuplicate(_ code: ContractErrorCode, key: Int, row: Int, line: Int?, cell: String?, inOrder: Bool = true) {
        let keyFields = keys[key].fields, label = keyLabels[key]
        let single = keyFields.count == 1
        let isPrimaryKey = code == .primaryKey
        tally.record(.init(code: code, field: label), order: order(row, isPrimaryKey ? .primaryKey : .unique, field: keyFields[0] + 1), inOrder: inOrder) {
            ContractIssue(
                code: code, rowNumber: row, line: line,
                fieldNumber: single && !isPrimaryKey ? keyFields[0] + 1 : nil,
                fieldName: single && !isPrimaryKey ? label : nil, cell: isPrimaryKey ? nil : cell,
                message: isPrimaryKey
                    ? "row \(row) repeats the primary key (\(label)) of an earlier row: expected unique keys"
                    : "row \(row) repeats the value of \(single ? "field" : "fields") '\(label)' of an earlier row: expected unique values")
        }
    }
}
