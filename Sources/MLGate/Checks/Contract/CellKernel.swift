/// A field's fast path through the contract.
///
/// For the common shapes of the common fields — integers and decimals against numeric
/// bounds, strings against lengths, patterns and allowed lists (and as keys), dates and
/// times against bounds, cells that only need their type checked — a kernel decides
/// straight from the cell's bytes that a present cell breaks nothing, without the
/// general path's per-cell work. It never records anything: a cell it cannot settle as
/// clean (a problem, or a shape it does not know, such as `+5`, ` 5` or `1e3`) goes to
/// the general path, which finds and records exactly what Frictionless would. So a kernel
/// may only ever say less than the general path, never something else;
/// `ContractKernelTests` holds every kernel to that.
enum CellKernel: Sendable {
    /// An `integer` field whose constraints are integer bounds and an integer `enum`; it
    /// may be a key of its own and a part of other keys.
    case integer(IntegerRule)
    /// A `number` field with numeric bounds and no `enum`.
    case number(NumberRule)
    /// A `string` field (any format) with lengths, a pattern, allowed values; it may be
    /// a key of its own and a part of other keys.
    case string(StringRule)
    /// A `date`, `time` or `datetime` field (any format) with bounds.
    case moment(MomentRule)
    /// A field of another type with no value constraints and no key: only its type is
    /// checked.
    case typeOnly(TypeRule)
    /// Every cell through the general path.
    case none

    /// The kernel for `field`, or `.none` when its cells need the general path.
    ///
    /// `ownKey`: the field is, alone, a unique key (its own `unique`, or a one-field
    /// primary or unique key); `collected`: its values make up a key of several fields or
    /// a foreign key, so a kernel must give each clean cell's value (only the integer and
    /// string kernels do).
    static func make(for field: CompiledField, ownKey: Bool, collected: Bool) -> CellKernel {
        let constraints = field.field.constraints
        guard field.typedRule == nil else { return .none }
        switch field.caster.kind {
        case .integer(let bare):
            guard constraints.minLength == nil, constraints.maxLength == nil, constraints.pattern == nil else { return .none }
            return IntegerRule(field, bare: bare).map { .integer($0) } ?? .none
        case .string:
            return StringRule(field, givesValue: ownKey || collected).map { .string($0) } ?? .none
        default:
            break
        }
        guard !ownKey, !collected, constraints.minLength == nil, constraints.maxLength == nil, constraints.pattern == nil
        else { return .none }
        switch field.caster.kind {
        case .number(let reader):
            return NumberRule(field, reader: reader).map { .number($0) } ?? .none
        case _ where !field.hasValueConstraints && !field.needsValue:
            return .typeOnly(TypeRule(caster: field.caster))
        case .date, .time, .datetime:
            return MomentRule(field).map { .moment($0) } ?? .none
        default:
            return .none
        }
    }
}

/// What a kernel concluded about one present cell (never a missing value).
enum KernelVerdict: Equatable {
    /// Of its type and within every constraint.
    case clean
    /// Clean, and its value is this integer (for the field's keys).
    case cleanInteger(Int)
    /// Clean, and its value is the cell's text, which is valid UTF-8 (for the field's
    /// keys: its key bytes are the cell's bytes).
    case cleanString
    /// Not settled here: the general path decides (and records).
    case undecided
}

/// A kernel's per-cell decision, specialised per rule in the validator's loop.
protocol KernelRule {
    func verdict(_ bytes: UnsafeBufferPointer<UInt8>) -> KernelVerdict
    /// Whether it settles cells held as numbers (``NumberColumn``) by their values.
    var readsHeldNumbers: Bool { get }
    /// The verdict on a present cell held as a double (finite or not): what the verdict
    /// on its text (``ParquetText``) would be, or undecided.
    func verdict(double: Double) -> KernelVerdict
    /// The verdict on a present cell held as an integer, likewise.
    func verdict(integer: Int64) -> KernelVerdict
    /// The verdict on a present cell held as a date or an instant, likewise.
    func verdict(moment: Int64, form: NumberColumn.MomentForm) -> KernelVerdict
}

extension KernelRule {
    var readsHeldNumbers: Bool { false }
    func verdict(double: Double) -> KernelVerdict { .undecided }
    func verdict(integer: Int64) -> KernelVerdict { .undecided }
    func verdict(moment: Int64, form: NumberColumn.MomentForm) -> KernelVerdict { .undecided }
}
