@testable import MLGate

/// The layout of Swift's shortest number text as Python's `repr` lays it out, as
/// `ParquetText.appendShortest` wrote it through arrays and a `String` before it moved to
/// a stack buffer: the reference its differential test holds the new one to.
enum ReferenceShortest {
    static func appendShortest(_ swift: String, plainBelow: Int, pointZero: Bool = true, to text: inout [UInt8]) {
        var bytes = Array(swift.utf8)
        var negative = false
        if bytes.first == UInt8(ascii: "-") {
            negative = true
            bytes.removeFirst()
        }
        var exponent = 0
        if let e = bytes.firstIndex(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            exponent = Int(String(decoding: bytes[(e + 1)...], as: UTF8.self)) ?? 0
            bytes.removeSubrange(e...)
        }
        // digits × 10^(point - digits.count) with the decimal point after `point` digits.
        var digits: [UInt8] = []
        var point = 0
        var seenPoint = false
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                seenPoint = true
                continue
            }
            digits.append(byte)
            if !seenPoint { point += 1 }
        }
        point += exponent
        while digits.first == UInt8(ascii: "0"), digits.count > 1 {
            digits.removeFirst()
            point -= 1
        }
        while digits.last == UInt8(ascii: "0"), digits.count > 1 { digits.removeLast() }
        if negative { text.append(UInt8(ascii: "-")) }
        if digits == [UInt8(ascii: "0")] {
            text.append(contentsOf: Array("0.0".utf8))
            return
        }
        let decimalExponent = point - 1
        if decimalExponent >= -4, decimalExponent < plainBelow {
            if point <= 0 {
                text.append(contentsOf: Array("0.".utf8))
                text.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: -point))
                text.append(contentsOf: digits)
            } else if point >= digits.count {
                text.append(contentsOf: digits)
                text.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: point - digits.count))
                if pointZero { text.append(contentsOf: Array(".0".utf8)) }
            } else {
                text.append(contentsOf: digits[..<point])
                text.append(UInt8(ascii: "."))
                text.append(contentsOf: digits[point...])
            }
            return
        }
        text.append(digits[0])
        if digits.count > 1 {
            text.append(UInt8(ascii: "."))
            text.append(contentsOf: digits[1...])
        }
        text.append(UInt8(ascii: "e"))
        text.append(UInt8(ascii: decimalExponent < 0 ? "-" : "+"))
        let magnitude = abs(decimalExponent)
        if magnitude < 10 { text.append(UInt8(ascii: "0")) }
        ParquetText.appendUnsigned(UInt64(magnitude), to: &text)
    }
}
