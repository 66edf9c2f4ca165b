/// A field's fast path through the contract.
///
/// For the common shapes of the common fields — plain integers and decimals against
/// numeric bounds, strings from an allowed list, cells that only need their type
/// checked — a kernel decides straight from the cell's bytes that a present cell breaks
/// nothing, without building a ``CellValue``. It never records anything: a cell it
/// cannot settle as clean (a problem, or a shape it does not know, such as `+5`, ` 5`
/// or `1e3`) goes to the general path, which finds and records exactly what
/// Frictionless would. So a kernel may only ever say less than the general path, never
/// something else; `ContractKernelTests` holds every kernel to that.
enum CellKernel: Sendable {
    /// An `integer` field (bare numbers) whose constraints are integer bounds and an
    /// integer `enum`; it may be a key of its own.
    case integer(IntegerRule)
    /// A `number` field read as plain decimals (no `groupChar`, `decimalChar` "."), with
    /// numeric bounds and no `enum`.
    case number(NumberRule)
    /// A `string` field (default format) whose only value constraint is `enum`.
    case allowedStrings(AllowedStrings)
    /// A `string` field (any format) whose only value constraint is `pattern`.
    case pattern(PatternRule)
    /// A field of another type with no value constraints and no key: only its type is
    /// checked.
    case typeOnly(TypeRule)
    /// Every cell through the general path.
    case none

    /// The kernel for `field`, or `.none` when its cells need the general path.
    ///
    /// `ownKey`: the field is, alone, a unique key (its own `unique`, or a one-field
    /// primary or unique key); `inCompositeKey`: it is part of a key of several fields.
    static func make(for field: CompiledField, ownKey: Bool, inCompositeKey: Bool) -> CellKernel {
        let constraints = field.field.constraints
        guard !inCompositeKey, field.checksCells, field.typedRule == nil, constraints.minLength == nil,
              constraints.maxLength == nil
        else { return .none }
        if let pattern = field.pattern {
            guard case .string = field.caster.kind, !ownKey, field.enumBytes == nil else { return .none }
            return .pattern(PatternRule(caster: field.caster, pattern: pattern))
        }
        guard constraints.pattern == nil else { return .none }
        switch field.caster.kind {
        case .integer(bareNumber: true):
            return IntegerRule(field).map { .integer($0) } ?? .none
        case .number(let reader) where !reader.processes:
            guard !ownKey else { return .none }
            return NumberRule(field).map { .number($0) } ?? .none
        case .string(.default):
            guard !ownKey else { return .none }
            if let allowed = field.enumBytes { return .allowedStrings(AllowedStrings(allowed)) }
            return field.hasValueConstraints ? .none : .typeOnly(TypeRule(caster: field.caster))
        default:
            guard !ownKey, !field.hasValueConstraints, !field.needsValue else { return .none }
            return .typeOnly(TypeRule(caster: field.caster))
        }
    }
}

/// What a kernel concluded about one present cell (never a missing value).
enum KernelVerdict {
    /// Of its type and within every constraint.
    case clean
    /// Clean, and its value is this integer (for the field's own key).
    case cleanInteger(Int)
    /// Not settled here: the general path decides (and records).
    case undecided
}

/// A kernel's per-cell decision, specialised per rule in the validator's loop.
protocol KernelRule {
    func verdict(_ bytes: UnsafeBufferPointer<UInt8>) -> KernelVerdict
}

/// `integer` cells written as `-?[0-9]{1,18}` (what `int()` reads without surprises),
/// checked against inclusive bounds and an allowed set.
struct IntegerRule: KernelRule, Sendable {
    let lowest: Int
    let highest: Int
    /// The allowed values: a few are scanned, more are hashed.
    let allowed: [Int]?
    let allowedSet: Set<Int>?

    init?(_ field: CompiledField) {
        var lowest = Int.min, highest = Int.max
        func integer(_ value: CellValue?) -> Int?? {
            guard let value else { return .some(nil) }  // no bound
            if case .integer(let integer) = value { return .some(integer) }
            return nil  // a bound the kernel does not compare
        }
        guard let minimum = integer(field.minimum), let maximum = integer(field.maximum),
              let exclusiveMinimum = integer(field.exclusiveMinimum), let exclusiveMaximum = integer(field.exclusiveMaximum)
        else { return nil }
        if let minimum { lowest = max(lowest, minimum) }
        if let maximum { highest = min(highest, maximum) }
        if let exclusiveMinimum {
            guard exclusiveMinimum < Int.max else { return nil }
            lowest = max(lowest, exclusiveMinimum + 1)
        }
        if let exclusiveMaximum {
            guard exclusiveMaximum > Int.min else { return nil }
            highest = min(highest, exclusiveMaximum - 1)
        }
        self.lowest = lowest
        self.highest = highest
        if let enumeration = field.enumeration {
            // Values beyond Int (`bigInteger`) can never equal a cell the kernel reads.
            let values = enumeration.compactMap { if case .integer(let value) = $0 { value } else { nil } }.sorted()
            allowed = values.count <= 16 ? values : nil
            allowedSet = values.count <= 16 ? nil : Set(values)
        } else {
            allowed = nil
            allowedSet = nil
        }
    }

