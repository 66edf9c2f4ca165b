/// A `date`, `time` or `datetime` field (any format) with bounds and no `enum`: the
/// cell's moment — days for a date, seconds for a time or datetime, as ``CellValue``
/// holds them — against the bounds. A default-format date of the common shape
/// `YYYY-MM-DD` is read in one pass; any other cell with the field's reader, as the
/// general path reads it.
struct MomentRule: KernelRule, Sendable {
    let caster: FieldCaster
    /// Whether the plain `YYYY-MM-DD` reading applies (a default-format date).
    let plainDates: Bool
    let bounds: KernelBounds

    init?(_ field: CompiledField) {
        guard field.enumeration == nil, let bounds = KernelBounds(field, read: Self.moment) else { return nil }
        caster = field.caster
        if case .date(.default) = field.caster.kind { plainDates = true } else { plainDates = false }
        self.bounds = bounds
    }

    /// The number a date, time or datetime compares by (days are exact as a `Double`).
    @inline(__always)
    static func moment(_ value: CellValue) -> Double? {
        switch value {
        case .date(let days): Double(days)
        case .time(let seconds), .datetime(let seconds): seconds.isNaN ? nil : seconds
        default: nil
        }
    }

    @inline(__always)
    func verdict(_ bytes: UnsafeBufferPointer<UInt8>) -> KernelVerdict {
        let read: Double?
        if plainDates, let days = PlainDateTime.plainDays(bytes) {
            read = Double(days)
        } else {
            read = caster.cast(bytes).flatMap(Self.moment)
        }
        guard let value = read, bounds.contains(value) else { return .undecided }
        return .clean
    }

    /// A default-format date or datetime settles a Parquet DATE or TIMESTAMP column's
    /// values without their text (``NumberColumn/Values/moments(_:_:)``).
    var readsHeldNumbers: Bool { NumberColumn.MomentForm.settles(caster.kind) }

    /// A held date within the bounds is clean; so is a held instant when the whole
    /// second it falls in lies within them, from its start to the next second's (the
    /// text's seconds, fraction and all, then lie within them too: bounds make an
    /// interval). Years the default formats do not read are left to the general path.
    func verdict(moment: Int64, form: NumberColumn.MomentForm) -> KernelVerdict {
        guard let whole = form.readable(moment, as: caster.kind) else { return .undecided }
        switch form {
        case .date: return bounds.contains(Double(whole)) ? .clean : .undecided
        case .timestamp: return bounds.contains(Double(whole)) && bounds.contains(Double(whole) + 1) ? .clean : .undecided
        }
    }
}
