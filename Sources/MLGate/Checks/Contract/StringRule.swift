/// A `string` field (any format) whose constraints are among `minLength`, `maxLength`,
/// `pattern` and `enum`, and which may be a key: a cell is clean when it is of the
/// format, its length (Unicode scalars, as Python counts) is within bounds, the pattern's
/// automaton matches it and it is one of the allowed values.
///
/// A string's key bytes (``KeyBytes``) are its UTF-8 bytes, so a cell that is valid
/// UTF-8 gives its key without a `String` being built; a cell that is not (repaired by
/// the general path's reading) is left to the general path.
struct StringRule: KernelRule, Sendable {
    /// The format's check; nil for the default format, which every cell has.
    let format: TypeRule?
    let minLength: Int
    let maxLength: Int
    let checksLength: Bool
    let pattern: XMLSchemaPattern?
    let allowed: AllowedStrings?
    /// Whether a clean cell's value is wanted (the field is in a key): the verdict is
    /// then ``KernelVerdict/cleanString``.
    let givesValue: Bool

    init?(_ field: CompiledField, givesValue: Bool) {
        guard !field.hasBounds else { return nil }
        if case .string(.default) = field.caster.kind { format = nil } else { format = TypeRule(caster: field.caster) }
        minLength = field.minLength ?? 0
        maxLength = field.maxLength ?? Int.max
        checksLength = field.minLength != nil || field.maxLength != nil
        pattern = field.pattern
        allowed = field.enumBytes.map(AllowedStrings.init)
        self.givesValue = givesValue
    }

    @inline(__always)
    func verdict(_ bytes: UnsafeBufferPointer<UInt8>) -> KernelVerdict {
        // Optional chaining reads each rule in place: `if let` would copy it (and
        // retain and release what it holds) for every cell.
        if case .undecided? = format?.verdict(bytes) { return .undecided }
        if checksLength {
            let length = PythonText.scalarCount(bytes)
            guard length >= minLength, length <= maxLength else { return .undecided }
        }
        if allowed?.contains(bytes) == false { return .undecided }
        if pattern?.matches(bytes) == false { return .undecided }
        guard givesValue else { return .clean }
        return Self.isUTF8(bytes) ? .cleanString : .undecided
    }

    /// Whether the bytes are valid UTF-8 (so that `String(decoding:as:)` keeps them).
    @inline(__always)
    static func isUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var high: UInt8 = 0
        for byte in bytes { high |= byte }
        return high < 0x80 || String(validating: bytes, as: UTF8.self) != nil
    }
}

/// A string field's allowed values, compared as bytes (strings read as written).
///
/// Values of at most eight bytes (categories, codes) are also kept as one word each
/// (``ShortBytes``): a short cell is one word load and a compare per value of its
/// length, instead of a byte loop per value.
struct AllowedStrings: Sendable {
    /// The values by length: `byLength[n]` holds the allowed values of n bytes.
    private let byLength: [[[UInt8]]]
    /// The values of at most ``ShortBytes/limit`` bytes as words, and their lengths (at most
    /// ``shortLimit`` values: more are left to `byLength`).
    private let shortWords: [UInt64]
    private let shortCounts: [Int]
    /// Whether every value short enough is in `shortWords`.
    private let shortComplete: Bool
    static let shortLimit = 16

    init(_ values: [[UInt8]]) {
        var byLength = [[[UInt8]]](repeating: [], count: (values.map(\.count).max() ?? 0) + 1)
        for value in values where !byLength[value.count].contains(value) { byLength[value.count].append(value) }
        self.byLength = byLength
        let short = byLength.prefix(ShortBytes.limit + 1).flatMap { $0 }
        shortComplete = short.count <= Self.shortLimit
        shortWords = shortComplete ? short.map { value in value.withUnsafeBufferPointer { ShortBytes.word($0) } } : []
        shortCounts = shortComplete ? short.map(\.count) : []
    }

    @inline(__always)
    func contains(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = bytes.count
        if count <= ShortBytes.limit, shortComplete {
            let word = ShortBytes.word(bytes)
            for index in shortWords.indices where shortWords[index] == word && shortCounts[index] == count { return true }
            return false
        }
        guard count < byLength.count else { return false }
        candidates: for value in byLength[count] {
            for index in 0..<count where value[index] != bytes[index] { continue candidates }
            return true
        }
        return false
    }
}
