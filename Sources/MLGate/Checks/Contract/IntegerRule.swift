/// `integer` cells written as `-?[0-9]{1,18}` (what `int()` reads without surprises;
/// with `bareNumber: false`, once the characters around the number are removed as the
/// general reader removes them), checked against inclusive bounds and an allowed set.
struct IntegerRule: KernelRule, Sendable {
    let lowest: Int
    let highest: Int
    /// The allowed values: a few are scanned, more are hashed.
    let allowed: [Int]?
    let allowedSet: Set<Int>?
    /// `bareNumber`: false reads the number inside text such as `5 pcs` or `$12`.
    let bare: Bool

    init?(_ field: CompiledField, bare: Bool) {
        self.bare = bare
        var lowest = Int.min, highest = Int.max
        // A bound that is not an integer is left to the general path.
        guard let bounds = FieldBounds(field, read: \.integerValue) else { return nil }
        if let minimum = bounds.minimum { lowest = max(lowest, minimum) }
        if let maximum = bounds.maximum { highest = min(highest, maximum) }
        if let exclusiveMinimum = bounds.exclusiveMinimum {
            guard exclusiveMinimum < Int.max else { return nil }
            lowest = max(lowest, exclusiveMinimum + 1)
        }
        if let exclusiveMaximum = bounds.exclusiveMaximum {
            guard exclusiveMaximum > Int.min else { return nil }
            highest = min(highest, exclusiveMaximum - 1)
        }
        self.lowest = lowest
        self.highest = highest
        if let enumeration = field.enumeration {
            // Values beyond Int (`bigInteger`) can never equal a cell the kernel reads.
            let values = enumeration.compactMap(\.integerValue).sorted()
            allowed = values.count <= 16 ? values : nil
            allowedSet = values.count <= 16 ? nil : Set(values)
        } else {
            allowed = nil
            allowedSet = nil
        }
    }

    @inline(__always)
    func verdict(_ bytes: UnsafeBufferPointer<UInt8>) -> KernelVerdict {
        let read = bare ? Self.plainInteger(bytes)
            : Self.plainInteger(UnsafeBufferPointer(rebasing: bytes[NumberCast.unbare(bytes, PythonText.strip(bytes))]))
        guard let value = read, value >= lowest, value <= highest else { return .undecided }
        // Read in place (`if let` would copy each, retaining what it holds, per cell).
        if allowed?.contains(value) == false { return .undecided }
        if allowedSet?.contains(value) == false { return .undecided }
        return .cleanInteger(value)
    }

    /// A bare field's integers held as numbers: their texts are the digits the kernel
    /// reads when at most 18 bytes long.
    var readsHeldNumbers: Bool { bare }

    @inline(__always)
    func verdict(integer: Int64) -> KernelVerdict {
        // The text's length: `-` and 17 digits, or 18 digits (longer: the general path).
        guard bare, integer > -100_000_000_000_000_000, integer < 1_000_000_000_000_000_000 else { return .undecided }
        let value = Int(integer)
        guard value >= lowest, value <= highest else { return .undecided }
        if allowed?.contains(value) == false { return .undecided }
        if allowedSet?.contains(value) == false { return .undecided }
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
