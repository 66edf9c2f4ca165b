/// Columns a reader holds as numbers (``NumberColumn``): which the validator takes so,
/// and how its kernels settle them.
extension ContractValidator {
    /// The columns it reads as numbers when a reader holds them so (``NumberColumn``):
    /// those of fields whose kernels settle held numbers (integers, numbers without a
    /// format of their own, dates and datetimes of the default format without
    /// constraints other than bounds) and whose only missing value is the empty cell.
    var numberColumns: Set<Int> {
        momentColumns.union(columns { kernel in
            switch kernel {
            case .integer(let rule): rule.readsHeldNumbers
            case .number(let rule): rule.readsHeldNumbers
            default: false
            }
        })
    }

    /// The columns of number fields whose kernel reads plain decimals as
    /// ``NumberParser`` does (no number format of their own) and whose only missing value
    /// is the empty cell: when a scan parses one for every consumer (``ParsedNumbers``),
    /// the kernel reads the parsed values (``checkParsed``).
    var parsedColumns: Set<Int> {
        columns { kernel in
            if case .number(let rule) = kernel { rule.readsHeldNumbers } else { false }
        }
    }

    /// A number field's column parsed once for every consumer (``ParsedNumbers``): a
    /// plain decimal within the bounds is clean, as the kernel reads its text
    /// (``NumberRule/verdict(_:)``); an empty cell breaks nothing when the field is not
    /// required; every other cell goes through the general path with its text.
    mutating func checkParsed(
        _ field: CompiledField, _ batch: RowBatch, _ parsed: ParsedNumbers, blank: [Bool], rule: NumberRule, values: inout KeyColumn
    ) {
        let needsValue = field.needsValue
        let missingBreaksNothing = Self.missingBreaksNothing(field, keyIndex: nil, collect: false)
        batch.withColumn(field.column) { cells in
            parsed.values.withUnsafeBufferPointer { numbers in
                parsed.kinds.withUnsafeBufferPointer { kinds in
                    for row in 0..<batch.rowCount where !blank[row] {
                        switch kinds[row] {
                        case ParsedNumbers.Kind.plain.rawValue:
                            if rule.verdict(plain: numbers[row]) == .clean { continue }
                        case ParsedNumbers.Kind.missing.rawValue:
                            if missingBreaksNothing, cells[row] != nil { continue }
                        default: break
                        }
                        checkCell(field, cells[row], row: row, batch, needsValue: needsValue, keyIndex: nil, collect: false, values: &values)
                    }
                }
            }
        }
    }

    /// Of those, the date and datetime fields' columns: held as dates or instants, they
    /// are settled by value.
    var momentColumns: Set<Int> {
        columns { kernel in
            switch kernel {
            case .typeOnly(let rule): rule.readsHeldNumbers
            case .moment(let rule): rule.readsHeldNumbers
            default: false
            }
        }
    }

    /// The columns of fields whose only missing value is the empty cell, whose cells are
    /// checked, and whose kernel `reads`.
    private func columns(_ reads: (CellKernel) -> Bool) -> Set<Int> {
        Set(fields.filter { $0.onlyEmptyIsMissing && $0.checksCells && reads(kernels[$0.column]) }.map(\.column))
    }

    /// A column the reader held as numbers (``NumberColumn``), for a kernel that reads
    /// them: each value it settles as clean costs only the kernel (and the key's
    /// insertion, and its value when `collect`); a value it leaves, or a null in a field
    /// that is required or in a key, goes through the general path with the text the
    /// reader would have written.
    mutating func checkHeld<Rule: KernelRule>(
        _ field: CompiledField, _ batch: RowBatch, _ held: NumberColumn, blank: [Bool], rule: Rule, keyIndex: Int?, collect: Bool,
        values: inout KeyColumn
    ) {
        let first = batch.firstRowNumber
        let needsValue = field.needsValue || keyIndex != nil || collect
        let nulls = held.nulls
        let nullsBreakNothing = Self.missingBreaksNothing(field, keyIndex: keyIndex, collect: collect)
        func each(_ verdict: (Int) -> KernelVerdict) {
            for row in 0..<batch.rowCount where !blank[row] {
                if !nulls.isEmpty, nulls[row] {
                    if nullsBreakNothing { continue }
                } else {
                    switch verdict(row) {
                    case .clean: continue
                    case .cleanInteger(let value):
                        if collect { values.set(row, integer: value) }
                        guard let keyIndex else { continue }
                        if keys[keyIndex].insert(value, row: first + row) { continue }
                    case .cleanString, .undecided: break
                    }
                }
                _ = batch.withBytes(field.column, row) { bytes in
                    checkCell(field, bytes, row: row, batch, needsValue: needsValue, keyIndex: keyIndex, collect: collect, values: &values)
                }
            }
        }
        switch held.values {
        case .doubles(let numbers): numbers.withUnsafeBufferPointer { numbers in each { rule.verdict(double: numbers[$0]) } }
        case .integers(let numbers): numbers.withUnsafeBufferPointer { numbers in each { rule.verdict(integer: numbers[$0]) } }
        case .moments(let moments, let form):
            moments.withUnsafeBufferPointer { moments in each { rule.verdict(moment: moments[$0], form: form) } }
        }
    }
}
