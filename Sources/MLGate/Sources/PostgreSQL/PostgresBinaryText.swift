/// A binary COPY value's text, exactly as PostgreSQL's output functions write it in
/// mlgate's session (`DateStyle = ISO`, `extra_float_digits = 1`) and as the text COPY
/// path renders it (``PostgreSQLDialect/textExpression(_:)``: timestamps with `T`).
enum PostgresBinaryText {
    // MARK: Floating point

    /// A double as `float8out` writes it: the shortest digits that read back (Ryu), fixed
    /// for decimal exponents -4 to 14, otherwise `d.ddde±XX`.
    static func appendDouble(_ value: Double, into text: inout [UInt8]) {
        if value.isFinite, !value.isZero {
            // The common values without a String: an integer below 10^15 is its digits; a
            // value that is the double nearest to a decimal of at most 15 significant
            // digits in 1e-4 ..< 1e15 is that decimal (no such decimal is a midpoint
            // between two doubles, which Ryu's exclusive bounds would refuse), laid out
            // fixed as float8out lays out exponents -4 to 14.
            let magnitude = value.magnitude
            if magnitude < 1e15, magnitude == magnitude.rounded(.towardZero) {
                return ParquetText.appendInteger(Int64(value), to: &text)
            }
            if ParquetText.appendFewDecimals(value, to: &text) { return }
        }
        appendDoubleInGeneral(value, into: &text)
    }

    /// ``appendDouble(_:into:)`` without its fast paths: Swift's shortest digits, made
    /// Ryu's where they differ, laid out as float8out lays them out.
    static func appendDoubleInGeneral(_ value: Double, into text: inout [UInt8]) {
        appendShortest(value.isNaN, value.isInfinite, value.sign == .minus, value.isZero, shortest(value), fixedBelow: 15, into: &text)
    }

    /// A real as `float4out` writes it: fixed for decimal exponents -4 to 5.
    static func appendFloat(_ value: Float, into text: inout [UInt8]) {
        appendShortest(value.isNaN, value.isInfinite, value.sign == .minus, value.isZero, shortest(value), fixedBelow: 6, into: &text)
    }

    /// The shortest digits that read back as `value` and lie strictly between it and the
    /// midpoints to its neighbours: PostgreSQL's Ryu excludes the bounds
    /// (`acceptBounds = false`), where Swift's `description` takes an exact midpoint that
    /// reads back by ties-to-even (PostgreSQL writes the real 109552416 as
    /// `1.09552416e+08`, Swift as `1.0955242e+08`). Such a value is written with the
    /// fewest correctly rounded digits that are not a midpoint.
    private static func shortest<F: BinaryFloatingPoint & LosslessStringConvertible & CVarArg>(_ value: F) -> String {
        let description = value.description
        guard value.isFinite, !value.isZero, isMidpoint(description, of: value) else { return description }
        let digits = F.significandBitCount == 52 ? 17 : 9
        for count in 1...digits {
            let candidate = String(format: "%.\(count - 1)e", value)
            if F(candidate) == value, !isMidpoint(candidate, of: value) { return candidate }
        }
        return description
    }

