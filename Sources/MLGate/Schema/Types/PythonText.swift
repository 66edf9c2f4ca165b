/// Python's notions of whitespace and digits, on a cell's UTF-8 bytes.
enum PythonText {
    /// Whether the byte is ASCII whitespace as Python's `str.isspace` sees it
    /// (`\t \n \v \f \r`, the separators `\x1c`–`\x1f`, space).
    @inline(__always)
    static func isASCIISpace(_ byte: UInt8) -> Bool {
        byte == 32 || (byte >= 9 && byte <= 13) || (byte >= 28 && byte <= 31)
    }

    /// The length of a non-ASCII whitespace character (`str.isspace`: U+0085, U+00A0,
    /// U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000) starting at
    /// `index`, or 0.
    @inline(__always)
    static func unicodeSpaceLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let count = bytes.count
        let b0 = bytes[index]
        if b0 == 0xC2, index + 1 < count, bytes[index + 1] == 0x85 || bytes[index + 1] == 0xA0 { return 2 }
        guard index + 2 < count else { return 0 }
        let b1 = bytes[index + 1], b2 = bytes[index + 2]
        switch b0 {
        case 0xE1: return b1 == 0x9A && b2 == 0x80 ? 3 : 0
        case 0xE2:
            if b1 == 0x80, b2 <= 0x8A || b2 == 0xA8 || b2 == 0xA9 || b2 == 0xAF { return 3 }
            return b1 == 0x81 && b2 == 0x9F ? 3 : 0
        case 0xE3: return b1 == 0x80 && b2 == 0x80 ? 3 : 0
        default: return 0
        }
    }

    /// The length of a whitespace character (ASCII or not) starting at `index`, or 0.
    @inline(__always)
    static func spaceLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let byte = bytes[index]
        if byte < 0x80 { return isASCIISpace(byte) ? 1 : 0 }
        return unicodeSpaceLength(bytes, at: index)
    }

    /// The range left by Python's `str.strip()`.
    @inline(__always)
    static func strip(_ bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var start = 0, end = bytes.count
        while start < end {
            let length = spaceLength(bytes, at: start)
            if length == 0 { break }
            start += length
        }
        while end > start {
            let byte = bytes[end - 1]
            if byte < 0x80 {
                if isASCIISpace(byte) { end -= 1; continue }
                break
            }
            if end - start >= 2, unicodeSpaceLength(bytes, at: end - 2) == 2 { end -= 2; continue }
            if end - start >= 3, unicodeSpaceLength(bytes, at: end - 3) == 3 { end -= 3; continue }
            break
        }
        return start..<end
    }

    /// Whether every byte is ASCII.
    @inline(__always)
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for byte in bytes where byte >= 0x80 { return false }
        return true
    }

    /// The number of Unicode scalars (Python's `len`) of valid UTF-8: its bytes less
    /// its continuation bytes (`10xxxxxx`), counted eight at a time.
    @inline(__always)
    static func scalarCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let count = bytes.count
        var continuations = 0, index = 0
        let raw = UnsafeRawBufferPointer(bytes)
        while index + 8 <= count {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            // Each byte's bit 7 set and bit 6 (shifted into bit 7) clear.
            continuations += (word & ~(word << 1) & 0x8080_8080_8080_8080).nonzeroBitCount
            index += 8
        }
        while index < count {
            if bytes[index] & 0xC0 == 0x80 { continuations += 1 }
            index += 1
        }
        return count - continuations
    }

    /// Python's `int(text)` in base 10 on the bytes (whitespace stripped, a sign,
    /// ASCII digits with single underscores between them, at most 4300 digits):
    /// the canonical decimal text's sign and digits, or nil.
    static func parseInt(_ bytes: UnsafeBufferPointer<UInt8>) -> CellValue? {
        let range = strip(bytes)
        var index = range.lowerBound
        let end = range.upperBound
        guard index < end else { return nil }
        var negative = false
        if bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        guard index < end, bytes[index] &- 48 < 10 else { return nil }
        var value: UInt64 = 0
        var overflow = false
        var digits = 0
        var previousUnderscore = false
        var firstSignificant = -1
        let digitsStart = index
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "_") {
                if previousUnderscore { return nil }
                previousUnderscore = true
                index += 1
                continue
            }
            guard byte &- 48 < 10 else { return nil }
            previousUnderscore = false
            digits += 1
            if firstSignificant < 0, byte != 48 { firstSignificant = index }
            if !overflow {
                let (m, o1) = value.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(UInt64(byte &- 48))
                if o1 || o2 { overflow = true } else { value = s }
            }
            index += 1
        }
        if previousUnderscore || digits > 4300 { return nil }
        if !overflow {
            if negative {
                if value <= UInt64(Int.max) { return .integer(-Int(value)) }
                if value == UInt64(Int.max) + 1 { return .integer(Int.min) }
            } else if value <= UInt64(Int.max) {
                return .integer(Int(value))
            }
        }
        var text = negative ? "-" : ""
        var i = max(firstSignificant, digitsStart)
        while i < end {
            if bytes[i] != UInt8(ascii: "_") { text.unicodeScalars.append(Unicode.Scalar(bytes[i])) }
            i += 1
        }
        return .bigInteger(text)
    }
}

/// Proleptic Gregorian calendar arithmetic (Python's `date` range, years 1–9999).
enum CivilCalendar {
    /// Days since 1970-01-01 of a valid date (Howard Hinnant's `days_from_civil`).
    @inline(__always)
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date of a day count since 1970-01-01.
    static func civil(days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    @inline(__always)
    static func isLeap(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    @inline(__always)
    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Whether Python's `date(year, month, day)` accepts the three.
    @inline(__always)
    static func isValid(year: Int, month: Int, day: Int) -> Bool {
        year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year: year, month: month)
    }
}
