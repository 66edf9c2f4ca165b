/// A field's numeric bounds as a kernel compares them: each bound read as a `Double`
/// (numbers; days and seconds for dates, times and datetimes), the inclusive ones
/// infinite when absent.
struct KernelBounds: Sendable {
    let minimum: Double
    let maximum: Double
    let exclusiveMinimum: Double?
    let exclusiveMaximum: Double?

    /// Nil when a bound is there but `read` does not give it (the kernel does not compare
    /// such a bound: the general path does).
    init?(_ field: CompiledField, read: (CellValue) -> Double?) {
        guard let bounds = FieldBounds(field, read: read) else { return nil }
        minimum = bounds.minimum ?? -.infinity
        maximum = bounds.maximum ?? .infinity
        exclusiveMinimum = bounds.exclusiveMinimum
        exclusiveMaximum = bounds.exclusiveMaximum
    }

    /// Whether `value` is within every bound (never a NaN).
    @inline(__always)
    func contains(_ value: Double) -> Bool {
        guard value >= minimum, value <= maximum else { return false }
        if let exclusiveMinimum, !(value > exclusiveMinimum) { return false }
        if let exclusiveMaximum, !(value < exclusiveMaximum) { return false }
        return true
    }
}
