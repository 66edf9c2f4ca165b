import Foundation

/// One column of a record batch, as cells: a top-level field, or a struct's field
/// (`parent.child`, null where the parent is), or a dictionary-encoded field read
/// through its dictionary.
///
/// Every buffer's size and every offset were checked when the column was made, so that
/// reading a cell cannot go out of range. A cell's text follows docs/parquet.md (the
/// text pandas' `to_csv` writes for the same value), so that a gate judges a table read
/// as Arrow exactly as it judges the same table read from Parquet or CSV.
struct ArrowColumn: Sendable {
    /// The column's name (`parent.child` for a struct's field).
    let name: String
    /// The values' type (a dictionary-encoded column: the dictionary's value type).
    let type: ArrowType
    /// The number of cells.
    let length: Int
    /// Validity bitmaps, the column's own and its parents' (empty buffers: all valid).
    private let validity: [ArrowBuffer]
    /// The values (fixed width), or the bytes of variable-width values.
    private let values: ArrowBuffer
    /// Offsets into `values` of a variable-width column (32 or 64 bits each).
    private let offsets: ArrowBuffer
    /// For a dictionary-encoded column, the dictionary's cells; `values` then holds indices.
    private let dictionary: [[UInt8]?]?
    private let indexBits: Int
    private let indexSigned: Bool
    /// A null column: every cell is null.
    private let allNull: Bool

    /// Makes the column of `field` from its buffers, checking their sizes and offsets.
    init(
        name: String, field: ArrowField, length: Int, buffers: [ArrowBuffer], parents: [ArrowBuffer],
        dictionary: [[UInt8]?]?, at offset: Int
    ) throws(ArrowDecodeError) {
        self.name = name
        self.type = field.type
        self.length = length
        func fail(_ message: String) -> ArrowDecodeError { ArrowDecodeError("column '\(name)': \(message)", at: offset) }
        allNull = field.type == .null
        let own = buffers.first ?? .empty
        guard own.count == 0 || own.count >= (length + 7) / 8 else { throw fail("the validity bitmap is shorter than \(length) rows") }
        validity = (own.count == 0 ? [] : [own]) + parents
        values = buffers.count > 1 ? buffers[buffers.count == 3 ? 2 : 1] : .empty
        offsets = buffers.count == 3 ? buffers[1] : .empty
        if let encoding = field.dictionary {
            guard let dictionary else { throw fail("dictionary \(encoding.id) was not sent before the record batch") }
            self.dictionary = dictionary
            indexBits = encoding.indexBits
            indexSigned = encoding.indexSigned
            guard values.count >= length * indexBits / 8 else { throw fail("the dictionary indices are shorter than \(length) rows") }
            for row in 0..<length where !isNull(row) {
                let index = self.index(row)
                guard index >= 0, index < dictionary.count else {
                    throw fail("row \(row) refers to dictionary entry \(index) of \(dictionary.count)")
                }
            }
            return
        }
        self.dictionary = nil
        indexBits = 0
        indexSigned = false
        let width: Int
        switch field.type {
        case .null, .structure: return
        case .unsupported(let typeName, _):
            throw fail("a \(typeName) column, which mlgate does not read (flat columns only; a struct's fields are read as parent.child)")
        case .bool: width = 0
        case .int(let bits, _), .float(let bits), .decimal(_, _, let bits), .time(_, let bits): width = bits / 8
        case .date(let milliseconds): width = milliseconds ? 8 : 4
        case .timestamp(_, let timezone):
            if let timezone, ArrowText.offsetSeconds(timezone, at: 0) == nil { throw fail("an unknown time zone '\(timezone)'") }
            width = 8
        case .fixedSizeBinary(let size): width = size
        case .utf8(let large), .binary(let large):
            let offsetWidth = large ? 8 : 4
            guard length == 0 || offsets.count >= (length + 1) * offsetWidth else {
                throw fail("the offsets are shorter than \(length + 1) entries")
            }
            var previous = length == 0 ? 0 : try Self.offset(offsets, 0, large: large)
            guard previous >= 0 else { throw fail("offset 0 is negative") }
            for row in 0..<length {
                let next = try Self.offset(offsets, row + 1, large: large)
                guard next >= previous, next <= values.count else {
                    throw fail("offset \(row + 1) (\(next)) is not between \(previous) and the data's \(values.count) bytes")
                }
                previous = next
            }
            return
        }
        let needed = width == 0 ? (length + 7) / 8 : length * width
        guard values.count >= needed else { throw fail("the values take \(values.count) bytes; \(length) rows need \(needed)") }
    }

    private static func offset(_ offsets: ArrowBuffer, _ index: Int, large: Bool) throws(ArrowDecodeError) -> Int {
        if large {
            let value = offsets.load(index, as: Int64.self)
            guard value >= 0 else { throw ArrowDecodeError("offset \(index) is negative", at: offsets.streamOffset) }
            return Int(value)
        }
        return Int(offsets.load(index, as: Int32.self))
    }

    /// Whether the cell in `row` is null (its own validity, or a parent's).
    func isNull(_ row: Int) -> Bool {
        if allNull { return true }
        for bitmap in validity where !bitmap.bit(row) { return true }
        return false
    }

