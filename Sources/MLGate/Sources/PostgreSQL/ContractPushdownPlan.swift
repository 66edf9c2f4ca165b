/// What a SQL engine decides of a data contract: for each column, the cells it can
/// clear as certainly breaking nothing, and for each key, how to group the rows so that
/// only rows sharing a key value are sent.
///
/// The server never reports a problem itself. Like the contract's kernels
/// (``CellKernel``), it may only ever say less than the contract's own checks: it
/// clears the rows whose every cell is of a shape it decides exactly (a plain integer
/// within integer bounds, a string of the allowed values, lengths and translated
/// pattern, …) and whose keys are unique in the table; every other row — a candidate —
/// is sent, with its row number, to the contract's own validator (``ContractValidator``),
/// which finds and records exactly what it finds in file mode. So the report is the file
/// mode's by construction, and the bytes moved are the candidates'.
struct ContractPushdownPlan: Sendable {
    /// How one column's cells are cleared.
    struct Column: Sendable {
        /// The column's position in the relation.
        var column: Int
        /// The cells that mean "no value" (a NULL reads as an empty cell).
        var missingValues: [String]
        /// Whether a missing cell breaks nothing (the field is neither required nor in
        /// the primary key).
        var missingIsClean: Bool
        /// Which present cells break nothing.
        var present: PresentRule
    }

    /// The present cells of a column that break nothing, by a rule the engine decides exactly.
    enum PresentRule: Sendable, Hashable {
        /// Every one (a string or `any` field without format or constraints).
        case every
        /// `-?[0-9]{1,18}` (18 bytes at most) within the bounds, one of `allowed` when given.
        case plainInteger(minimum: Int?, maximum: Int?, allowed: [Int]?)
        /// `-?[0-9]+(\.[0-9]+)?` with at most 15 digits (read exactly as a double)
        /// within the bounds (exclusive ones when `exclusive`).
        case plainDecimal(minimum: Double?, maximum: Double?, exclusiveMinimum: Double?, exclusiveMaximum: Double?)
        /// A string within the lengths (Unicode scalars), one of `allowed` when given
        /// (compared as bytes), matching `pattern` when given.
        case string(minLength: Int?, maxLength: Int?, allowed: [String]?, pattern: POSIXPattern?)
        /// One of these texts exactly (a boolean's true and false values).
        case oneOf([String])
        /// `YYYY-MM-DD`, a real day of years 0001–9999.
        case plainDate
        /// `YYYY-MM-DDTHH:MM:SS`, a real day of years 0001–9999 and a real time.
        case plainDatetime
    }

    /// How a key field's cells are grouped: equal values (as the contract compares
    /// them) must land in one group; more is harmless (more rows sent).
    enum KeyPart: Sendable, Hashable {
        /// By the text itself (strings are compared as bytes); NULL when missing.
        case text(column: Int, missingValues: [String])
        /// Plain integers by their value; any other present cell sends every row
        /// (its value is not the text's).
        case integer(column: Int, missingValues: [String])
    }

    /// Every column of the relation, in order.
    var columns: [Column]
    /// Each key that must be unique, by its fields' parts.
    var keys: [[KeyPart]]

    /// The plan for `validator`'s schema over the relation's columns, or nil when the
    /// engine cannot clear a field's cells or group a key exactly (a type or format it
    /// does not decide, a pattern it cannot translate, foreign keys): the table is then
    /// streamed, as without pushdown.
    init?(_ validator: ContractValidator) {
        guard validator.foreignKeys.isEmpty else { return nil }
        var primaryKeyColumns: Set<Int> = []
        for key in validator.keys where key.codes.contains(.primaryKey) { primaryKeyColumns.formUnion(key.fields) }
        var columns: [Column] = []
        for field in validator.fields {
            guard let present = Self.presentRule(field) else { return nil }
            columns.append(
                Column(
                    column: field.column, missingValues: field.missingValues.map { String(decoding: $0, as: UTF8.self) },
                    missingIsClean: !field.required && !primaryKeyColumns.contains(field.column), present: present))
        }
        var keys: [[KeyPart]] = []
        for key in validator.keys {
            var parts: [KeyPart] = []
            for column in key.fields {
                let field = validator.fields[column]
                switch field.caster.kind {
                case .string(.default) where field.typedRule == nil:
                    parts.append(.text(column: column, missingValues: columns[column].missingValues))
                case .integer(bareNumber: true) where field.typedRule == nil:
                    parts.append(.integer(column: column, missingValues: columns[column].missingValues))
                default:
                    return nil
                }
            }
            keys.append(parts)
        }
        self.columns = columns
        self.keys = keys
    }

    /// The rule clearing a field's present cells, or nil when the engine cannot decide them.
    static func presentRule(_ field: CompiledField) -> PresentRule? {
        guard field.typedRule == nil else { return nil }
        let constraints = field.field.constraints
        let lengths = constraints.minLength != nil || constraints.maxLength != nil
        let pattern = constraints.pattern
        if !field.checksCells { return .every }
        switch field.caster.kind {
        case .string(.default):
            guard !field.hasBounds else { return nil }
            var translated: POSIXPattern?
            if let pattern {
                guard let posix = POSIXPattern(pattern) else { return nil }
                translated = posix
            }
            let allowed = field.enumBytes.map { $0.map { String(decoding: $0, as: UTF8.self) } }
            return .string(minLength: constraints.minLength, maxLength: constraints.maxLength, allowed: allowed, pattern: translated)
        case .any:
            return field.hasValueConstraints ? nil : .every
        case .integer(bareNumber: true):
            guard !lengths, pattern == nil, field.exclusiveMinimum == nil, field.exclusiveMaximum == nil else { return nil }
            func integer(_ value: CellValue?) -> Int?? {
                guard let value else { return .some(nil) }
                if case .integer(let integer) = value { return .some(integer) }
                return nil
            }
            guard let minimum = integer(field.minimum), let maximum = integer(field.maximum) else { return nil }
            // Values beyond Int (`bigInteger`) can never equal a plain integer.
            let allowed = field.enumeration.map { values in
                values.compactMap { if case .integer(let value) = $0 { value } else { nil } }.sorted()
            }
            return .plainInteger(minimum: minimum, maximum: maximum, allowed: allowed)
        case .number(let reader) where !reader.processes:
            guard !lengths, pattern == nil, field.enumeration == nil else { return nil }
            func number(_ value: CellValue?) -> Double?? {
                guard let value else { return .some(nil) }
                if case .number(let number) = value, number.isFinite { return .some(number) }
                return nil
            }
            guard let minimum = number(field.minimum), let maximum = number(field.maximum),
                  let exclusiveMinimum = number(field.exclusiveMinimum), let exclusiveMaximum = number(field.exclusiveMaximum)
            else { return nil }
            return .plainDecimal(minimum: minimum, maximum: maximum, exclusiveMinimum: exclusiveMinimum, exclusiveMaximum: exclusiveMaximum)
        case .boolean(let values):
            guard !field.hasValueConstraints else { return nil }
            return .oneOf(values.map { String(decoding: $0.0, as: UTF8.self) })
        case .date(.default):
            return field.hasValueConstraints ? nil : .plainDate
        case .datetime(.default):
            return field.hasValueConstraints ? nil : .plainDatetime
        default:
            return nil
        }
    }
}
