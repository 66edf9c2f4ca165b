import Foundation

/// Values as cell texts, back to back: cell `i` is `text[ends[i - 1]..<ends[i]]`.
///
/// A dictionary's values are formatted once into cells, a data page's a batch of rows at
/// a time (see ``ParquetText`` for the textual forms); batches point into them.
struct ParquetCells: Sendable {
    var text: [UInt8] = []
    var ends: [Int] = []

    var count: Int { ends.count }

    /// The cells of `values` (those in `range` when given, numbered from its start), of
    /// a column whose leaf is `element`.
    init(_ values: ParquetValues, range: Range<Int>? = nil, element: ParquetSchemaElement) {
        let range = range ?? 0..<values.count
        let logical = element.logicalType
        if case .bytes(let arrays) = values, Self.isText(logical), range == 0..<arrays.count {
            // Strings are their bytes: the values' own storage, not copied.
            text = arrays.data
            ends = arrays.ends
            return
        }
        ends.reserveCapacity(range.count)
        switch values {
        case .booleans(let values):
            for value in values[range] { append(value ? "True" : "False") }
        case .int32(let values):
            text.reserveCapacity(range.count * 8)
            for value in values[range] {
                switch logical {
                case .date?: ParquetText.appendDate(days: Int64(value), to: &text)
                case .time(let unit, _)?: ParquetText.appendTime(Int64(value), unit: unit, to: &text)
                case .decimal(let scale, _)?: ParquetText.appendDecimal(digits: Int64(value), scale: scale, to: &text)
                case .integer(let bits, false)?:
                    ParquetText.appendUnsigned(UInt64(UInt32(bitPattern: value) & (bits >= 32 ? ~0 : (1 << UInt32(bits)) - 1)), to: &text)
                default: ParquetText.appendInteger(Int64(value), to: &text)
                }
                ends.append(text.count)
            }
        case .int64(let values):
            text.reserveCapacity(range.count * 10)
            for value in values[range] {
                switch logical {
                case .timestamp(let unit, let utc)?: ParquetText.appendTimestamp(value, unit: unit, utc: utc, to: &text)
                case .time(let unit, _)?: ParquetText.appendTime(value, unit: unit, to: &text)
                case .decimal(let scale, _)?: ParquetText.appendDecimal(digits: value, scale: scale, to: &text)
                case .integer(_, false)?: ParquetText.appendUnsigned(UInt64(bitPattern: value), to: &text)
                default: ParquetText.appendInteger(value, to: &text)
                }
                ends.append(text.count)
            }
        case .int96(let bytes):
            // Nanoseconds of the day (8 bytes), then the Julian day (4 bytes), little-endian.
            for start in stride(from: range.lowerBound * 12, to: min(bytes.count - 11, range.upperBound * 12), by: 12) {
                var nanos: UInt64 = 0
                for index in 0..<8 { nanos |= UInt64(bytes[start + index]) << (8 * UInt64(index)) }
                var julian: UInt32 = 0
                for index in 0..<4 { julian |= UInt32(bytes[start + 8 + index]) << (8 * UInt32(index)) }
                let days = Int64(Int32(bitPattern: julian)) - 2_440_588
                let (product, overflow) = days.multipliedReportingOverflow(by: 86_400_000_000_000)
                let nanosOfDay = Int64(clamping: nanos)
                let (sum, overflow2) = product.addingReportingOverflow(nanosOfDay)
                if overflow || overflow2 {
                    ParquetText.appendDate(days: days, to: &text)
                } else {
                    ParquetText.appendTimestamp(sum, unit: .nanos, utc: false, to: &text)
                }
                ends.append(text.count)
            }
        case .float(let values):
            text.reserveCapacity(range.count * 10)
            for value in values[range] {
                ParquetText.appendFloat(value, to: &text)
                ends.append(text.count)
            }
        case .double(let values):
            text.reserveCapacity(range.count * 12)
            for value in values[range] {
                ParquetText.appendDouble(value, to: &text)
                ends.append(text.count)
            }
        case .bytes(let arrays):
            for index in range {
                appendBytes(arrays.bytes(index), logical: logical)
                ends.append(text.count)
            }
        }
    }

    /// Whether byte arrays of this logical type are their text (strings, enums, JSON).
    static func isText(_ logical: ParquetLogicalType?) -> Bool {
        switch logical {
        case .string?, .enumeration?, .json?: true
        default: false
        }
    }

    init() {}

    private mutating func append(_ literal: StaticString) {
        text.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
        ends.append(text.count)
    }

    private mutating func appendBytes(_ bytes: ArraySlice<UInt8>, logical: ParquetLogicalType?) {
        switch logical {
        case .string?, .enumeration?, .json?:
            text.append(contentsOf: bytes)
        case .decimal(let scale, _)?:
            ParquetText.appendDecimal(bigEndian: bytes, scale: scale, to: &text)
        case .uuid? where bytes.count == 16:
            let hex = Array("0123456789abcdef".utf8)
            for (index, byte) in bytes.enumerated() {
                if [4, 6, 8, 10].contains(index) { text.append(UInt8(ascii: "-")) }
                text.append(hex[Int(byte >> 4)])
                text.append(hex[Int(byte & 15)])
            }
        case .float16? where bytes.count == 2:
            let bits = UInt16(bytes[bytes.startIndex]) | UInt16(bytes[bytes.startIndex + 1]) << 8
            ParquetText.appendFloat(Self.float(half: bits), to: &text)
        default:
            if bytes.allSatisfy({ $0 < 0x80 }) || String(validating: bytes, as: UTF8.self) != nil {
                text.append(contentsOf: bytes)
            } else {
                text.append(contentsOf: Array(Data(bytes).base64EncodedString().utf8))
            }
        }
    }

    /// An IEEE half-precision float's value.
    static func float(half bits: UInt16) -> Float {
        let sign: Float = bits & 0x8000 != 0 ? -1 : 1
        let exponent = Int((bits >> 10) & 0x1F), fraction = Float(bits & 0x3FF)
        switch exponent {
        case 0: return sign * fraction * Float(sign: .plus, exponent: -24, significand: 1)
        case 31: return fraction == 0 ? sign * .infinity : .nan
        default: return sign * (1 + fraction / 1024) * Float(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }
}
