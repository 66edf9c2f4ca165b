import Foundation

/// How a Parquet value reads as a cell's text: as pandas' `to_csv` writes the same value
/// (see docs/parquet.md), so that a Table Schema checks a Parquet file as it checks the
/// CSV file pandas would write from it.
///
/// - integers in decimal; booleans `True` / `False`;
/// - doubles as Python's `repr` (shortest round trip: `0.1`, `1.0`, `1e-05`, `1e+16`),
///   floats as numpy prints a float32 (plain from 1e-4 to below 1e6), `inf` / `-inf`;
///   NaN as an empty cell (pandas writes NaN as missing);
/// - DATE `YYYY-MM-DD`; TIME `HH:MM:SS[.ffffff]`; TIMESTAMP and INT96
///   `YYYY-MM-DD HH:MM:SS[.ffffff]`, with `+00:00` when adjusted to UTC; the fraction
///   is left out when zero, else has 6 digits (9 when there are nanoseconds), as
///   Python prints a time and pandas a timestamp;
/// - DECIMAL in plain notation with exactly `scale` decimals;
/// - strings, enums and JSON as their UTF-8 bytes; UUID as `8-4-4-4-12` lowercase hex;
///   FLOAT16 as a float; other byte arrays as their UTF-8 text when they are UTF-8,
///   else as base64.
enum ParquetText {
    private static let infinity = Array("inf".utf8), minusInfinity = Array("-inf".utf8), utcOffset = Array("+00:00".utf8)

    static func appendInteger(_ value: Int64, to text: inout [UInt8]) {
        if value < 0 {
            text.append(UInt8(ascii: "-"))
            appendUnsigned(value.magnitude, to: &text)
        } else {
            appendUnsigned(UInt64(value), to: &text)
        }
    }

