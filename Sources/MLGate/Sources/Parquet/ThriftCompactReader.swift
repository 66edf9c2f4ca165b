/// A decoder of the Thrift compact protocol, the encoding of Parquet's footer
/// (`FileMetaData`) and page headers.
///
/// It reads untrusted bytes: every read is bounds-checked, lengths and counts are
/// checked against the bytes left, and nesting is limited, so that malformed input is a
/// ``ParquetDecodeError`` (with its offset), never a crash or a hang.
struct ThriftCompactReader {
    /// The compact protocol's type ids.
    enum FieldType: UInt8, Sendable, CustomStringConvertible {
        case booleanTrue = 1, booleanFalse = 2, byte = 3, i16 = 4, i32 = 5, i64 = 6, double = 7
        case binary = 8, list = 9, set = 10, map = 11, structure = 12

        var description: String {
            switch self {
            case .booleanTrue, .booleanFalse: "bool"
            case .byte: "i8"
            case .i16: "i16"
            case .i32: "i32"
            case .i64: "i64"
            case .double: "double"
            case .binary: "binary"
            case .list: "list"
            case .set: "set"
            case .map: "map"
            case .structure: "struct"
            }
        }
    }

    /// A field header: its id and type (booleans carry their value in the type).
    struct Field {
        var id: Int16
        var type: FieldType
        /// Where the field header starts.
        var offset: Int
    }

    private let bytes: [UInt8]
    /// The next byte to read.
    private(set) var position: Int
    private let end: Int
    private var depth = 0
    private var lastFieldIds: [Int16] = []
    /// The deepest nesting of structs and containers accepted.
    static let maximumDepth = 64

    /// Reads `bytes[start..<end]` (the whole array by default).
    init(_ bytes: [UInt8], from start: Int = 0, to end: Int? = nil) {
        self.bytes = bytes
        position = start
        self.end = min(end ?? bytes.count, bytes.count)
    }

    /// Whether the bytes ran out (a page header read from too short a window).
    var isAtEnd: Bool { position >= end }

    // MARK: Scalars

    mutating func byte() throws(ParquetDecodeError) -> UInt8 {
        guard position < end else { throw ParquetDecodeError("Thrift data ends early", at: position) }
        defer { position += 1 }
        return bytes[position]
    }

