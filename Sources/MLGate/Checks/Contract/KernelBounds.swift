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
        /// `.some(nil)` when the bound is absent.
        func bound(_ value: CellValue?) -> Double?? {
            guard let value else { return .some(nil) }
            return read(value).map { .some($0) }
        }
        guard let minimum = bound(field.minimum), let maximum = bound(field.maximum),
              let exclusiveMinimum = bound(field.exclusiveMinimum), let exclusiveMaximum = bound(field.exclusiveMaximum)
        else { return nil }
        self.minimum = minimum ?? -.infinity
        self.maximum = maximum ?? .infinity
        self.exclusiveMinimum = exclusiveMinimum
        self.exclusiveMaximum = exclusiveMaximum
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
