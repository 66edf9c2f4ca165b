/// A key's values as canonical bytes, for ``KeyFingerprint``: equal keys (as `CellValue`
/// compares them) have equal bytes and different keys different bytes.
///
/// Each value is a tag and its payload: missing `0`; an integer `1` and its 8 bytes; a
/// string `2`, its UTF-8 length (LEB128) and bytes; a number `3` and its 8 bytes (−0
/// as 0); a boolean `5` and a byte; a date `6`, a time `7`, a datetime `8` and a year
/// `9`, each its 8 bytes (a double's bits as they are: −0 is not 0, as its text was
/// not); a year and month `10`, a duration `11` and a geopoint `14`, each its two
/// words; a big integer `12` and JSON `13` as a string; a list `4` and its Swift
/// description's length and UTF-8 bytes (injective: doubles print round-trip, strings
/// inside lists escaped). Before these tags every value other than an integer, string
/// or number was written as its description, through Swift's reflection: a date key
/// cost microseconds.
enum KeyBytes {
    static func append(_ value: CellValue?, to bytes: inout [UInt8]) {
        switch value {
        case nil:
            bytes.append(0)
        case .integer(let number)?: append(tag: 1, UInt64(bitPattern: Int64(number)), to: &bytes)
        case .string(let text)?: append(tag: 2, text: text, to: &bytes)
        case .number(let number)?: append(tag: 3, (number == 0 ? 0 : number).bitPattern, to: &bytes)
        case .boolean(let value)?:
            bytes.append(5)
            bytes.append(value ? 1 : 0)
        case .date(let days)?: append(tag: 6, UInt64(bitPattern: Int64(days)), to: &bytes)
        case .time(let seconds)?: append(tag: 7, seconds.bitPattern, to: &bytes)
        case .datetime(let seconds)?: append(tag: 8, seconds.bitPattern, to: &bytes)
        case .year(let year)?: append(tag: 9, UInt64(bitPattern: Int64(year)), to: &bytes)
        case .yearMonth(let year, let month)?:
            append(tag: 10, UInt64(bitPattern: Int64(year)), UInt64(bitPattern: Int64(month)), to: &bytes)
        case .duration(let months, let seconds)?:
            append(tag: 11, UInt64(bitPattern: Int64(months)), seconds.bitPattern, to: &bytes)
        case .geopoint(let longitude, let latitude)?: append(tag: 14, longitude.bitPattern, latitude.bitPattern, to: &bytes)
        case .bigInteger(let text)?: append(tag: 12, text: text, to: &bytes)
        case .json(let text)?: append(tag: 13, text: text, to: &bytes)
        case let other?: append(tag: 4, text: String(describing: other), to: &bytes)
        }
    }

    /// A tag and a text's UTF-8 bytes, after their length.
    private static func append(tag: UInt8, text: String, to bytes: inout [UInt8]) {
        bytes.append(tag)
        var text = text
        text.withUTF8 { appendString($0, to: &bytes) }
    }

    /// A tag and a word, little-endian.
    private static func append(tag: UInt8, _ word: UInt64, to bytes: inout [UInt8]) {
        bytes.append(tag)
        withUnsafeBytes(of: word.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// A tag and two words, little-endian.
    private static func append(tag: UInt8, _ first: UInt64, _ second: UInt64, to bytes: inout [UInt8]) {
        append(tag: tag, first, to: &bytes)
        withUnsafeBytes(of: second.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// A string's UTF-8 bytes, after its length (LEB128).
    static func appendString(_ utf8: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        let length = lengthBytes(utf8.count)
        withUnsafeBytes(of: length.word.littleEndian) { bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: $0[..<length.count])) }
        bytes.append(contentsOf: utf8)
    }

    /// A string's length as written before its bytes: LEB128, its bytes the low bytes of
    /// `word` (at most 8: lengths below 2⁵⁶).
    static func lengthBytes(_ length: Int) -> (word: UInt64, count: Int) {
        var length = UInt64(length), word: UInt64 = 0, count = 0
        repeat {
            word |= ((length & 0x7F) | (length >= 0x80 ? 0x80 : 0)) << (8 * UInt64(count))
            length >>= 7
            count += 1
        } while length > 0
        return (word, count)
    }

    /// The integer one value's bytes are as a foreign key compares values: an integer
    /// (tag 1), or a number (tag 3) that is integral and below 9·10¹⁵ in magnitude, as
    /// Python's `Decimal("2.0") == 2` (``ForeignKeyIndex/normalized(_:)``); nil otherwise.
    static func normalizedInteger(_ value: UnsafeRawBufferPointer) -> Int? {
        guard value.count == 9 else { return nil }
        let word = UInt64(littleEndian: value.loadUnaligned(fromByteOffset: 1, as: UInt64.self))
        switch value[0] {
        case 1: return Int(Int64(bitPattern: word))
        case 3:
            let number = Double(bitPattern: word)
            return number.rounded() == number && abs(number) < 9.0e15 ? Int(number) : nil
        default: return nil
        }
    }

    /// The bytes of a key of several values.
    static func encode(_ key: [CellValue?]) -> [UInt8] {
        var bytes: [UInt8] = []
        for value in key { append(value, to: &bytes) }
        return bytes
    }

    /// The values back, as text for messages: integers, strings and numbers as written,
    /// a missing value as `nil`, another value in its type's default format
    /// (``CellValue/schemaText``), a list as its description.
    static func decodeText(_ bytes: UnsafeRawBufferPointer) -> [String?] {
        var values: [String?] = []
        var index = 0
        func word() -> UInt64 {
            var value: UInt64 = 0
            for shift in 0..<8 { value |= UInt64(bytes[index + shift]) << (8 * UInt64(shift)) }
            index += 8
            return UInt64(littleEndian: value)
        }
        func text() -> String {
            var length = 0, shift = 0
            while true {
                let byte = bytes[index]
                index += 1
                length |= Int(byte & 0x7F) << shift
                shift += 7
                if byte & 0x80 == 0 { break }
            }
            defer { index += length }
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[index..<index + length]), as: UTF8.self)
        }
        while index < bytes.count {
            let tag = bytes[index]
            index += 1
            switch tag {
            case 0: values.append(nil)
            case 1: values.append(String(Int64(bitPattern: word())))
            case 3: values.append(NumberFormatting.value(Double(bitPattern: word())))
            case 2, 4: values.append(text())
            default:
                let value: CellValue
                switch tag {
                case 5:
                    value = .boolean(bytes[index] != 0)
                    index += 1
                case 6: value = .date(days: Int(Int64(bitPattern: word())))
                case 7: value = .time(seconds: Double(bitPattern: word()))
                case 8: value = .datetime(seconds: Double(bitPattern: word()))
                case 9: value = .year(Int(Int64(bitPattern: word())))
                case 10:
                    let year = Int(Int64(bitPattern: word()))
                    value = .yearMonth(year: year, month: Int(Int64(bitPattern: word())))
                case 11:
                    let months = Int(Int64(bitPattern: word()))
                    value = .duration(months: months, seconds: Double(bitPattern: word()))
                case 12: value = .bigInteger(text())
                case 13: value = .json(text())
                default:
                    let longitude = Double(bitPattern: word())
                    value = .geopoint(longitude: longitude, latitude: Double(bitPattern: word()))
                }
                values.append(value.schemaText)
            }
        }
        return values
    }
}
