/// Numbers parsed straight from a cell's bytes.
enum NumberParser {
    /// The number the bytes spell, correctly rounded; `nil` when they are not a number.
    ///
    /// Plain decimals with at most 15 significant digits and a small exponent (almost
    /// every cell of a predictions file) take Clinger's fast path, which is exact: the
    /// digits fit a `Double` mantissa and the power of ten is exact, so one division or
    /// multiplication rounds once. Up to 19 digits over a power of ten up to 10^19 (a
    /// full-precision double's text, as pandas writes it) are divided exactly
    /// (``quotient(_:dividedByTenToThe:)``). Everything else goes to the standard library.
    static func double(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        if let value = plainDecimal(bytes) { return value }
        return general(bytes)
    }

    /// `-?[0-9]+(\.[0-9]+)?` with at most 15 digits in all, as the correctly rounded
    /// `Double` (the digits fit a mantissa and the power of ten is exact, so one
    /// division rounds once); nil for anything else. The common cell, read in one pass.
    @inline(__always)
    static func plainDecimal(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        let count = bytes.count
        guard count > 0, count <= 17 else { return nil }
        let negative = bytes[0] == UInt8(ascii: "-")
        var index = negative ? 1 : 0
        let integerStart = index
        var mantissa: UInt64 = 0
        while index < count {
            let digit = bytes[index] &- 48
            if digit >= 10 { break }
            mantissa = mantissa &* 10 &+ UInt64(digit)
            index &+= 1
        }
        let integerDigits = index &- integerStart
        guard integerDigits > 0 else { return nil }
        var decimals = 0
        if index < count {
            guard bytes[index] == UInt8(ascii: ".") else { return nil }
            index &+= 1
            let fractionStart = index
            while index < count {
                let digit = bytes[index] &- 48
                guard digit < 10 else { return nil }
                mantissa = mantissa &* 10 &+ UInt64(digit)
                index &+= 1
            }
            decimals = index &- fractionStart
            guard decimals > 0 else { return nil }
        }
        guard integerDigits &+ decimals <= 15 else { return nil }
        let magnitude = Double(mantissa) / exactPowerOfTen(decimals)
        return negative ? -magnitude : magnitude
    }

    /// 10^n for n in 0...22 (every one exact in a `Double`).
    @inline(__always)
    static func exactPowerOfTen(_ n: Int) -> Double {
        switch n {
        case 0: 1e0
        case 1: 1e1
        case 2: 1e2
        case 3: 1e3
        case 4: 1e4
        case 5: 1e5
        case 6: 1e6
        case 7: 1e7
        case 8: 1e8
        case 9: 1e9
        case 10: 1e10
        case 11: 1e11
        case 12: 1e12
        case 13: 1e13
        case 14: 1e14
        case 15: 1e15
        case 16: 1e16
        case 17: 1e17
        case 18: 1e18
        case 19: 1e19
        case 20: 1e20
        case 21: 1e21
        default: 1e22
        }
    }

    /// Every other shape: signs, exponents, more digits.
    private static func general(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
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
        guard index == count else { return slow(bytes) }
        let scale = exponent - fractionDigits
        if digits > 15 {
            // Up to 19 digits fit the mantissa; a decimal point or a negative exponent
            // divides them by at most 10^19 (a full-precision double's 17 digits).
            guard digits <= 19, scale <= 0, scale >= -19 else { return slow(bytes) }
            let value = scale == 0 ? Double(mantissa) : quotient(mantissa, dividedByTenToThe: -scale)
            return negative ? -value : value
        }
        var value = Double(mantissa)
        if scale < 0 {
            guard -scale <= 22 else { return slow(bytes) }
            value /= exactPowerOfTen(-scale)
        } else if scale > 0 {
            guard scale <= 22 else { return slow(bytes) }
            value *= exactPowerOfTen(scale)
        }
        return negative ? -value : value
    }

    /// The double nearest to `digits / 10^n` (`n` in 1...19), ties to even, without a
    /// `String` or `strtod`: the integer quotient of `digits · 2^s` by `10^n` is taken
    /// with 64 significant bits (a 128-by-64-bit division), and its top 53 rounded by the
    /// 11 below them and whether the division left a remainder. `digits / 10^n` is at
    /// least 10^-19, far above the subnormals.
    static func quotient(_ digits: UInt64, dividedByTenToThe n: Int) -> Double {
        guard digits != 0 else { return 0 }
        // 10^19 < 2^64, and every power of ten to 10^22 is exact as a double.
        let divisor = UInt64(exactPowerOfTen(n))
        // digits · 2^s < 2^(63 + divisor's bits) ≤ divisor · 2^64, so the quotient fits
        // 64 bits; it is at least 2^62, and one more doubling brings it to 2^63 when not.
        var shift = 63 + (64 - divisor.leadingZeroBitCount) - (64 - digits.leadingZeroBitCount)
        func divide(_ shift: Int) -> (quotient: UInt64, remainder: UInt64) {
            let high = shift >= 64 ? digits << (shift - 64) : digits >> (64 - shift)
            let low = shift >= 64 ? 0 : digits << shift
            return divisor.dividingFullWidth((high: high, low: low))
        }
        var (quotient, remainder) = divide(shift)
        if quotient < 1 << 63 {
            shift += 1
            (quotient, remainder) = divide(shift)
        }
        var mantissa = quotient >> 11
        let below = quotient & 0x7FF
        if below > 0x400 || (below == 0x400 && (remainder != 0 || mantissa & 1 == 1)) { mantissa += 1 }
        // A mantissa carried to 2^53 is still exact as a double's significand.
        return Double(sign: .plus, exponent: 11 - shift, significand: Double(mantissa))
    }

    private static func slow(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        let text = String(decoding: bytes, as: UTF8.self)
        return Double(text) ?? Double(text.trimmingCharacters(in: .whitespaces))
    }
}

import Foundation
