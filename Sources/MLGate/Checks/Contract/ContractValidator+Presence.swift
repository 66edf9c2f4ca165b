/// Fields that a typed table's column settles by its type alone, so that only a blank
/// row's test reads their cells (``PresenceColumns``).
extension ContractValidator {
    /// Of `candidates` (columns in no key), those whose field no cell of a typed table
    /// (every row has every column: a Parquet file's) can fault: a field without
    /// constraints, format or options of its own, whose type every value of its column's
    /// kind is of — an integer field on integers, a number field on integers, floats or
    /// decimals, a boolean field on booleans, a string field on text, an `any` field on
    /// anything. Nil when the table is not typed, when a field has a missing value other
    /// than the empty cell (a present value could then read as missing), or when no field
    /// is settled.
    static func settledColumns(_ candidates: [Int], of fields: [CompiledField], typed: Bool) -> PresenceColumns? {
        guard typed, fields.allSatisfy(\.onlyEmptyIsMissing) else { return nil }
        let settled = Set(candidates.filter { isSettled(fields[$0]) })
        guard !settled.isEmpty else { return nil }
        return PresenceColumns(columns: settled, deciding: Set(fields.map(\.column)).subtracting(settled))
    }

    /// Whether every value of the field's column's kind is of its type, with nothing
    /// else to check.
    static func isSettled(_ field: CompiledField) -> Bool {
        let declared = field.field
        guard declared.constraints.isEmpty, declared.categories == nil, declared.format == nil || declared.format == "default",
              declared.options == FieldCastOptions(), field.typedRule == nil
        else { return false }
        switch (declared.type, field.valueKind) {
        case (.any, _): return true
        case (.string, .text): return true
        case (.integer, .integer): return true
        case (.number, .integer), (.number, .floating), (.number, .decimal): return true
        case (.boolean, .boolean): return true
        default: return false
        }
    }
}