    /// An unsigned LEB128 varint of at most 64 bits.
    mutating func varint() throws(ParquetDecodeError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        let start = position
        while true {
            let next = try byte()
            if shift == 63, next > 1 { throw ParquetDecodeError("Thrift varint is longer than 64 bits", at: start) }
            result |= UInt64(next & 0x7F) << shift
            if next & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw ParquetDecodeError("Thrift varint is longer than 64 bits", at: start) }
        }
    }

    /// A zigzag-encoded signed varint.
    mutating func zigzag() throws(ParquetDecodeError) -> Int64 {
        let raw = try varint()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    mutating func i32() throws(ParquetDecodeError) -> Int32 {
        let start = position
        let value = try zigzag()
        guard let narrow = Int32(exactly: value) else { throw ParquetDecodeError("Thrift i32 out of range: \(value)", at: start) }
        return narrow
    }

    mutating func i64() throws(ParquetDecodeError) -> Int64 { try zigzag() }

    mutating func double() throws(ParquetDecodeError) -> Double {
        guard end - position >= 8 else { throw ParquetDecodeError("Thrift double ends early", at: position) }
        var raw: UInt64 = 0
        for index in 0..<8 { raw |= UInt64(bytes[position + index]) << (8 * UInt64(index)) }
        position += 8
        return Double(bitPattern: raw)
    }

    /// A length-prefixed byte string.
    mutating func binary() throws(ParquetDecodeError) -> ArraySlice<UInt8> {
        let start = position
        let length = try varint()
        guard length <= UInt64(end - position) else {
            throw ParquetDecodeError("Thrift binary of \(length) bytes runs past the end of its data", at: start)
        }
        defer { position += Int(length) }
        return bytes[position..<position + Int(length)]
    }

    mutating func string() throws(ParquetDecodeError) -> String {
        String(decoding: try binary(), as: UTF8.self)
    }

    // MARK: Structs and containers

    /// Starts reading a struct's fields.
    mutating func beginStruct() throws(ParquetDecodeError) {
        depth += 1
        guard depth <= Self.maximumDepth else { throw ParquetDecodeError("Thrift data nests too deeply", at: position) }
        lastFieldIds.append(0)
    }

    /// The next field header of the struct being read; `nil` at its stop byte (which
    /// also ends the struct).
    mutating func nextField() throws(ParquetDecodeError) -> Field? {
        let start = position
        let header = try byte()
        if header == 0 {
            lastFieldIds.removeLast()
            depth -= 1
            return nil
        }
        guard let type = FieldType(rawValue: header & 0x0F) else {
            throw ParquetDecodeError("Thrift field has unknown type \(header & 0x0F)", at: start)
        }
        let delta = Int16(header >> 4)
        let id: Int16
        if delta == 0 {
            let value = try zigzag()
            guard let narrow = Int16(exactly: value) else { throw ParquetDecodeError("Thrift field id out of range", at: start) }
            id = narrow
        } else {
            id = lastFieldIds[lastFieldIds.count - 1] &+ delta
        }
        lastFieldIds[lastFieldIds.count - 1] = id
        return Field(id: id, type: type, offset: start)
    }

    /// A list or set header: its element type and count (checked against the bytes left:
    /// every element takes at least one byte, but for booleans packed in types).
    mutating func listHeader() throws(ParquetDecodeError) -> (type: FieldType, count: Int) {
        let start = position
        let header = try byte()
        var count = UInt64(header >> 4)
        if count == 15 { count = try varint() }
        guard let type = FieldType(rawValue: header & 0x0F) else {
            throw ParquetDecodeError("Thrift list has unknown element type \(header & 0x0F)", at: start)
        }
        guard count <= UInt64(end - position) else {
            throw ParquetDecodeError("Thrift list of \(count) elements runs past the end of its data", at: start)
        }
        return (type, Int(count))
    }

    /// Reads a list whose elements must be of `type`, each with `element`.
    mutating func list<Element>(
        of type: FieldType, field: String, _ element: (inout ThriftCompactReader) throws(ParquetDecodeError) -> Element
    ) throws(ParquetDecodeError) -> [Element] {
        let start = position
        let (elementType, count) = try listHeader()
        guard elementType == type else {
            throw ParquetDecodeError("Thrift list '\(field)' holds \(elementType), expected \(type)", at: start)
        }
        depth += 1
        guard depth <= Self.maximumDepth else { throw ParquetDecodeError("Thrift data nests too deeply", at: start) }
        defer { depth -= 1 }
        var elements: [Element] = []
        elements.reserveCapacity(count)
        for _ in 0..<count { elements.append(try element(&self)) }
        return elements
    }

    /// Skips a value of `type` (a field mlgate does not need).
    mutating func skip(_ type: FieldType) throws(ParquetDecodeError) {
        switch type {
        case .booleanTrue, .booleanFalse: return
        case .byte: _ = try byte()
        case .i16, .i32, .i64: _ = try varint()
        case .double: _ = try double()
        case .binary: _ = try binary()
        case .list, .set:
            let (elementType, count) = try listHeader()
            try nested { (reader: inout ThriftCompactReader) throws(ParquetDecodeError) in
                for _ in 0..<count {
                    if elementType == .booleanTrue || elementType == .booleanFalse { _ = try reader.byte() } else { try reader.skip(elementType) }
                }
            }
        case .map:
            let start = position
            let count = try varint()
            guard count <= UInt64(end - position) else {
                throw ParquetDecodeError("Thrift map of \(count) entries runs past the end of its data", at: start)
            }
            guard count > 0 else { return }
            let types = try byte()
            guard let key = FieldType(rawValue: types >> 4), let value = FieldType(rawValue: types & 0x0F) else {
                throw ParquetDecodeError("Thrift map has an unknown key or value type", at: start)
            }
            try nested { (reader: inout ThriftCompactReader) throws(ParquetDecodeError) in
                for _ in 0..<Int(count) {
                    try reader.skipElement(key)
                    try reader.skipElement(value)
                }
            }
        case .structure:
            try beginStruct()
            while let field = try nextField() { try skip(field.type) }
        }
    }

    private mutating func skipElement(_ type: FieldType) throws(ParquetDecodeError) {
        if type == .booleanTrue || type == .booleanFalse { _ = try byte() } else { try skip(type) }
    }

    private mutating func nested(_ body: (inout ThriftCompactReader) throws(ParquetDecodeError) -> Void) throws(ParquetDecodeError) {
        depth += 1
        guard depth <= Self.maximumDepth else { throw ParquetDecodeError("Thrift data nests too deeply", at: position) }
        defer { depth -= 1 }
        try body(&self)
    }

    // MARK: Typed fields

    /// Throws unless `field` has `type`: a Thrift field of the wrong type.
    func expect(_ field: Field, _ type: FieldType, _ name: String) throws(ParquetDecodeError) {
        let matches = type == .booleanTrue ? (field.type == .booleanTrue || field.type == .booleanFalse) : field.type == type
        guard matches else {
            throw ParquetDecodeError("Thrift field \(field.id) ('\(name)') has type \(field.type), expected \(type)", at: field.offset)
        }
    }

    mutating func i32(_ field: Field, _ name: String) throws(ParquetDecodeError) -> Int32 {
        try expect(field, .i32, name)
        return try i32()
    }

    mutating func i64(_ field: Field, _ name: String) throws(ParquetDecodeError) -> Int64 {
        try expect(field, .i64, name)
        return try i64()
    }

    mutating func string(_ field: Field, _ name: String) throws(ParquetDecodeError) -> String {
        try expect(field, .binary, name)
        return try string()
    }

    func bool(_ field: Field, _ name: String) throws(ParquetDecodeError) -> Bool {
        try expect(field, .booleanTrue, name)
        return field.type == .booleanTrue
    }

    /// Reads a nested struct field with `body`, which gets each of its fields.
    mutating func structure(
        _ field: Field, _ name: String, _ body: (inout ThriftCompactReader, Field) throws(ParquetDecodeError) -> Void
    ) throws(ParquetDecodeError) {
        try expect(field, .structure, name)
        try fields(body)
    }

    /// Reads a struct (starting at its first field header) with `body` for each field.
    mutating func fields(_ body: (inout ThriftCompactReader, Field) throws(ParquetDecodeError) -> Void) throws(ParquetDecodeError) {
        try beginStruct()
        while let field = try nextField() { try body(&self, field) }
    }
}