    static func appendUnsigned(_ value: UInt64, to text: inout [UInt8]) {
        if value < 10 {
            text.append(UInt8(ascii: "0") + UInt8(value))
            return
        }
        var count = 0
        var rest = value
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buffer in
            // Two digits at a time, right to left.
            while rest >= 100 {
                count += 2
                two(Int(rest % 100), buffer, 24 - count)
                rest /= 100
            }
            if rest >= 10 {
                count += 2
                two(Int(rest), buffer, 24 - count)
            } else {
                count += 1
                buffer[24 - count] = UInt8(ascii: "0") + UInt8(rest)
            }
            appendBytes(buffer, from: 24 - count, to: &text)
        }
    }

    /// Appends `buffer[start...]` in one copy (a slice of raw bytes would be appended
    /// byte by byte).
    @inline(__always)
    static func appendBytes(_ buffer: UnsafeMutableBufferPointer<UInt8>, from start: Int, to text: inout [UInt8]) {
        text.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start...]))
    }

    /// Writes `value` (0–99) as two digits at `index`.
    @inline(__always)
    private static func two(_ value: Int, _ bytes: UnsafeMutableBufferPointer<UInt8>, _ index: Int) {
        bytes[index] = UInt8(truncatingIfNeeded: 48 + value / 10)
        bytes[index + 1] = UInt8(truncatingIfNeeded: 48 + value % 10)
    }

    /// Appends `value` as Python's `repr(float)`; NaN appends nothing.
    static func appendDouble(_ value: Double, to text: inout [UInt8]) {
        if value.isNaN { return }
        if value.isInfinite {
            text.append(contentsOf: value < 0 ? Self.minusInfinity : Self.infinity)
            return
        }
        // Exact integers below 2^53 print as `n.0`: the common fast case.
        if value == value.rounded(.towardZero), abs(value) < 1e15 {
            if value == 0, value.sign == .minus { text.append(UInt8(ascii: "-")) }
            appendInteger(Int64(value), to: &text)
            text.append(UInt8(ascii: "."))
            text.append(UInt8(ascii: "0"))
            return
        }
        if appendFewDecimals(value, to: &text) { return }
        ShortestText(value).withBytes { appendShortest($0, plainBelow: 16, to: &text) }
    }

    /// Appends `value` when it is exactly the double nearest to a decimal with at most
    /// 15 significant digits, and lies in 1e-4 ..< 1e15 (so Python prints it plain):
    /// then that decimal, with the fewest decimals, is its shortest round-trip text
    /// (dividing the integer by a power of ten rounds as parsing the decimal does).
    /// False, appending nothing, for any other value.
    static func appendFewDecimals(_ value: Double, to text: inout [UInt8]) -> Bool {
        let magnitude = abs(value)
        guard magnitude >= 1e-4, magnitude < 1e15 else { return false }
        var integerDigits = 1
        while integerDigits < 16, magnitude >= NumberParser.exactPowerOfTen(integerDigits) { integerDigits += 1 }
        let maximumDecimals = 15 - max(0, integerDigits)
        guard maximumDecimals >= 1 else { return false }
        // If any count of decimals up to the most gives back the value, the most does too:
        // the product is then the decimal's digits with zeros after them, to within 0.23
        // (below 10^15, two roundings of 2^-53), so it rounds to them exactly. The fewest
        // decimals are those digits without their trailing zeros (an exact integer over an
        // exact power of ten divides to the same double however it is scaled).
        let power = NumberParser.exactPowerOfTen(maximumDecimals)
        let product = magnitude * power
        // Rounded half away from zero, as `rounded()`, without the call: the product is
        // below 10^15, so its integer part and fraction are exact.
        var scaled = Int64(product)
        if product - Double(scaled) >= 0.5 { scaled += 1 }
        guard Double(scaled) / power == magnitude else { return false }
        // The trailing zeros, at most `maximumDecimals - 1` of them (13 at most), removed
        // 8, 4, 2 and 1 at a time: each step removes its count when both the zeros and the
        // decimals left allow it, so the steps add up to the count, in binary.
        var digits = UInt64(scaled)
        var decimals = maximumDecimals
        @inline(__always) func strip(_ zeros: Int, _ unit: UInt64) {
            if decimals > zeros, digits % unit == 0 {
                digits /= unit
                decimals -= zeros
            }
        }
        strip(8, 100_000_000)
        strip(4, 10_000)
        strip(2, 100)
        strip(1, 10)
        let unit = UInt64(NumberParser.exactPowerOfTen(decimals))
        if value < 0 { text.append(UInt8(ascii: "-")) }
        appendUnsigned(digits / unit, to: &text)
        text.append(UInt8(ascii: "."))
        appendFraction(digits % unit, digits: decimals, to: &text)
        return true
    }

    /// Appends `fraction` as exactly `count` digits (1–14), zero-padded on the left, two
    /// at a time.
    @inline(__always)
    private static func appendFraction(_ fraction: UInt64, digits count: Int, to text: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16) { bytes in
            var rest = fraction
            var index = count
            while index >= 2 {
                index -= 2
                two(Int(rest % 100), bytes, index)
                rest /= 100
            }
            if index == 1 { bytes[0] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest) }
            text.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[0..<count]))
        }
    }

    /// Appends `value` as numpy (and so pandas' `to_csv`) prints a float32: its shortest
    /// digits, plain for decimal exponents -4...5, else `d.ddde±XX`.
    static func appendFloat(_ value: Float, to text: inout [UInt8]) {
        if value.isNaN { return }
        if value.isInfinite {
            text.append(contentsOf: value < 0 ? Self.minusInfinity : Self.infinity)
            return
        }
        ShortestText(value).withBytes { appendShortest($0, plainBelow: 6, to: &text) }
    }

    /// Appends `value` padded with zeros to `width` digits.
    static func appendPadded(_ value: Int, width: Int, to text: inout [UInt8]) {
        if value >= 0, width <= 9, value < 1_000_000_000 {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            var rest = value
            if rest >= divisor * 10 {
                appendUnsigned(UInt64(value), to: &text)
                return
            }
            while divisor > 0 {
                text.append(UInt8(ascii: "0") + UInt8(rest / divisor))
                rest %= divisor
                divisor /= 10
            }
            return
        }
        var digits: [UInt8] = []
        appendUnsigned(UInt64(value.magnitude), to: &digits)
        if value < 0 { text.append(UInt8(ascii: "-")) }
        if digits.count < width { text.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width - digits.count)) }
        text.append(contentsOf: digits)
    }

    /// Appends the day `days` after 1970-01-01 as `YYYY-MM-DD` (proleptic Gregorian).
    static func appendDate(days: Int64, to text: inout [UInt8]) {
        let (year, month, day) = CivilCalendar.civil(days: Int(clamping: days))
        if year >= 0, year <= 9999 {
            // The common case in one append.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 10) { bytes in
                two(year / 100, bytes, 0)
                two(year % 100, bytes, 2)
                bytes[4] = UInt8(ascii: "-")
                two(month, bytes, 5)
                bytes[7] = UInt8(ascii: "-")
                two(day, bytes, 8)
                text.append(contentsOf: UnsafeBufferPointer(bytes))
            }
            return
        }
        appendPadded(Int(year), width: 4, to: &text)
        text.append(UInt8(ascii: "-"))
        appendPadded(Int(month), width: 2, to: &text)
        text.append(UInt8(ascii: "-"))
        appendPadded(Int(day), width: 2, to: &text)
    }

    /// Appends a time of day given in `unit`s since midnight as `HH:MM:SS[.fraction]`.
    static func appendTime(_ value: Int64, unit: ParquetTimeUnit, to text: inout [UInt8]) {
        let perSecond = unit.perSecond
        let seconds = floorDivide(value, perSecond), fraction = floorModulo(value, perSecond)
        appendClock(seconds: seconds, fraction: fraction, unit: unit, to: &text)
    }

    /// Appends an instant given in `unit`s since the epoch as `YYYY-MM-DD HH:MM:SS[.fraction][+00:00]`.
    static func appendTimestamp(_ value: Int64, unit: ParquetTimeUnit, utc: Bool, to text: inout [UInt8]) {
        let perSecond = unit.perSecond
        let seconds = floorDivide(value, perSecond), fraction = floorModulo(value, perSecond)
        let days = floorDivide(seconds, 86_400)
        appendDate(days: days, to: &text)
        text.append(UInt8(ascii: " "))
        appendClock(seconds: seconds - days * 86_400, fraction: fraction, unit: unit, to: &text)
        if utc { text.append(contentsOf: Self.utcOffset) }
    }

    private static func appendClock(seconds: Int64, fraction: Int64, unit: ParquetTimeUnit, to text: inout [UInt8]) {
        if seconds >= 0, seconds < 100 * 3600 {
            // Two-digit hours (every time of day) in one append.
            let seconds = Int(seconds)
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 8) { bytes in
                two(seconds / 3600, bytes, 0)
                bytes[2] = UInt8(ascii: ":")
                two(seconds / 60 % 60, bytes, 3)
                bytes[5] = UInt8(ascii: ":")
                two(seconds % 60, bytes, 6)
                text.append(contentsOf: UnsafeBufferPointer(bytes))
            }
        } else {
            appendPadded(Int(seconds / 3600), width: 2, to: &text)
            text.append(UInt8(ascii: ":"))
            appendPadded(Int(seconds / 60 % 60), width: 2, to: &text)
            text.append(UInt8(ascii: ":"))
            appendPadded(Int(seconds % 60), width: 2, to: &text)
        }
        guard fraction != 0 else { return }
        // As Python and pandas print a time: microseconds, or nanoseconds when there are any.
        let nanos = fraction * (1_000_000_000 / unit.perSecond)
        text.append(UInt8(ascii: "."))
        if nanos % 1000 == 0 {
            appendPadded(Int(nanos / 1000), width: 6, to: &text)
        } else {
            appendPadded(Int(nanos), width: 9, to: &text)
        }
    }

    /// `value` modulo `divisor`, in `0..<divisor` (without the product that overflows
    /// near `Int64.min`).
    static func floorModulo(_ value: Int64, _ divisor: Int64) -> Int64 {
        let remainder = value % divisor
        return remainder < 0 ? remainder + divisor : remainder
    }

    static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return value % divisor < 0 ? quotient - 1 : quotient
    }

    /// Appends an unscaled integer (big-endian two's complement bytes) with `scale` decimals.
    static func appendDecimal(bigEndian bytes: ArraySlice<UInt8>, scale: Int, to text: inout [UInt8]) {
        if bytes.count <= 8 {
            var value: Int64 = (bytes.first ?? 0) & 0x80 != 0 ? -1 : 0
            for byte in bytes { value = value << 8 | Int64(byte) }
            appendDecimal(digits: value, scale: scale, to: &text)
            return
        }
        let negative = (bytes.first ?? 0) & 0x80 != 0
        // Magnitude: two's complement negated when negative.
        var magnitude = Array(bytes)
        if negative {
            var carry = 1
            for index in magnitude.indices.reversed() {
                let sum = Int(~magnitude[index]) + carry
                magnitude[index] = UInt8(truncatingIfNeeded: sum)
                carry = sum >> 8
            }
        }
        // Decimal digits by repeated division by 10^9.
        var limbs = magnitude.map { UInt32($0) }
        var chunks: [UInt32] = []
        while limbs.contains(where: { $0 != 0 }) {
            var remainder: UInt64 = 0
            for index in limbs.indices {
                let current = remainder << 8 | UInt64(limbs[index])
                limbs[index] = UInt32(current / 1_000_000_000)
                remainder = current % 1_000_000_000
            }
            chunks.append(UInt32(remainder))
        }
        var digits: [UInt8] = []
        for (index, chunk) in chunks.reversed().enumerated() {
            if index == 0 { appendUnsigned(UInt64(chunk), to: &digits) } else { appendPadded(Int(chunk), width: 9, to: &digits) }
        }
        if digits.isEmpty { digits = [UInt8(ascii: "0")] }
        appendScaled(digits: digits, negative: negative, scale: scale, to: &text)
    }

    /// Appends an unscaled integer with `scale` decimals.
    static func appendDecimal(digits value: Int64, scale: Int, to text: inout [UInt8]) {
        var digits: [UInt8] = []
        appendUnsigned(value.magnitude, to: &digits)
        appendScaled(digits: digits, negative: value < 0, scale: scale, to: &text)
    }

    private static func appendScaled(digits: [UInt8], negative: Bool, scale: Int, to text: inout [UInt8]) {
        if negative, digits != [UInt8(ascii: "0")] { text.append(UInt8(ascii: "-")) }
        guard scale > 0 else {
            text.append(contentsOf: digits)
            if scale < 0, digits != [UInt8(ascii: "0")] { text.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: -scale)) }
            return
        }
        if digits.count > scale {
            text.append(contentsOf: digits[..<(digits.count - scale)])
            text.append(UInt8(ascii: "."))
            text.append(contentsOf: digits[(digits.count - scale)...])
        } else {
            text.append(contentsOf: Array("0.".utf8))
            text.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: scale - digits.count))
            text.append(contentsOf: digits)
        }
    }
}

extension ParquetTimeUnit {
    /// Units in one second.
    var perSecond: Int64 {
        switch self {
        case .millis: 1000
        case .micros: 1_000_000
        case .nanos: 1_000_000_000
        }
    }

}
