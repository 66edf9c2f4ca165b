/// One self-referencing foreign key as the table streams past, in one pass: the values
/// of the referenced fields seen so far, and the rows whose key was not among them when
/// they were read (a reference to a later row is common: a parent listed after its
/// child). Those are settled once the whole table has been read (``unresolved()``).
///
/// Frictionless reads the table twice (a lookup of the referenced values first); the
/// outcome is the same: a row fails when its key, not all missing, is not among the
/// referenced fields' keys of any row (its own included). What it keeps grows with the
/// distinct referenced keys and with the rows still unsettled.
struct ForeignKeyIndex: Sendable {
    /// The schema's key.
    let key: ForeignKey
    /// The columns of `key.fields`.
    let columns: [Int]
    /// The columns of `key.referenceFields` (nil: a referenced field the header lacks,
    /// whose values are all missing).
    let referenceColumns: [Int?]
    /// Referenced keys seen so far (not all missing).
    private var referenced: Set<[CellValue?]> = []
    /// Rows whose key was not referenced when read: row, line, key.
    private var pending: [(row: Int, line: Int, key: [CellValue?])] = []

    init(key: ForeignKey, columns: [Int], referenceColumns: [Int?]) {
        self.key = key
        self.columns = columns
        self.referenceColumns = referenceColumns
    }

    /// Values compared as frictionless compares them: Python's `Decimal("2.0") == 2`, so
    /// an integral number equals the integer.
    static func normalized(_ value: CellValue?) -> CellValue? {
        if case .number(let number)? = value, number.rounded() == number, abs(number) < 9.0e15 { return .integer(Int(number)) }
        return value
    }

    /// Observes one row: `value(column)` reads its typed values (nil when missing or not
    /// of the field's type).
    mutating func observe(row: Int, line: Int, value: (Int) -> CellValue?) {
        let reference = referenceColumns.map { column in column.flatMap { Self.normalized(value($0)) } }
        if reference.contains(where: { $0 != nil }) { referenced.insert(reference) }
        let target = columns.map { Self.normalized(value($0)) }
        guard target.contains(where: { $0 != nil }), !referenced.contains(target) else { return }
        pending.append((row, line, target))
    }

    /// Folds in the index of the rows after this one's (numbered as if their stretch
    /// began the file).
    mutating func append(_ later: ForeignKeyIndex, rowOffset: Int, lineOffset: Int) {
        referenced.formUnion(later.referenced)
        pending += later.pending.map { ($0.row + rowOffset, $0.line + lineOffset, $0.key) }
    }

    /// The rows whose key no row's referenced fields hold, in row order.
    func unresolved() -> [(row: Int, line: Int, key: [CellValue?])] {
        pending.filter { !referenced.contains($0.key) }
    }
}

extension ForeignKeyIndex {
    /// A key's values for a message: `9`, `de, x`; a missing part as `None`, as
    /// frictionless writes it.
    static func display(_ key: [CellValue?]) -> String {
        key.map { value -> String in
            switch value {
            case nil: "None"
            case .string(let text)?: text
            case .integer(let number)?: String(number)
            case .bigInteger(let digits)?: digits
            case .number(let number)?: NumberFormatting.value(number)
            case .boolean(let flag)?: flag ? "True" : "False"
            case let other?: String(describing: other)
            }
        }.joined(separator: ", ")
    }
}
