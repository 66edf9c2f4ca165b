/// The unit of an Arrow time, timestamp or duration.
enum ArrowTimeUnit: Int16, Sendable, Hashable {
    case second = 0, millisecond = 1, microsecond = 2, nanosecond = 3

    /// Units in one second.
    var perSecond: Int64 {
        switch self {
        case .second: 1
        case .millisecond: 1000
        case .microsecond: 1_000_000
        case .nanosecond: 1_000_000_000
        }
    }
}

/// An Arrow logical type as the IPC schema names it (`Schema.fbs`), with the parameters
/// mlgate needs to read its values.
enum ArrowType: Sendable, Hashable {
    case null
    case bool
    case int(bits: Int, signed: Bool)
    /// Half, single or double precision (16, 32 or 64 bits).
    case float(bits: Int)
    /// UTF-8 text with 32-bit (`large`: 64-bit) offsets.
    case utf8(large: Bool)
    /// Bytes with 32-bit (`large`: 64-bit) offsets.
    case binary(large: Bool)
    case fixedSizeBinary(width: Int)
    /// An unscaled two's complement integer of `bits` (32, 64, 128 or 256) with `scale` decimals.
    case decimal(precision: Int, scale: Int, bits: Int)
    /// Days (32 bits) or milliseconds (64 bits) since the epoch.
    case date(milliseconds: Bool)
    case time(unit: ArrowTimeUnit, bits: Int)
    case timestamp(unit: ArrowTimeUnit, timezone: String?)
    case structure
    /// A type mlgate does not read (lists, maps, unions, intervals, durations, view
    /// types…), with how its data is laid out so that the columns after it are found.
    case unsupported(name: String, layout: Layout)

    /// How many buffers a column of a type uses in a record batch, beyond its children's.
    enum Layout: Sendable, Hashable {
        case buffers(Int)
        /// Two fixed buffers (validity, views), then as many data buffers as the record
        /// batch's `variadicBufferCounts` says.
        case variadic
    }

    /// The buffers a column of this type has in a record batch (its children's apart).
    var layout: Layout {
        switch self {
        case .null: .buffers(0)
        case .structure: .buffers(1)
        case .utf8, .binary: .buffers(3)
        case .bool, .int, .float, .fixedSizeBinary, .decimal, .date, .time, .timestamp: .buffers(2)
        case .unsupported(_, let layout): layout
        }
    }

    /// The type's name as Arrow writes it (in errors).
    var name: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .int(let bits, let signed): "\(signed ? "" : "u")int\(bits)"
        case .float(let bits): bits == 16 ? "halffloat" : bits == 32 ? "float" : "double"
        case .utf8(let large): large ? "large_string" : "string"
        case .binary(let large): large ? "large_binary" : "binary"
        case .fixedSizeBinary(let width): "fixed_size_binary[\(width)]"
        case .decimal(let precision, let scale, let bits): "decimal\(bits)(\(precision), \(scale))"
        case .date(let milliseconds): milliseconds ? "date64" : "date32"
        case .time(_, let bits): "time\(bits)"
        case .timestamp: "timestamp"
        case .structure: "struct"
        case .unsupported(let name, _): name
        }
    }
}

/// One field of an Arrow schema: its name, type, nullability, children (a struct's
/// fields) and, for a dictionary-encoded field, the dictionary it refers to.
struct ArrowField: Sendable, Hashable {
    var name: String
    var nullable: Bool
    /// The values' type (a dictionary-encoded field: the dictionary's value type).
    var type: ArrowType
    var children: [ArrowField]
    /// For a dictionary-encoded field: the dictionary it refers to.
    var dictionary: ArrowDictionaryEncoding?

    init(name: String, nullable: Bool, type: ArrowType, children: [ArrowField] = []) {
        self.name = name
        self.nullable = nullable
        self.type = type
        self.children = children
    }

    /// The buffers this field's column occupies in a record batch, beyond its children's:
    /// a dictionary-encoded column is its indices (validity and values).
    var layout: ArrowType.Layout { dictionary == nil ? type.layout : .buffers(2) }
}

/// How a dictionary-encoded field's cells are stored: integer indices into the dictionary
/// with the id `id`, sent before the record batches in a dictionary batch.
struct ArrowDictionaryEncoding: Sendable, Hashable {
    var id: Int64
    var indexBits: Int
    var indexSigned: Bool
}

/// The schema message of an Arrow IPC stream: the fields of every record batch after it.
struct ArrowSchema: Sendable, Hashable {
    var fields: [ArrowField]

    /// The deepest nesting of fields accepted.
    static let maximumDepth = 64

    /// Decodes a `Schema` table.
    init(_ table: FlatBufferTable) throws(ArrowDecodeError) {
        if try table.int16(0) != 0 {
            throw ArrowDecodeError("the stream is big-endian; mlgate reads little-endian Arrow only", at: table.base + table.position)
        }
        fields = try table.tables(1).map { (field) throws(ArrowDecodeError) in try Self.field(field, depth: 0) }
    }

    init(fields: [ArrowField]) { self.fields = fields }

