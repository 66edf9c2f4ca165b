/// `number` cells checked against bounds. Plain decimals (`-?[0-9]+(\.[0-9]+)?`, at most
/// 15 digits, read exactly as ``NumberParser`` reads them) are read in one pass; a field
/// with `decimalChar`, `groupChar` or `bareNumber: false` reads each cell with the
/// field's own reader, as the general path does.
struct NumberRule: KernelRule, Sendable {
    let bounds: KernelBounds
    /// The field's reader when it processes the text (nil: plain decimals only).
    let reader: NumberReader?

    init?(_ field: CompiledField, reader: NumberReader) {
        guard field.enumeration == nil else { return nil }
        // A NaN bound is never met: the general path reports every cell.
        guard let bounds = KernelBounds(field, read: { value in
            if case .number(let number) = value, !number.isNaN { number } else { nil }
        }) else { return nil }
        self.bounds = bounds
        self.reader = reader.processes ? reader : nil
    }

    @inline(__always)
    func verdict(_ bytes: UnsafeBufferPointer<UInt8>) -> KernelVerdict {
        // A NaN is never within the bounds here: the general path judges it.
        // The reader read in place (`if let` would copy it per cell).
        let read = reader == nil ? NumberParser.plainDecimal(bytes) : reader?.read(bytes)
        guard let value = read, bounds.contains(value) else { return .undecided }
        return .clean
    }

    /// The verdict on a cell that is a plain decimal, from its value as
    /// ``NumberParser/plainDecimal(_:)`` reads it (``ParsedNumbers``): as ``verdict(_:)``
    /// judges its text, for a field without its own number format.
    @inline(__always)
    func verdict(plain value: Double) -> KernelVerdict {
        reader == nil && bounds.contains(value) ? .clean : .undecided
    }

    /// A field without its own number format reads numbers held as doubles and
    /// integers: the texts the reader writes for them parse back to them (a double's
    /// shortest text, an integer's digits), and the general path compares them as
    /// doubles, as here.
    var readsHeldNumbers: Bool { reader == nil }

    @inline(__always)
    func verdict(double: Double) -> KernelVerdict {
        // Infinities and NaN (texts `inf`, `-inf` and empty) go the general path.
        reader == nil && double.isFinite && bounds.contains(double) ? .clean : .undecided
    }

    @inline(__always)
    func verdict(integer: Int64) -> KernelVerdict {
        // Integers beyond 2^53 are not all doubles: the general path reads their digits.
        guard reader == nil, integer.magnitude <= 1 << 53 else { return .undecided }
        return bounds.contains(Double(integer)) ? .clean : .undecided
    }
}
