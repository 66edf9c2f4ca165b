/// One schema field made ready for the hot loop: its caster, its missing values as
/// bytes, and its constraints read with its own type.
struct CompiledField: Sendable {
    /// The field as the schema declares it.
    let field: SchemaField
    /// The table column it reads (0-based): Frictionless's field number minus one.
    let column: Int
    let caster: FieldCaster
    /// How a typed column's cells are judged, where their type decides (see
    /// ``TypedCellRule``); nil: by their text, with ``caster``.
    let typedRule: TypedCellRule?
    /// The kind of values its column holds (``TypedValueKind/text`` for a text table's).
    let valueKind: TypedValueKind
    /// The cells that mean "no value": Frictionless compares them exactly.
    let missingValues: [[UInt8]]
    let onlyEmptyIsMissing: Bool
    /// Bit n set when a missing value is n bytes long (bit 63: any of 63 bytes or more):
    /// most cells are settled as present by their length alone.
    private let missingLengths: UInt64

    let minimum: CellValue?
    let maximum: CellValue?
    let exclusiveMinimum: CellValue?
    let exclusiveMaximum: CellValue?
    let minLength: Int?
    let maxLength: Int?
    let pattern: XMLSchemaPattern?
    let enumeration: Set<CellValue>?
    /// A string field's allowed values as bytes: compared without building a String.
    let enumBytes: [[UInt8]]?
    /// Whether any constraint needs more than presence (all but `required`, `unique`).
    let hasValueConstraints: Bool
    let hasBounds: Bool
    let required: Bool
    /// Whether the cell's value must be built (constraints on it, or a key uses it).
    let needsValue: Bool
    /// Whether any cell can fail at all: a string field without format or constraints
    /// only needs its missing cells found.
    let checksCells: Bool

    init(
        field: SchemaField, column: Int, schemaMissingValues: [String], inKey: Bool, valueKind: TypedValueKind = .text
    ) throws(FieldCastError) {
        self.field = field
        self.column = column
        caster = try FieldCaster(type: field.type, format: field.format, options: field.options)
        typedRule = TypedCellRule(field: field.type, kind: valueKind)
        self.valueKind = valueKind
        let missing = field.missingValues ?? schemaMissingValues
        missingValues = missing.map { Array($0.utf8) }
        onlyEmptyIsMissing = missing == [""]
        missingLengths = missingValues.reduce(0) { $0 | 1 << UInt64(min($1.count, 63)) }
        let constraints = field.constraints
        let caster = self.caster
        func read(_ text: String?) -> CellValue? { text.flatMap { caster.cast($0) } }
        minimum = read(constraints.minimum)
        maximum = read(constraints.maximum)
        exclusiveMinimum = read(constraints.exclusiveMinimum)
        exclusiveMaximum = read(constraints.exclusiveMaximum)
        minLength = constraints.minLength
        maxLength = constraints.maxLength
        pattern = constraints.pattern.flatMap { try? XMLSchemaPattern($0) }
        let allowed = constraints.enumeration ?? field.categories
        enumeration = allowed.map { Set($0.compactMap { caster.cast($0) }) }
        // Strings read as written: the allowed values' bytes are the values.
        enumBytes = field.type == .string ? allowed.map { $0.map { Array($0.utf8) } } : nil
        hasBounds = minimum != nil || maximum != nil || exclusiveMinimum != nil || exclusiveMaximum != nil
        hasValueConstraints =
            hasBounds || minLength != nil || maxLength != nil || constraints.pattern != nil || allowed != nil
        required = constraints.required
        needsValue =
            inKey || constraints.unique || minimum != nil || maximum != nil || exclusiveMinimum != nil
            || exclusiveMaximum != nil || (enumeration != nil && field.type != .string)
            || ((minLength != nil || maxLength != nil) && field.type != .string)
        checksCells = typedRule != nil
            || !((field.type == .string || field.type == .any) && field.format == nil && constraints.isEmpty && !inKey)
    }

    /// A present cell's value, or nil when it is not of the field's type.
    @inline(__always)
    func cast(_ bytes: UnsafeBufferPointer<UInt8>) -> CellValue? {
        if let typedRule { return typedRule.cast(bytes) }
        return caster.cast(bytes)
    }