    private static func field(_ table: FlatBufferTable, depth: Int) throws(ArrowDecodeError) -> ArrowField {
        guard depth < maximumDepth else {
            throw ArrowDecodeError("fields nest deeper than \(maximumDepth) levels", at: table.base + table.position)
        }
        let name = try table.string(0) ?? ""
        let typeCode = try table.int8(2)
        let type = try Self.type(code: UInt8(bitPattern: typeCode), table.table(3), at: table.base + table.position)
        let children = try table.tables(5).map { (child) throws(ArrowDecodeError) in try Self.field(child, depth: depth + 1) }
        var field = ArrowField(name: name, nullable: try table.bool(1), type: type, children: children)
        if let encoding = try table.table(4) {
            var bits = 32, signed = true
            if let index = try encoding.table(1) {
                bits = Int(try index.int32(0))
                signed = try index.bool(1)
            }
            guard [8, 16, 32, 64].contains(bits) else {
                throw ArrowDecodeError("a dictionary index of \(bits) bits; expected 8, 16, 32 or 64", at: encoding.base + encoding.position)
            }
            field.dictionary = ArrowDictionaryEncoding(id: try encoding.int64(0), indexBits: bits, indexSigned: signed)
        }
        return field
    }

    /// The type of union member `code` of `Type` (Schema.fbs), its table `parameters`.
    private static func type(code: UInt8, _ parameters: FlatBufferTable?, at offset: Int) throws(ArrowDecodeError) -> ArrowType {
        func unit(_ id: Int, default value: ArrowTimeUnit) throws(ArrowDecodeError) -> ArrowTimeUnit {
            let raw = try parameters?.int16(id, default: value.rawValue) ?? value.rawValue
            guard let unit = ArrowTimeUnit(rawValue: raw) else { throw ArrowDecodeError("an unknown time unit \(raw)", at: offset) }
            return unit
        }
        switch code {
        case 1: return .null
        case 2:
            let bits = Int(try parameters?.int32(0) ?? 0)
            guard [8, 16, 32, 64].contains(bits) else { throw ArrowDecodeError("an integer of \(bits) bits", at: offset) }
            return .int(bits: bits, signed: try parameters?.bool(1) ?? false)
        case 3:
            switch try parameters?.int16(0) ?? 0 {
            case 0: return .float(bits: 16)
            case 1: return .float(bits: 32)
            case 2: return .float(bits: 64)
            case let other: throw ArrowDecodeError("an unknown floating-point precision \(other)", at: offset)
            }
        case 4: return .binary(large: false)
        case 5: return .utf8(large: false)
        case 6: return .bool
        case 7:
            let bits = Int(try parameters?.int32(2, default: 128) ?? 128)
            guard [32, 64, 128, 256].contains(bits) else { throw ArrowDecodeError("a decimal of \(bits) bits", at: offset) }
            let precision = Int(try parameters?.int32(0) ?? 0), scale = Int(try parameters?.int32(1) ?? 0)
            guard (-1000...1000).contains(scale) else { throw ArrowDecodeError("a decimal scale of \(scale)", at: offset) }
            return .decimal(precision: precision, scale: scale, bits: bits)
        case 8: return .date(milliseconds: try parameters?.int16(0, default: 1) ?? 1 == 1)
        case 9:
            let bits = Int(try parameters?.int32(1, default: 32) ?? 32)
            let timeUnit = try unit(0, default: .millisecond)
            guard bits == (timeUnit.perSecond <= 1000 ? 32 : 64) else {
                throw ArrowDecodeError("a time of \(bits) bits in that unit", at: offset)
            }
            return .time(unit: timeUnit, bits: bits)
        case 10: return .timestamp(unit: try unit(0, default: .second), timezone: try parameters?.string(1))
        case 11: return .unsupported(name: "interval", layout: .buffers(2))
        case 12: return .unsupported(name: "list", layout: .buffers(2))
        case 13: return .structure
        case 14:
            // Unions carry no validity bitmap: type ids, and offsets when dense (mode 1).
            let dense = try parameters?.int16(0) ?? 0 == 1
            return .unsupported(name: "union", layout: .buffers(dense ? 2 : 1))
        case 15:
            let width = Int(try parameters?.int32(0) ?? 0)
            guard width >= 0 else { throw ArrowDecodeError("a fixed-size binary of width \(width)", at: offset) }
            return .fixedSizeBinary(width: width)
        case 16: return .unsupported(name: "fixed_size_list", layout: .buffers(1))
        case 17: return .unsupported(name: "map", layout: .buffers(2))
        case 18: return .unsupported(name: "duration", layout: .buffers(2))
        case 19: return .binary(large: true)
        case 20: return .utf8(large: true)
        case 21: return .unsupported(name: "large_list", layout: .buffers(2))
        case 22: return .unsupported(name: "run_end_encoded", layout: .buffers(0))
        case 23: return .unsupported(name: "binary_view", layout: .variadic)
        case 24: return .unsupported(name: "string_view", layout: .variadic)
        case 25: return .unsupported(name: "list_view", layout: .buffers(3))
        case 26: return .unsupported(name: "large_list_view", layout: .buffers(3))
        default: throw ArrowDecodeError("an unknown Arrow type \(code)", at: offset)
        }
    }
}
