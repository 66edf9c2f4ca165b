/// One table of a FlatBuffers buffer (the encoding of Arrow's IPC metadata), read from
/// untrusted bytes: every offset is checked against the buffer, so that malformed
/// metadata is an ``ArrowDecodeError`` with its offset, never a crash.
///
/// A table starts with a signed offset back to its vtable; the vtable lists, per field
/// id, the field's offset within the table (0: absent, the default applies). Tables,
/// strings and vectors are reached through unsigned offsets relative to where they are
/// stored.
struct FlatBufferTable {
    /// The metadata bytes.
    let bytes: [UInt8]
    /// Where `bytes` starts in the stream (for errors).
    let base: Int
    /// The table's start within `bytes`.
    let position: Int
    private let vtable: Int
    private let vtableSize: Int
    private let tableSize: Int

    /// The root table of the buffer `bytes`.
    init(root bytes: [UInt8], base: Int) throws(ArrowDecodeError) {
        let offset = try Self.uint32(bytes, 0, base: base)
        try self.init(bytes, base: base, position: Int(offset))
    }

    private init(_ bytes: [UInt8], base: Int, position: Int) throws(ArrowDecodeError) {
        self.bytes = bytes
        self.base = base
        self.position = position
        let back = Int(Int32(bitPattern: try Self.uint32(bytes, position, base: base)))
        vtable = position - back
        guard vtable >= 0, vtable + 4 <= bytes.count else {
            throw ArrowDecodeError("a FlatBuffers vtable offset points outside the metadata", at: base + position)
        }
        vtableSize = Int(try Self.uint16(bytes, vtable, base: base))
        tableSize = Int(try Self.uint16(bytes, vtable + 2, base: base))
        guard vtableSize >= 4, vtableSize % 2 == 0, vtable + vtableSize <= bytes.count, tableSize >= 4,
            position + tableSize <= bytes.count
        else {
            throw ArrowDecodeError("a FlatBuffers vtable or table does not fit in the metadata", at: base + vtable)
        }
    }

    // MARK: Fields

    /// Where field `id` is stored, or nil when it is absent.
    private func field(_ id: Int) throws(ArrowDecodeError) -> Int? {
        let entry = 4 + 2 * id
        guard entry + 2 <= vtableSize else { return nil }
        let offset = Int(try Self.uint16(bytes, vtable + entry, base: base))
        guard offset != 0 else { return nil }
        guard offset < tableSize else {
            throw ArrowDecodeError("a FlatBuffers field lies outside its table", at: base + vtable + entry)
        }
        return position + offset
    }

    func int8(_ id: Int, default value: Int8 = 0) throws(ArrowDecodeError) -> Int8 {
        guard let at = try field(id) else { return value }
        return Int8(bitPattern: try Self.byte(bytes, at, base: base))
    }

    func bool(_ id: Int, default value: Bool = false) throws(ArrowDecodeError) -> Bool {
        guard let at = try field(id) else { return value }
        return try Self.byte(bytes, at, base: base) != 0
    }

    func int16(_ id: Int, default value: Int16 = 0) throws(ArrowDecodeError) -> Int16 {
        guard let at = try field(id) else { return value }
        return Int16(bitPattern: try Self.uint16(bytes, at, base: base))
    }

    func int32(_ id: Int, default value: Int32 = 0) throws(ArrowDecodeError) -> Int32 {
        guard let at = try field(id) else { return value }
        return Int32(bitPattern: try Self.uint32(bytes, at, base: base))
    }

    func int64(_ id: Int, default value: Int64 = 0) throws(ArrowDecodeError) -> Int64 {
        guard let at = try field(id) else { return value }
        return try Self.int64(bytes, at, base: base)
    }

    /// Where the uoffset stored in field `id` leads, or nil when the field is absent.
    private func target(_ id: Int) throws(ArrowDecodeError) -> Int? {
        guard let at = try field(id) else { return nil }
        return try Self.follow(bytes, at, base: base)
    }

    /// The table field `id` refers to.
    func table(_ id: Int) throws(ArrowDecodeError) -> FlatBufferTable? {
        guard let at = try target(id) else { return nil }
        return try FlatBufferTable(bytes, base: base, position: at)
    }

    /// The string field `id` holds (UTF-8, invalid sequences repaired).
    func string(_ id: Int) throws(ArrowDecodeError) -> String? {
        guard let vector = try vector(id, elementSize: 1) else { return nil }
        return String(decoding: bytes[vector.start..<vector.start + vector.count], as: UTF8.self)
    }

    /// A vector field: where its elements start and how many there are, each
    /// `elementSize` bytes (checked to fit in the metadata).
    func vector(_ id: Int, elementSize: Int) throws(ArrowDecodeError) -> (start: Int, count: Int)? {
        guard let at = try target(id) else { return nil }
        let count = Int(try Self.uint32(bytes, at, base: base))
        let start = at + 4
        guard count <= (bytes.count - start) / elementSize else {
            throw ArrowDecodeError("a FlatBuffers vector of \(count) elements does not fit in the metadata", at: base + at)
        }
        return (start, count)
    }

    /// The tables of a vector-of-tables field.
    func tables(_ id: Int) throws(ArrowDecodeError) -> [FlatBufferTable] {
        guard let vector = try vector(id, elementSize: 4) else { return [] }
        var tables: [FlatBufferTable] = []
        tables.reserveCapacity(vector.count)
        for index in 0..<vector.count {
            let slot = vector.start + 4 * index
            tables.append(try FlatBufferTable(bytes, base: base, position: try Self.follow(bytes, slot, base: base)))
        }
        return tables
    }

    /// The little-endian 64-bit integer at `offset` (a struct member in a vector).
    func int64(at offset: Int) throws(ArrowDecodeError) -> Int64 { try Self.int64(bytes, offset, base: base) }

    // MARK: Bytes

    private static func follow(_ bytes: [UInt8], _ at: Int, base: Int) throws(ArrowDecodeError) -> Int {
        let target = at + Int(try uint32(bytes, at, base: base))
        guard target < bytes.count else {
            throw ArrowDecodeError("a FlatBuffers offset points outside the metadata", at: base + at)
        }
        return target
    }

    private static func byte(_ bytes: [UInt8], _ at: Int, base: Int) throws(ArrowDecodeError) -> UInt8 {
        guard at >= 0, at < bytes.count else { throw ArrowDecodeError("the metadata ends early", at: base + at) }
        return bytes[at]
    }

    static func uint16(_ bytes: [UInt8], _ at: Int, base: Int) throws(ArrowDecodeError) -> UInt16 {
        guard at >= 0, at + 2 <= bytes.count else { throw ArrowDecodeError("the metadata ends early", at: base + at) }
        return UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }

    static func uint32(_ bytes: [UInt8], _ at: Int, base: Int) throws(ArrowDecodeError) -> UInt32 {
        guard at >= 0, at + 4 <= bytes.count else { throw ArrowDecodeError("the metadata ends early", at: base + at) }
        var value: UInt32 = 0
        for index in 0..<4 { value |= UInt32(bytes[at + index]) << (8 * UInt32(index)) }
        return value
    }

    static func int64(_ bytes: [UInt8], _ at: Int, base: Int) throws(ArrowDecodeError) -> Int64 {
        guard at >= 0, at + 8 <= bytes.count else { throw ArrowDecodeError("the metadata ends early", at: base + at) }
        var value: UInt64 = 0
        for index in 0..<8 { value |= UInt64(bytes[at + index]) << (8 * UInt64(index)) }
        return Int64(bitPattern: value)
    }
}
