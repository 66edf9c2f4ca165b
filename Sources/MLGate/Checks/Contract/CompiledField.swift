/// One schema field made ready for the hot loop: its caster, its missing values as
/// bytes, and its constraints read with its own type.
struct CompiledField: Sendable {
    /// The field as the schema declares it.
    let field: SchemaField
    /// The table column it reads (0-based): Frictionless's field number minus one.
    let column: Int
    let caster: FieldCaster
    /// The cells that mean "no value": Frictionless compares them exactly.
    let missingValues: [[UInt8]]
    let onlyEmptyIsMissing: Bool

    let minimum: CellValue?
    let maximum: CellValue?
    let exclusiveMinimum: CellValue?
    let exclusiveMaximum: CellValue?
    let minLength: Int?
    let maxLength: Int?
    let pattern: XMLSchemaPattern?
    let enumeration: Set<CellValue>?
    let required: Bool
    /// Whether the cell's value must be built (constraints on it, or a key uses it).
    let needsValue: Bool
    /// Whether any cell can fail at all: a string field without format or constraints
    /// only needs its missing cells found.
    let checksCells: Bool

    init(field: SchemaField, column: Int, schemaMissingValues: [String], inKey: Bool) throws(FieldCastError) {
        self.field = field
        self.column = column
        caster = try FieldCaster(type: field.type, format: field.format, options: field.options)
        let missing = field.missingValues ?? schemaMissingValues
        missingValues = missing.map { Array($0.utf8) }
        onlyEmptyIsMissing = missing == [""]
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
        required = constraints.required
        needsValue =
            inKey || constraints.unique || minimum != nil || maximum != nil || exclusiveMinimum != nil
            || exclusiveMaximum != nil || enumeration != nil || ((minLength != nil || maxLength != nil) && field.type != .string)
        checksCells = !((field.type == .string || field.type == .any) && field.format == nil && constraints.isEmpty && !inKey)
    }

    /// Whether the cell is one of the field's missing values.
    @inline(__always)
    func isMissingValue(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if onlyEmptyIsMissing { return bytes.isEmpty }
        for value in missingValues where value.count == bytes.count {
            if value.withUnsafeBufferPointer({ $0.elementsEqual(bytes) }) { return true }
        }
        return false
    }

    /// The constraints a present value breaks, in the order Frictionless checks them.
    func failedConstraints(_ bytes: UnsafeBufferPointer<UInt8>, _ value: CellValue?) -> [String] {
        var failed: [String] = []
        if minLength != nil || maxLength != nil {
            let length = field.type == .string ? Self.scalarCount(bytes) : value?.length
            if let length {
                if let minLength, length < minLength { failed.append("minLength") }
                if let maxLength, length > maxLength { failed.append("maxLength") }
            }
        }
        if let value {
            if let minimum, CellValue.compare(value, minimum) == .orderedAscending { failed.append("minimum") }
            if let maximum, CellValue.compare(value, maximum) == .orderedDescending { failed.append("maximum") }
            if let exclusiveMinimum, CellValue.compare(value, exclusiveMinimum) != .orderedDescending {
                failed.append("exclusiveMinimum")
            }
            if let exclusiveMaximum, CellValue.compare(value, exclusiveMaximum) != .orderedAscending {
                failed.append("exclusiveMaximum")
            }
        }
        if let pattern, !pattern.matches(bytes) { failed.append("pattern") }
        if let enumeration, let value, !enumeration.contains(value) { failed.append("enum") }
        return failed
    }

    /// Unicode scalars in UTF-8 bytes: Python's `len` of the string.
    static func scalarCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        for byte in bytes where byte & 0xC0 != 0x80 { count += 1 }
        return count
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
