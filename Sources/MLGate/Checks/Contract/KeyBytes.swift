/// A key's values as canonical bytes, for ``KeyFingerprint``: equal keys (as `CellValue`
/// compares them) have equal bytes and different keys different bytes.
///
/// Each value is a tag and its payload: missing `0`; an integer `1` and its 8 bytes; a
/// string `2`, its UTF-8 length (LEB128) and bytes; a number `3` and its 8 bytes (−0
/// as 0); any other value `4` and its Swift description's length and UTF-8 bytes
/// (injective for these enums: doubles print round-trip, strings inside lists escaped).
enum KeyBytes {
    static func append(_ value: CellValue?, to bytes: inout [UInt8]) {
        switch value {
        case nil:
            bytes.append(0)
        case .integer(let number)?:
            bytes.append(1)
            withUnsafeBytes(of: UInt64(bitPattern: Int64(number)).littleEndian) { bytes.append(contentsOf: $0) }
        case .string(let text)?:
            bytes.append(2)
            var text = text
            text.withUTF8 { appendString($0, to: &bytes) }
        case .number(let number)?:
            bytes.append(3)
            withUnsafeBytes(of: (number == 0 ? 0 : number).bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        case let other?:
            bytes.append(4)
            var text = String(describing: other)
            text.withUTF8 { appendString($0, to: &bytes) }
        }
    }

    /// A string's UTF-8 bytes, after its length (LEB128).
    static func appendString(_ utf8: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        var length = UInt(utf8.count)
        repeat {
            bytes.append(UInt8(length & 0x7F) | (length >= 0x80 ? 0x80 : 0))
            length >>= 7
        } while length > 0
        bytes.append(contentsOf: utf8)
    }

    /// The bytes of a key of several values.
    static func encode(_ key: [CellValue?]) -> [UInt8] {
        var bytes: [UInt8] = []
        for value in key { append(value, to: &bytes) }
        return bytes
    }

    /// The values back, as text for messages: integers, strings and numbers as written,
    /// a missing value as `nil`, another value as its description.
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
            default: values.append(text())
            }
        }
        return values
    }
}