    /// Whether the decimal `text` (`[-]d[.ddd][e±x]`) is exactly the midpoint between
    /// `value` and one of its neighbours: integer arithmetic on the odd parts and powers of 2.
    private static func isMidpoint<F: BinaryFloatingPoint>(_ text: String, of value: F) -> Bool {
        var mantissa = Substring(text)
        if mantissa.first == "-" { mantissa = mantissa.dropFirst() }
        var exponent10 = 0
        if let e = mantissa.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent10 = Int(mantissa[mantissa.index(after: e)...]) ?? 0
            mantissa = mantissa[..<e]
        }
        if let point = mantissa.firstIndex(of: ".") {
            exponent10 -= mantissa.distance(from: point, to: mantissa.endIndex) - 1
            mantissa.remove(at: point)
        }
        guard var decimal = UInt64(mantissa), decimal > 0 else { return false }
        // text = decimal × 10^exponent10 = odd × 2^twos.
        var twos = exponent10
        while decimal % 2 == 0 { decimal /= 2; twos += 1 }
        var odd = decimal
        if exponent10 >= 0 {
            for _ in 0..<exponent10 {
                let (product, overflow) = odd.multipliedReportingOverflow(by: 5)
                if overflow { return false }
                odd = product
            }
        } else {
            for _ in 0..<(-exponent10) {
                guard odd % 5 == 0 else { return false }
                odd /= 5
            }
        }
        // value = m × 2^e; its midpoints (2m ± 1) × 2^(e-1), and (4m − 1) × 2^(e-2) below a power of 2.
        let subnormal = value.exponentBitPattern == 0
        let m = UInt64(value.significandBitPattern) | (subnormal ? 0 : UInt64(1) << UInt64(F.significandBitCount))
        let bias = (1 << (F.exponentBitCount - 1)) - 1
        let e = (subnormal ? 1 : Int(value.exponentBitPattern)) - bias - F.significandBitCount
        var midpoints = [(2 * m + 1, e - 1), (2 * m - 1, e - 1)]
        if !subnormal && value.significandBitPattern == 0 { midpoints.append((4 * m - 1, e - 2)) }
        return midpoints.contains { $0.0 == odd && $0.1 == twos }
    }

    /// PostgreSQL's special values; every other number takes its shortest digits
    /// (``shortest(_:)``) laid out as PostgreSQL's `to_chars` lays them out: Python's
    /// layout (``ParquetText/appendShortest(_:plainBelow:pointZero:to:)``) without `.0`.
    private static func appendShortest(
        _ nan: Bool, _ infinite: Bool, _ negative: Bool, _ zero: Bool, _ shortest: String, fixedBelow: Int, into text: inout [UInt8]
    ) {
        if nan { return text.append(contentsOf: "NaN".utf8) }
        if infinite || zero {
            if negative { text.append(UInt8(ascii: "-")) }
            return text.append(contentsOf: (infinite ? "Infinity" : "0").utf8)
        }
        ParquetText.appendShortest(shortest, plainBelow: fixedBelow, pointZero: false, to: &text)
    }

    // MARK: numeric

    /// A `numeric` as `numeric_out` writes it, from its binary form: the digit count, the
    /// weight of the first base-10000 digit, the sign (or NaN, ±Infinity), the display
    /// scale, then the digits.
    static func appendNumeric(_ value: UnsafeBufferPointer<UInt8>, into text: inout [UInt8]) throws(PostgresError) {
        guard value.count >= 8 else { throw PostgresBinaryCopyDecoder.violation("a numeric of \(value.count) bytes") }
        func word(_ index: Int) -> Int { Int(UInt16(value[2 * index]) << 8 | UInt16(value[2 * index + 1])) }
        let count = word(0), weight = Int(Int16(truncatingIfNeeded: word(1))), sign = word(2), scale = Int(Int16(truncatingIfNeeded: word(3)))
        guard value.count == 8 + 2 * count else { throw PostgresBinaryCopyDecoder.violation("a numeric of \(count) digits in \(value.count) bytes") }
        switch sign {
        case 0xC000: return text.append(contentsOf: "NaN".utf8)
        case 0xD000: return text.append(contentsOf: "Infinity".utf8)
        case 0xF000: return text.append(contentsOf: "-Infinity".utf8)
        case 0x0000, 0x4000: break
        default: throw PostgresBinaryCopyDecoder.violation("a numeric with sign word \(sign)")
        }
        guard scale >= 0 else { throw PostgresBinaryCopyDecoder.violation("a numeric with a negative display scale") }
        var digits: [Int] = []
        digits.reserveCapacity(count)
        for index in 0..<count {
            let digit = word(4 + index)
            guard digit < 10000 else { throw PostgresBinaryCopyDecoder.violation("a numeric digit \(digit) over 9999") }
            digits.append(digit)
        }
        func digit(_ index: Int) -> Int { index >= 0 && index < count ? digits[index] : 0 }
        if sign == 0x4000 { text.append(UInt8(ascii: "-")) }
        if weight < 0 {
            text.append(UInt8(ascii: "0"))
        } else {
            for index in 0...weight {
                // The first group without its leading zeros, the others as four digits.
                if index == 0 { text.append(contentsOf: String(digit(0)).utf8) } else { appendPadded(digit(index), width: 4, into: &text) }
            }
        }
        guard scale > 0 else { return }
        text.append(UInt8(ascii: "."))
        var written = 0, index = weight + 1
        while written < scale {
            var group: [UInt8] = []
            appendPadded(digit(index), width: 4, into: &group)
            text.append(contentsOf: group.prefix(scale - written))
            written += 4
            index += 1
        }
    }

    // MARK: Dates and times

    /// A `date` (days since 2000-01-01) as ISO `YYYY-MM-DD`, ` BC` for years before 1.
    static func appendDate(_ days: Int32, into text: inout [UInt8]) {
        if days == .max { return text.append(contentsOf: "infinity".utf8) }
        if days == .min { return text.append(contentsOf: "-infinity".utf8) }
        let bc = appendDay(Int64(days), into: &text)
        if bc { text.append(contentsOf: " BC".utf8) }
    }

    /// A `timestamp` (microseconds since 2000-01-01 00:00) as the text path renders it:
    /// ISO with `T` for every space (`replace(…::text, ' ', 'T')`), fractional seconds
    /// without trailing zeros, `+00` for a `timestamptz` in UTC, `TBC` before year 1.
    static func appendTimestamp(_ microseconds: Int64, utc: Bool, into text: inout [UInt8]) {
        if microseconds == .max { return text.append(contentsOf: "infinity".utf8) }
        if microseconds == .min { return text.append(contentsOf: "-infinity".utf8) }
        let perDay: Int64 = 86_400_000_000
        var days = microseconds / perDay, time = microseconds % perDay
        if time < 0 {
            days -= 1
            time += perDay
        }
        let bc = appendDay(days, into: &text)
        text.append(UInt8(ascii: "T"))
        let seconds = time / 1_000_000, fraction = Int(time % 1_000_000)
        appendPadded(Int(seconds / 3600), width: 2, into: &text)
        text.append(UInt8(ascii: ":"))
        appendPadded(Int(seconds / 60 % 60), width: 2, into: &text)
        text.append(UInt8(ascii: ":"))
        appendPadded(Int(seconds % 60), width: 2, into: &text)
        if fraction != 0 {
            var digits: [UInt8] = []
            appendPadded(fraction, width: 6, into: &digits)
            while digits.last == UInt8(ascii: "0") { digits.removeLast() }
            text.append(UInt8(ascii: "."))
            text.append(contentsOf: digits)
        }
        if utc { text.append(contentsOf: "+00".utf8) }
        if bc { text.append(contentsOf: "TBC".utf8) }
    }

    /// Appends the proleptic Gregorian day `days` after 2000-01-01 as `YYYY-MM-DD` (the
    /// year as PostgreSQL numbers years before 1: 1 BC, 2 BC, …); whether it is BC.
    private static func appendDay(_ days: Int64, into text: inout [UInt8]) -> Bool {
        let (year, month, day) = CivilCalendar.civil(days: Int(days) + 10957)
        appendPadded(Int(year > 0 ? year : 1 - year), width: 4, into: &text)
        text.append(UInt8(ascii: "-"))
        appendPadded(Int(month), width: 2, into: &text)
        text.append(UInt8(ascii: "-"))
        appendPadded(Int(day), width: 2, into: &text)
        return year <= 0
    }

    /// `value` (≥ 0) in decimal, zero-padded to `width` digits.
    private static func appendPadded(_ value: Int, width: Int, into text: inout [UInt8]) {
        let digits = Array(String(value).utf8)
        if digits.count < width { text.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width - digits.count)) }
        text.append(contentsOf: digits)
    }
}
