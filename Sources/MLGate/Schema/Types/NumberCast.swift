/// Reading `number` and `integer` cells as frictionless-py does
/// (frictionless/fields/number.py, frictionless/fields/integer.py).
enum NumberCast {
    /// Python's `Decimal(text)` (frictionless reads numbers as `Decimal`): surrounding
    /// whitespace and every `_` ignored, then `[sign] digits [. digits] [e [sign] digits]`,
    /// `Inf`/`Infinity`, `NaN`/`sNaN` (with payload digits), case-insensitive.
    /// The value as a correctly rounded `Double`, or nil.
    static func decimal(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        let range = PythonText.strip(bytes)
        var hasUnderscore = false
        for index in range where bytes[index] == UInt8(ascii: "_") {
            hasUnderscore = true
            break
        }
        if !hasUnderscore { return decimalGrammar(UnsafeBufferPointer(rebasing: bytes[range])) }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(range.count, 1)) { buffer in
            var count = 0
            for index in range where bytes[index] != UInt8(ascii: "_") {
                buffer[count] = bytes[index]
                count += 1
            }
            // Whitespace uncovered by removing underscores is not stripped again.
            return decimalGrammar(UnsafeBufferPointer(rebasing: buffer[0..<count]))
        }
    }

    /// The `Decimal` string grammar on already stripped bytes without underscores.
    @inline(__always)
    static func decimalGrammar(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        let count = bytes.count
        guard count > 0 else { return nil }
        var index = 0
        var negative = false
        if bytes[0] == UInt8(ascii: "+") || bytes[0] == UInt8(ascii: "-") {
            negative = bytes[0] == UInt8(ascii: "-")
            index = 1
        }
        guard index < count else { return nil }
        let first = bytes[index] | 0x20
        if first == UInt8(ascii: "i") || first == UInt8(ascii: "n") || first == UInt8(ascii: "s") {
            return special(bytes, from: index, negative: negative)
        }
        var digits = 0
        while index < count, bytes[index] &- 48 < 10 { index += 1; digits += 1 }
        if index < count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < count, bytes[index] &- 48 < 10 { index += 1; digits += 1 }
        }
        guard digits > 0 else { return nil }
        if index < count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            var exponentDigits = 0
            while index < count, bytes[index] &- 48 < 10 { index += 1; exponentDigits += 1 }
            guard exponentDigits > 0 else { return nil }
        }
        guard index == count else { return nil }
        return NumberParser.double(bytes)
    }

    private static func special(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, negative: Bool) -> Double? {
        let count = bytes.count
        func matches(_ word: StaticString, at index: Int) -> Bool {
            let length = word.utf8CodeUnitCount
            guard count - index >= length else { return false }
            let pointer = word.utf8Start
            for offset in 0..<length where bytes[index + offset] | 0x20 != pointer[offset] { return false }
            return true
        }
        if matches("infinity", at: start), count - start == 8 { return negative ? -.infinity : .infinity }
        if matches("inf", at: start), count - start == 3 { return negative ? -.infinity : .infinity }
        var index = start
        if matches("snan", at: start) { index += 4 } else if matches("nan", at: start) { index += 3 } else { return nil }
        while index < count, bytes[index] &- 48 < 10 { index += 1 }
        return index == count ? .nan : nil
    }

    /// The bounds left by `re.sub(r"((^[^-\d]*)|(\D*$))", "", text)` (`bareNumber: false`):
    /// leading characters other than `-` and digits, and trailing non-digits, removed.
    @inline(__always)
    static func unbare(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        var start = range.lowerBound
        while start < range.upperBound, bytes[start] != UInt8(ascii: "-"), bytes[start] &- 48 >= 10 { start += 1 }
        var end = range.upperBound
        while end > start, bytes[end - 1] &- 48 >= 10 { end -= 1 }
        return start..<end
    }
}

/// A number field's reading: `decimalChar`, `groupChar` and `bareNumber` applied as
/// frictionless's `processor_function` does, then `Decimal`.
struct NumberReader: Sendable {
    let decimalChar: [UInt8]
    let groupChar: [UInt8]
    let bareNumber: Bool
    let processes: Bool

    init(options: FieldCastOptions) {
        decimalChar = Array(options.decimalChar.utf8)
        groupChar = Array((options.groupChar ?? "").utf8)
        bareNumber = options.bareNumber
        processes = !groupChar.isEmpty || decimalChar != [UInt8(ascii: ".")] || !bareNumber
    }

    /// The number, or nil.
    @inline(__always)
    func read(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        guard processes else { return NumberCast.decimal(bytes) }
        var range = PythonText.strip(bytes)
        if !bareNumber { range = NumberCast.unbare(bytes, range) }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(range.count, 1)) { buffer -> Double? in
            var count = 0
            var index = range.lowerBound
            // cell.replace(group_char, "")
            while index < range.upperBound {
                if !groupChar.isEmpty, Self.matches(groupChar, bytes, at: index, end: range.upperBound) {
                    index += groupChar.count
                    continue
                }
                buffer[count] = bytes[index]
                count += 1
                index += 1
            }
            // if decimal_char != "." and "." in cell: None; cell.replace(decimal_char, ".")
            if decimalChar != [UInt8(ascii: ".")] {
                for i in 0..<count where buffer[i] == UInt8(ascii: ".") { return nil }
                if !decimalChar.isEmpty {
                    var write = 0, read = 0
                    let view = UnsafeBufferPointer(buffer)
                    while read < count {
                        if Self.matches(decimalChar, view, at: read, end: count) {
                            buffer[write] = UInt8(ascii: ".")
                            read += decimalChar.count
                        } else {
                            buffer[write] = buffer[read]
                            read += 1
                        }
                        write += 1
                    }
                    count = write
                }
            }
            return NumberCast.decimal(UnsafeBufferPointer(rebasing: buffer[0..<count]))
        }
    }

    @inline(__always)
    static func matches(_ needle: [UInt8], _ bytes: UnsafeBufferPointer<UInt8>, at index: Int, end: Int) -> Bool {
        guard end - index >= needle.count else { return false }
        for offset in 0..<needle.count where bytes[index + offset] != needle[offset] { return false }
        return true
    }
}
