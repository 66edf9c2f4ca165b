/// `number` cells checked against bounds. Plain decimals (`-?[0-9]+(\.[0-9]+)?`, at most
/// 15 digits, read exactly as ``NumberParser`` reads them) are read in one pass; a field
/// with `decimalChar`, `groupChar` or `bareNumber: false` reads each cell with the
/// field's own reader, as the general path does.
struct NumberRule: KernelRule, Sendable {
    /// Inclusive bounds (infinite when absent).
    let minimum: Double
    let maximum: Double
    /// Exclusive bounds, when given.
    let exclusiveMinimum: Double?
    let exclusiveMaximum: Double?
    /// The field's reader when it processes the text (nil: plain decimals only).
    let reader: NumberReader?

    init?(_ field: CompiledField, reader: NumberReader) {
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
        self.reader = reader.processes ? reader : nil
    }

    @inline(__always)
    func verdict(_ bytes: UnsafeBufferPointer<UInt8>) -> KernelVerdict {
        // A NaN is never within the bounds here: the general path judges it.
        let read = if let reader { reader.read(bytes) } else { NumberParser.plainDecimal(bytes) }
        guard let value = read, value >= minimum, value <= maximum else { return .undecided }
        if let exclusiveMinimum, !(value > exclusiveMinimum) { return .undecided }
        if let exclusiveMaximum, !(value < exclusiveMaximum) { return .undecided }
        return .clean
    }
}
