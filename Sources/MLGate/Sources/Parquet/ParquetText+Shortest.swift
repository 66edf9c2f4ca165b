/// The general path of a number's text: Swift's shortest round-trip digits, laid out as
/// Python's `repr` (and numpy's, for a float32) or PostgreSQL's `to_chars` lays them out.
extension ParquetText {
    /// Re-renders Swift's shortest round-trip text of a finite number the way Python's
    /// `repr` lays out the same digits: plain for decimal exponents from -4 to below
    /// `plainBelow` (16 for a double, 6 for numpy's float32), else `d.ddde±XX`; an
    /// integral plain number ends in `.0` unless `pointZero` is false (PostgreSQL's layout).
    static func appendShortest(_ swift: String, plainBelow: Int, pointZero: Bool = true, to text: inout [UInt8]) {
        var swift = swift
        swift.withUTF8 { appendShortest(UnsafeRawBufferPointer($0), plainBelow: plainBelow, pointZero: pointZero, to: &text) }
    }

    /// ``appendShortest(_:plainBelow:pointZero:to:)`` of the text's bytes, without an
    /// allocation: the digits go through a buffer on the stack.
    static func appendShortest(_ swift: UnsafeRawBufferPointer, plainBelow: Int, pointZero: Bool = true, to text: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: swift.count) { digits in
            // digits × 10^(point - count), the decimal point after `point` digits.
            var count = 0, point = 0, exponent = 0, index = 0
            var negative = false, seenPoint = false, negativeExponent = false
            if index < swift.count, swift[index] == UInt8(ascii: "-") {
                negative = true
                index += 1
            }
            scan: while index < swift.count {
                let byte = swift[index]
                index += 1
                switch byte {
                case UInt8(ascii: "."):
                    seenPoint = true
                case UInt8(ascii: "e"), UInt8(ascii: "E"):
                    if index < swift.count, swift[index] == UInt8(ascii: "-") || swift[index] == UInt8(ascii: "+") {
                        negativeExponent = swift[index] == UInt8(ascii: "-")
                        index += 1
                    }
                    while index < swift.count {
                        exponent = exponent * 10 + Int(swift[index] &- UInt8(ascii: "0"))
                        index += 1
                    }
                    break scan
                default:
                    digits[count] = byte
                    count += 1
                    if !seenPoint { point += 1 }
                }
            }
            point += negativeExponent ? -exponent : exponent
            var first = 0
            while count - first > 1, digits[first] == UInt8(ascii: "0") {
                first += 1
                point -= 1
            }
            var end = count
            while end - first > 1, digits[end - 1] == UInt8(ascii: "0") { end -= 1 }
            let significant = UnsafeBufferPointer(rebasing: digits[first..<end])
            if negative { text.append(UInt8(ascii: "-")) }
            if significant.count == 1, significant[0] == UInt8(ascii: "0") {
                text.append(UInt8(ascii: "0"))
                text.append(UInt8(ascii: "."))
                text.append(UInt8(ascii: "0"))
                return
            }
            let decimalExponent = point - 1
            if decimalExponent >= -4, decimalExponent < plainBelow {
                if point <= 0 {
                    text.append(UInt8(ascii: "0"))
                    text.append(UInt8(ascii: "."))
                    text.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: -point))
                    text.append(contentsOf: significant)
                } else if point >= significant.count {
                    text.append(contentsOf: significant)
                    text.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: point - significant.count))
                    if pointZero {
                        text.append(UInt8(ascii: "."))
                        text.append(UInt8(ascii: "0"))
                    }
                } else {
                    text.append(contentsOf: UnsafeBufferPointer(rebasing: significant[..<point]))
                    text.append(UInt8(ascii: "."))
                    text.append(contentsOf: UnsafeBufferPointer(rebasing: significant[point...]))
                }
                return
            }
            text.append(significant[0])
            if significant.count > 1 {
                text.append(UInt8(ascii: "."))
                text.append(contentsOf: UnsafeBufferPointer(rebasing: significant[1...]))
            }
            text.append(UInt8(ascii: "e"))
            text.append(UInt8(ascii: decimalExponent < 0 ? "-" : "+"))
            let magnitude = abs(decimalExponent)
            if magnitude < 10 { text.append(UInt8(ascii: "0")) }
            appendUnsigned(UInt64(magnitude), to: &text)
        }
    }

    /// A number's shortest round-trip text as `description` writes it, caught in a fixed
    /// buffer rather than a `String`: `write(to:)` hands its bytes to `_writeASCII`, so a
    /// value costs no allocation (two threads formatting doubles share one malloc arena).
    struct ShortestText: TextOutputStream {
        /// 48 bytes; Swift's longest text of a double is 24.
        private var storage: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0)
        private var count = 0

        /// The text of `value`.
        init(_ value: some TextOutputStreamable) {
            value.write(to: &self)
        }

        mutating func write(_ string: String) {
            for byte in string.utf8 { append(byte) }
        }

        mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) {
            for byte in buffer { append(byte) }
        }

        private mutating func append(_ byte: UInt8) {
            precondition(count < 48, "a number's text longer than 48 bytes")
            let index = count
            withUnsafeMutableBytes(of: &storage) { $0[index] = byte }
            count += 1
        }

        /// Calls `body` with the text's bytes.
        func withBytes<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
            withUnsafeBytes(of: storage) { body(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
        }
    }
}