    /// Whether a present cell is of the field's type.
    @inline(__always)
    func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if let typedRule { return typedRule.cast(bytes) != nil }
        return caster.isValid(bytes)
    }

    /// Whether the cell is one of the field's missing values.
    @inline(__always)
    func isMissingValue(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if onlyEmptyIsMissing { return bytes.isEmpty }
        guard missingLengths & 1 << UInt64(min(bytes.count, 63)) != 0 else { return false }
        for value in missingValues where value.count == bytes.count {
            if value.withUnsafeBufferPointer({ $0.elementsEqual(bytes) }) { return true }
        }
        return false
    }

    /// The constraints a present value breaks, in the order Frictionless checks them
    /// (a type's `supported_constraints` order: lengths, bounds, pattern, enum).
    @inline(__always)
    func failedConstraints(_ bytes: UnsafeBufferPointer<UInt8>, _ value: CellValue?) -> FailedConstraints {
        var failed: FailedConstraints = []
        guard hasValueConstraints else { return failed }
        if minLength != nil || maxLength != nil {
            let length = field.type == .string ? PythonText.scalarCount(bytes) : value?.length
            if let length {
                if let minLength, length < minLength { failed.insert(.minLength) }
                if let maxLength, length > maxLength { failed.insert(.maxLength) }
            }
        }
        if let value, hasBounds {
            // A bound the value cannot be compared with (NaN) is not met, as in Frictionless.
            if let minimum, Self.compare(value, minimum) ?? -1 < 0 { failed.insert(.minimum) }
            if let maximum, Self.compare(value, maximum) ?? 1 > 0 { failed.insert(.maximum) }
            if let exclusiveMinimum, Self.compare(value, exclusiveMinimum) ?? -1 <= 0 { failed.insert(.exclusiveMinimum) }
            if let exclusiveMaximum, Self.compare(value, exclusiveMaximum) ?? 1 >= 0 { failed.insert(.exclusiveMaximum) }
        }
        if let pattern, !pattern.matches(bytes) { failed.insert(.pattern) }
        if let enumBytes {
            if !enumBytes.contains(where: { $0.elementsEqual(bytes) }) { failed.insert(.enumeration) }
        } else if let enumeration, let value, !enumeration.contains(value) {
            failed.insert(.enumeration)
        }
        return failed
    }

    /// `compare` with the common cases (integers, numbers) inline.
    @inline(__always)
    private static func compare(_ a: CellValue, _ b: CellValue) -> Int? {
        switch (a, b) {
        case let (.integer(x), .integer(y)): return x < y ? -1 : (x == y ? 0 : 1)
        case let (.number(x), .number(y)):
            guard !x.isNaN else { return nil }
            return x < y ? -1 : (x == y ? 0 : 1)
        default:
            switch CellValue.compare(a, b) {
            case .orderedAscending?: return -1
            case .orderedSame?: return 0
            case .orderedDescending?: return 1
            case nil: return nil
            }
        }
    }

    /// The constraint as the schema wrote it, for messages: `minimum 18`.
    func describe(_ constraint: String) -> String {
        let c = field.constraints
        switch constraint {
        case "required": return "required"
        case "unique": return "unique"
        case "minimum": return "minimum \(c.minimum ?? "")"
        case "maximum": return "maximum \(c.maximum ?? "")"
        case "exclusiveMinimum": return "exclusiveMinimum \(c.exclusiveMinimum ?? "")"
        case "exclusiveMaximum": return "exclusiveMaximum \(c.exclusiveMaximum ?? "")"
        case "minLength": return "minLength \(c.minLength ?? 0)"
        case "maxLength": return "maxLength \(c.maxLength ?? 0)"
        case "pattern": return "pattern '\(c.pattern ?? "")'"
        case "enum":
            let values = (c.enumeration ?? field.categories ?? []).prefix(10).map { "'\($0)'" }.joined(separator: ", ")
            return "enum [\(values)\((c.enumeration ?? field.categories ?? []).count > 10 ? ", …" : "")]"
        default: return constraint
        }
    }
}

/// The constraints a cell breaks, as a set cheap to return per cell.
struct FailedConstraints: OptionSet, Sendable {
    let rawValue: UInt16
    static let minLength = FailedConstraints(rawValue: 1 << 0)
    static let maxLength = FailedConstraints(rawValue: 1 << 1)
    static let minimum = FailedConstraints(rawValue: 1 << 2)
    static let maximum = FailedConstraints(rawValue: 1 << 3)
    static let exclusiveMinimum = FailedConstraints(rawValue: 1 << 4)
    static let exclusiveMaximum = FailedConstraints(rawValue: 1 << 5)
    static let pattern = FailedConstraints(rawValue: 1 << 6)
    static let enumeration = FailedConstraints(rawValue: 1 << 7)

    /// The constraints' Table Schema names, in Frictionless's order.
    var names: [String] {
        let all: [(FailedConstraints, String)] = [
            (.minLength, "minLength"), (.maxLength, "maxLength"), (.minimum, "minimum"), (.maximum, "maximum"),
            (.exclusiveMinimum, "exclusiveMinimum"), (.exclusiveMaximum, "exclusiveMaximum"), (.pattern, "pattern"),
            (.enumeration, "enum"),
        ]
        return all.filter { contains($0.0) }.map(\.1)
    }
}
