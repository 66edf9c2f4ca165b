/// A field that only needs its type checked (integers and numbers take their own
/// kernels): the common shapes of dates and datetimes are settled at once, e-mails and
/// UUIDs by their rules directly; everything else by the caster's own validity test.
struct TypeRule: KernelRule, Sendable {
    let caster: FieldCaster
    private let shape: Shape

    private enum Shape { case date, datetime, email, uuid, other }

    init(caster: FieldCaster) {
        self.caster = caster
        switch caster.kind {
        case .date(.default): shape = .date
        case .datetime(.default): shape = .datetime
        case .string(.email): shape = .email
        case .string(.uuid): shape = .uuid
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
        case .uuid: if StringFormats.isPlainUUID(bytes) { return .clean }
        case .other: break
        }
        return caster.isValid(bytes) ? .clean : .undecided
    }

    /// A default date or datetime settles a Parquet DATE or TIMESTAMP column's values
    /// without their text (``NumberColumn/Values/moments(_:_:)``).
    var readsHeldNumbers: Bool { NumberColumn.MomentForm.settles(caster.kind) }

    /// A held date (of a date field) or instant (of a datetime field) is clean when its
    /// text is one the default format reads: years 1 to 9999 (the fraction of a second
    /// reads in every unit).
    func verdict(moment: Int64, form: NumberColumn.MomentForm) -> KernelVerdict {
        form.readable(moment, as: caster.kind) == nil ? .undecided : .clean
    }
}
