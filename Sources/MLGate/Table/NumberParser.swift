/// Numbers parsed straight from a cell's bytes.
enum NumberParser {
    private static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// The number the bytes spell, correctly rounded; `nil` when they are not a number.
    ///
    /// Plain decimals with at most 15 significant digits and a small exponent (almost
    /// every cell of a predictions file) take Clinger's fast path, which is exact: the
    /// digits fit a `Double` mantissa and the power of ten is exact, so one division or
    /// multiplication rounds once. Everything else goes to the standard library.
    static func double(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var index = 0
        let count = bytes.count
        guard count > 0, count < 64 else { return slow(bytes) }
        var negative = false
        if bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") {
            negative = bytes[0] == UInt8(ascii: "-")
            index = 1
        }
        var mantissa: UInt64 = 0
        var digits = 0, fractionDigits = 0, sawDigit = false
        while index < count, bytes[index] &- 48 < 10 {
            if mantissa != 0 || bytes[index] != 48 { digits += 1 }
            mantissa = mantissa &* 10 &+ UInt64(bytes[index] &- 48)
            index += 1
            sawDigit = true
        }
        if index < count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < count, bytes[index] &- 48 < 10 {
                if mantissa != 0 || bytes[index] != 48 { digits += 1 }
                mantissa = mantissa &* 10 &+ UInt64(bytes[index] &- 48)
                fractionDigits += 1
                index += 1
                sawDigit = true
            }
        }
        guard sawDigit else { return slow(bytes) }
        var exponent = 0
        if index < count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            var exponentNegative = false
            if index < count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            var exponentDigits = 0
            while index < count, bytes[index] &- 48 < 10, exponentDigits < 6 {
                exponent = exponent * 10 + Int(bytes[index] &- 48)
                index += 1
                exponentDigits += 1
            }
            guard exponentDigits > 0 else { return slow(bytes) }
            if exponentNegative { exponent = -exponent }
        }
        guard index == count, digits <= 15 else { return slow(bytes) }
        let scale = exponent - fractionDigits
        var value = Double(mantissa)
        if scale < 0 {
            guard -scale <= 22 else { return slow(bytes) }
            value /= powersOfTen[-scale]
        } else if scale > 0 {
            guard scale <= 22 else { return slow(bytes) }
            value *= powersOfTen[scale]
        }
        return negative ? -value : value
    }

    private static func slow(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        let text = String(decoding: bytes, as: UTF8.self)
        return Double(text) ?? Double(text.trimmingCharacters(in: .whitespaces))
    }
}

import Foundation
