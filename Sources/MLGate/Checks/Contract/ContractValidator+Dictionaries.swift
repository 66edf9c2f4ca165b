/// Columns whose cells are the entries of a dictionary (``CellDictionary``): a kernel
/// judges each entry once, not each row.
extension ContractValidator {
    /// The columns it judges an entry at a time when a batch gives them a dictionary
    /// (``checkEntries``): those of fields with a kernel that are neither a key of their
    /// own nor collected.
    var entryColumns: Set<Int> {
        Set(fields.lazy.filter { field in
            guard field.checksCells, self.ownKeys[field.column] == nil, !self.collectedFields.contains(field.column) else {
                return false
            }
            if case .none = self.kernels[field.column] { return false }
            return true
        }.map(\.column))
    }

    /// A kernel's verdicts on one dictionary's entries, as they are met.
    struct EntryVerdicts: Sendable {
        /// The dictionary's ``CellDictionary/id``.
        var id: Int
        /// Per entry: 0 not judged yet, 1 a clean present cell, 2 anything else (a
        /// missing value, or a cell the general path must look at).
        var verdicts: [UInt8]
    }

    /// A column of dictionary entries, for a field that is no key and collects no
    /// values (so a cell's verdict depends on its text alone): an entry the kernel
    /// settles as clean costs a lookup per row; every other cell goes through the
    /// general path, row by row, as in ``checkFast``.
    mutating func checkEntries<Rule: KernelRule>(
        _ field: CompiledField, _ batch: RowBatch, _ dictionary: CellDictionary, blank: [Bool], rule: Rule, values: inout KeyColumn
    ) {
        var known = entryVerdicts.removeValue(forKey: field.column) ?? EntryVerdicts(id: -1, verdicts: [])
        if known.id != dictionary.id {
            known = EntryVerdicts(id: dictionary.id, verdicts: Array(repeating: 0, count: dictionary.count))
        }
        let needsValue = field.needsValue, onlyEmptyIsMissing = field.onlyEmptyIsMissing
        batch.withColumn(field.column) { cells in
            dictionary.entries.withUnsafeBufferPointer { entries in
                for row in 0..<batch.rowCount where !blank[row] {
                    let entry = Int(entries[row])
                    if entry >= 0, entry < known.verdicts.count {
                        if known.verdicts[entry] == 0 {
                            let present = cells[row].map { onlyEmptyIsMissing ? !$0.isEmpty : !field.isMissingValue($0) } ?? false
                            // Neither a key nor collected: any clean verdict is clean.
                            let clean = present && { if case .undecided = rule.verdict(cells[row]!) { false } else { true } }()
                            known.verdicts[entry] = clean ? 1 : 2
                        }
                        if known.verdicts[entry] == 1 { continue }
                    }
                    checkCell(field, cells[row], row: row, batch, needsValue: needsValue, keyIndex: nil, collect: false, values: &values)
                }
            }
        }
        entryVerdicts[field.column] = known
    }
}
