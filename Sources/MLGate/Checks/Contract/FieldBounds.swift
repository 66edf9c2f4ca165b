/// A field's four bounds (`minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`)
/// read as one kind of value, each nil when the schema does not set it: what a kernel
/// compares numbers against, what the SQL engines compare texts against.
struct FieldBounds<Value> {
    var minimum: Value?
    var maximum: Value?
    var exclusiveMinimum: Value?
    var exclusiveMaximum: Value?

    /// `field`'s bounds read through `read`; nil when a bound is set but `read` does not
    /// give it (the caller then leaves the field to the general path).
    init?(_ field: CompiledField, read: (CellValue) -> Value?) {
        func bound(_ value: CellValue?) -> Value?? {
            guard let value else { return .some(nil) }
            return read(value).map { .some($0) }
        }
        guard let minimum = bound(field.minimum), let maximum = bound(field.maximum),
              let exclusiveMinimum = bound(field.exclusiveMinimum), let exclusiveMaximum = bound(field.exclusiveMaximum)
        else { return nil }
        self.minimum = minimum
        self.maximum = maximum
        self.exclusiveMinimum = exclusiveMinimum
        self.exclusiveMaximum = exclusiveMaximum
    }
}