    private func index(_ row: Int) -> Int {
        switch (indexBits, indexSigned) {
        case (8, true): Int(values.load(row, as: Int8.self))
        case (8, false): Int(values.load(row, as: UInt8.self))
        case (16, true): Int(values.load(row, as: Int16.self))
        case (16, false): Int(values.load(row, as: UInt16.self))
        case (32, true): Int(values.load(row, as: Int32.self))
        case (32, false): Int(values.load(row, as: UInt32.self))
        case (_, true): Int(truncatingIfNeeded: values.load(row, as: Int64.self))
        default: Int(truncatingIfNeeded: values.load(row, as: UInt64.self))
        }
    }

    /// The cell's text (see the type's doc), or nil when it is null.
    func text(_ row: Int) -> [UInt8]? {
        var text: [UInt8] = []
        return appendText(row, to: &text) ? text : nil
    }

    /// Appends the text of the cell in `row`; false (nothing appended) when it is null.
    func appendText(_ row: Int, to text: inout [UInt8]) -> Bool {
        if isNull(row) { return false }
        if let dictionary {
            guard let cell = dictionary[index(row)] else { return false }
            text.append(contentsOf: cell)
            return true
        }
        switch type {
        case .null, .structure, .unsupported: return false
        case .bool:
            text.append(contentsOf: values.bit(row) ? Array("True".utf8) : Array("False".utf8))
        case .int(let bits, let signed):
            switch (bits, signed) {
            case (8, true): ParquetText.appendInteger(Int64(values.load(row, as: Int8.self)), to: &text)
            case (8, false): ParquetText.appendUnsigned(UInt64(values.load(row, as: UInt8.self)), to: &text)
            case (16, true): ParquetText.appendInteger(Int64(values.load(row, as: Int16.self)), to: &text)
            case (16, false): ParquetText.appendUnsigned(UInt64(values.load(row, as: UInt16.self)), to: &text)
            case (32, true): ParquetText.appendInteger(Int64(values.load(row, as: Int32.self)), to: &text)
            case (32, false): ParquetText.appendUnsigned(UInt64(values.load(row, as: UInt32.self)), to: &text)
            case (_, true): ParquetText.appendInteger(values.load(row, as: Int64.self), to: &text)
            default: ParquetText.appendUnsigned(values.load(row, as: UInt64.self), to: &text)
            }
        case .float(let bits):
            switch bits {
            case 16: ParquetText.appendFloat(ParquetCells.float(half: values.load(row, as: UInt16.self)), to: &text)
            case 32: ParquetText.appendFloat(Float(bitPattern: values.load(row, as: UInt32.self)), to: &text)
            default:
                let value = Double(bitPattern: values.load(row, as: UInt64.self))
                // pandas writes NaN as an empty cell.
                if value.isNaN { return false }
                ParquetText.appendDouble(value, to: &text)
            }
        case .utf8(let large), .binary(let large):
            let start = Self.uncheckedOffset(offsets, row, large: large), end = Self.uncheckedOffset(offsets, row + 1, large: large)
            let bytes = values.bytes(start..<end)
            if case .utf8 = type { text.append(contentsOf: bytes) } else { Self.appendBinary(bytes, to: &text) }
        case .fixedSizeBinary(let width):
            Self.appendBinary(values.bytes(row * width..<(row + 1) * width), to: &text)
        case .decimal(_, let scale, let bits):
            switch bits {
            case 32: ParquetText.appendDecimal(digits: Int64(values.load(row, as: Int32.self)), scale: scale, to: &text)
            case 64: ParquetText.appendDecimal(digits: values.load(row, as: Int64.self), scale: scale, to: &text)
            default:
                let width = bits / 8
                ParquetText.appendDecimal(bigEndian: ArraySlice(values.bytes(row * width..<(row + 1) * width).reversed()), scale: scale, to: &text)
            }
        case .date(let milliseconds):
            let days = milliseconds ? ParquetText.floorDivide(values.load(row, as: Int64.self), 86_400_000) : Int64(values.load(row, as: Int32.self))
            ParquetText.appendDate(days: days, to: &text)
        case .time(let unit, let bits):
            let value = bits == 32 ? Int64(values.load(row, as: Int32.self)) : values.load(row, as: Int64.self)
            ArrowText.appendTime(value, unit: unit, to: &text)
        case .timestamp(let unit, let timezone):
            ArrowText.appendTimestamp(values.load(row, as: Int64.self), unit: unit, timezone: timezone, to: &text)
        }
        return true
    }

    private static func uncheckedOffset(_ offsets: ArrowBuffer, _ index: Int, large: Bool) -> Int {
        large ? Int(offsets.load(index, as: Int64.self)) : Int(offsets.load(index, as: Int32.self))
    }

    /// Bytes as text: their UTF-8 when they are UTF-8, else base64 (as for Parquet).
    private static func appendBinary(_ bytes: ArraySlice<UInt8>, to text: inout [UInt8]) {
        if bytes.allSatisfy({ $0 < 0x80 }) || String(validating: bytes, as: UTF8.self) != nil {
            text.append(contentsOf: bytes)
        } else {
            text.append(contentsOf: Array(Data(bytes).base64EncodedString().utf8))
        }
    }
}