    @inline(__always)
    func verdict(_ bytes: UnsafeBufferPointer<UInt8>) -> KernelVerdict {
        guard let value = Self.plainInteger(bytes), value >= lowest, value <= highest else { return .undecided }
        if let allowed, !allowed.contains(value) { return .undecided }
        if let allowedSet, !allowedSet.contains(value) { return .undecided }
        return .cleanInteger(value)
    }

    /// `-?[0-9]{1,18}` as an `Int`; nil for anything else.
    @inline(__always)
    static func plainInteger(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let count = bytes.count
        guard count > 0, count <= 18 else { return nil }
        var index = 0
        let negative = bytes[0] == UInt8(ascii: "-")
        if negative {
            guard count > 1 else { return nil }
            index = 1
        }
        var value = 0
        while index < count {
            let digit = bytes[index] &- 48
            guard digit < 10 else { return nil }
            value = value &* 10 &+ Int(digit)
            index += 1
        }
        return negative ? -value : value
    }
}

/// `number` cells written as `-?[0-9]+(\.[0-9]+)?` with at most 15 digits (read
/// exactly, as ``NumberParser`` reads them), checked against bounds.
struct NumberRule: KernelRule, Sendable {
    /// Inclusive bounds (infinite when absent).
    let minimum: Double
    let maximum: Double
    /// Exclusive bounds, when given.
    let exclusiveMinimum: Double?
    let exclusiveMaximum: Double?

    init?(_ field: CompiledField) {
        guard field.enumeration == nil else { return nil }
        /// The bound as a number: `.some(nil)` when absent, nil when the kernel does not
        /// compare it (a NaN bound is never met: the general path reports every cell).
        func number(_ value: CellValue?) -> Double?? {
            guard let value else { return .some(nil) }
            if case .number(let number) = value, !number.isNaN { return .some(number) }
            return nil
        }
        guard let minimum = number(field.minimum), let maximum = number(field.maximum),
              let exclusiveMinimum = number(field.exclusiveMinimum), let exclusiveMaximum = number(field.exclusiveMaximum)
        else { return nil }
        self.minimum = minimum ?? -.infinity
        self.maximum = maximum ?? .infinity
        self.exclusiveMinimum = exclusiveMinimum
        self.exclusiveMaximum = exclusiveMaximum
    }

    @inline(__always)
    func verdict(_ bytes: UnsafeBufferPointer<UInt8>) -> KernelVerdict {
        guard let value = NumberParser.plainDecimal(bytes), value >= minimum, value <= maximum else { return .undecided }
        if let exclusiveMinimum, !(value > exclusiveMinimum) { return .undecided }
        if let exclusiveMaximum, !(value < exclusiveMaximum) { return .undecided }
        return .clean
    }
}

/// A string field's allowed values, compared as bytes (strings read as written).
struct AllowedStrings: KernelRule, Sendable {
    /// The values by length: `byLength[n]` holds the allowed values of n bytes.
    private let byLength: [[[UInt8]]]

    init(_ values: [[UInt8]]) {
        var byLength = [[[UInt8]]](repeating: [], count: (values.map(\.count).max() ?? 0) + 1)
        for value in values where !byLength[value.count].contains(value) { byLength[value.count].append(value) }
        self.byLength = byLength
    }

    @inline(__always)
    func verdict(_ bytes: UnsafeBufferPointer<UInt8>) -> KernelVerdict {
        let count = bytes.count
        guard count < byLength.count else { return .undecided }
        candidates: for value in byLength[count] {
            for index in 0..<count where value[index] != bytes[index] { continue candidates }
            return .clean
        }
        return .undecided
    }
}

/// A field that only needs its type checked (integers and numbers take their own
/// kernels): the common shapes of dates and datetimes are settled at once, e-mails by
/// their rule directly; everything else by the caster's own validity test.
struct TypeRule: KernelRule, Sendable {
    let caster: FieldCaster
    private let shape: Shape

    private enum Shape { case date, datetime, email, other }

    init(caster: FieldCaster) {
        self.caster = caster
        switch caster.kind {
        case .date(.default): shape = .date
        case .datetime(.default): shape = .datetime
        case .string(.email): shape = .email
        default: shape = .other
        }
    }

    @inline(__always)
    func verdict(_ bytes: UnsafeBufferPointer<UInt8>) -> KernelVerdict {
        switch shape {
        case .date:
            return PlainDateTime.isPlainDate(bytes) || FieldCaster.defaultDate(bytes) != nil ? .clean : .undecided
        case .datetime: if PlainDateTime.isPlainDatetime(bytes) { return .clean }
        case .email: return StringFormats.isEmail(bytes) ? .clean : .undecided
        case .other: break
        }
        return caster.isValid(bytes) ? .clean : .undecided
    }
}

/// A string field's `pattern` (and its format, if any): the cell is clean when it is of
/// the type and the pattern's automaton matches it.
struct PatternRule: KernelRule, Sendable {
    /// The format's check; nil for the default format, which every cell has.
    let type: TypeRule?
    let pattern: XMLSchemaPattern

    init(caster: FieldCaster, pattern: XMLSchemaPattern) {
        if case .string(.default) = caster.kind { type = nil } else { type = TypeRule(caster: caster) }
        self.pattern = pattern
    }

    @inline(__always)
    func verdict(_ bytes: UnsafeBufferPointer<UInt8>) -> KernelVerdict {
        if let type, case .undecided = type.verdict(bytes) { return .undecided }
        return pattern.matches(bytes) ? .clean : .undecided
    }
}
