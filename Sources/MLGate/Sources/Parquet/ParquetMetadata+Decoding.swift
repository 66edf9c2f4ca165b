/// Decoding of the footer's Thrift structs. Unknown fields are skipped; a known field of
/// the wrong Thrift type is an error.
extension ParquetFileMetadata {
    /// Decodes `FileMetaData` from `bytes`.
    init(decoding bytes: [UInt8]) throws(ParquetDecodeError) {
        var reader = ThriftCompactReader(bytes)
        var metadata = ParquetFileMetadata()
        try reader.fields { (reader: inout ThriftCompactReader, field) throws(ParquetDecodeError) in
            switch field.id {
            case 1: metadata.version = try reader.i32(field, "version")
            case 2:
                try reader.expect(field, .list, "schema")
                metadata.schema = try reader.list(of: .structure, field: "schema") { (reader: inout ThriftCompactReader) throws(ParquetDecodeError) in
                    try ParquetSchemaElement(&reader)
                }
            case 3: metadata.rowCount = try reader.i64(field, "num_rows")
            case 4:
                try reader.expect(field, .list, "row_groups")
                metadata.rowGroups = try reader.list(of: .structure, field: "row_groups") { (reader: inout ThriftCompactReader) throws(ParquetDecodeError) in
                    try ParquetRowGroup(&reader)
                }
            case 5:
                try reader.expect(field, .list, "key_value_metadata")
                metadata.keyValues = try reader.list(of: .structure, field: "key_value_metadata") {
                    (reader: inout ThriftCompactReader) throws(ParquetDecodeError) in
                    var key = "", value: String?
                    try reader.fields { (reader: inout ThriftCompactReader, field) throws(ParquetDecodeError) in
                        switch field.id {
                        case 1: key = try reader.string(field, "key")
                        case 2: value = try reader.string(field, "value")
                        default: try reader.skip(field.type)
                        }
                    }
                    return (key, value)
                }
            case 6: metadata.createdBy = try reader.string(field, "created_by")
            default: try reader.skip(field.type)
            }
        }
        self = metadata
    }
}

extension ParquetSchemaElement {
    init(_ reader: inout ThriftCompactReader) throws(ParquetDecodeError) {
        var element = ParquetSchemaElement()
        var converted: Int32?
        var scale = 0, precision = 0
        var logical: ParquetLogicalType?
        try reader.fields { (reader: inout ThriftCompactReader, field) throws(ParquetDecodeError) in
            switch field.id {
            case 1: element.type = try reader.physicalType(field)
            case 2: element.typeLength = Int(try reader.i32(field, "type_length"))
            case 3: element.repetition = try reader.i32(field, "repetition_type")
            case 4: element.name = try reader.string(field, "name")
            case 5:
                let count = try reader.i32(field, "num_children")
                guard count >= 0 else { throw ParquetDecodeError("negative num_children", at: field.offset) }
                element.childCount = Int(count)
            case 6: converted = try reader.i32(field, "converted_type")
            case 7: scale = Int(try reader.i32(field, "scale"))
            case 8: precision = Int(try reader.i32(field, "precision"))
            case 10:
                try reader.expect(field, .structure, "logicalType")
                logical = try ParquetLogicalType.decode(&reader)
            default: try reader.skip(field.type)
            }
        }
        element.logicalType = logical ?? converted.flatMap { ParquetLogicalType(converted: $0, scale: scale, precision: precision) }
        self = element
    }
}

extension ParquetLogicalType {
    /// The logical type a converted type (`ConvertedType`) stands for.
    init?(converted: Int32, scale: Int, precision: Int) {
        switch converted {
        case 0: self = .string
        case 1, 2: self = .map
        case 3: self = .list
        case 4: self = .enumeration
        case 5: self = .decimal(scale: scale, precision: precision)
        case 6: self = .date
        case 7: self = .time(.millis, utc: true)
        case 8: self = .time(.micros, utc: true)
        case 9: self = .timestamp(.millis, utc: true)
        case 10: self = .timestamp(.micros, utc: true)
        case 11...14: self = .integer(bits: 8 << Int(converted - 11), signed: false)
        case 15...18: self = .integer(bits: 8 << Int(converted - 15), signed: true)
        case 19: self = .json
        case 20: self = .bson
        case 21: self = .interval
        default: return nil
        }
    }

    /// Decodes the `LogicalType` union (the reader is at its first field header).
    static func decode(_ reader: inout ThriftCompactReader) throws(ParquetDecodeError) -> ParquetLogicalType {
        var result = ParquetLogicalType.unknown
        try reader.fields { (reader: inout ThriftCompactReader, field) throws(ParquetDecodeError) in
            switch field.id {
            case 1: try reader.skip(field.type); result = .string
            case 2: try reader.skip(field.type); result = .map
            case 3: try reader.skip(field.type); result = .list
            case 4: try reader.skip(field.type); result = .enumeration
            case 5:
                var scale = 0, precision = 0
                try reader.structure(field, "DECIMAL") { (reader: inout ThriftCompactReader, inner) throws(ParquetDecodeError) in
                    switch inner.id {
                    case 1: scale = Int(try reader.i32(inner, "scale"))
                    case 2: precision = Int(try reader.i32(inner, "precision"))
                    default: try reader.skip(inner.type)
                    }
                }
                result = .decimal(scale: scale, precision: precision)
            case 6: try reader.skip(field.type); result = .date
            case 7, 8:
                var utc = false, unit = ParquetTimeUnit.millis
                try reader.structure(field, field.id == 7 ? "TIME" : "TIMESTAMP") { (reader: inout ThriftCompactReader, inner) throws(ParquetDecodeError) in
                    switch inner.id {
                    case 1: utc = try reader.bool(inner, "isAdjustedToUTC")
                    case 2:
                        try reader.structure(inner, "unit") { (reader: inout ThriftCompactReader, choice) throws(ParquetDecodeError) in
                            switch choice.id {
                            case 1: unit = .millis
                            case 2: unit = .micros
                            case 3: unit = .nanos
                            default: break
                            }
                            try reader.skip(choice.type)
                        }
                    default: try reader.skip(inner.type)
                    }
                }
                result = field.id == 7 ? .time(unit, utc: utc) : .timestamp(unit, utc: utc)
            case 10:
                var bits = 64, signed = true
                try reader.structure(field, "INTEGER") { (reader: inout ThriftCompactReader, inner) throws(ParquetDecodeError) in
                    switch inner.id {
                    case 1:
                        try reader.expect(inner, .byte, "bitWidth")
                        bits = Int(Int8(bitPattern: try reader.byte()))
                    case 2: signed = try reader.bool(inner, "isSigned")
                    default: try reader.skip(inner.type)
                    }
                }
                guard [8, 16, 32, 64].contains(bits) else {
                    throw ParquetDecodeError("INTEGER logical type of \(bits) bits", at: field.offset)
                }
                result = .integer(bits: bits, signed: signed)
            case 12: try reader.skip(field.type); result = .json
            case 13: try reader.skip(field.type); result = .bson
            case 14: try reader.skip(field.type); result = .uuid
            case 15: try reader.skip(field.type); result = .float16
            default: try reader.skip(field.type)
            }
        }
        return result
    }
}

extension ParquetRowGroup {
    init(_ reader: inout ThriftCompactReader) throws(ParquetDecodeError) {
        var group = ParquetRowGroup()
        try reader.fields { (reader: inout ThriftCompactReader, field) throws(ParquetDecodeError) in
            switch field.id {
            case 1:
                try reader.expect(field, .list, "columns")
                group.columns = try reader.list(of: .structure, field: "columns") { (reader: inout ThriftCompactReader) throws(ParquetDecodeError) in
                    try ParquetColumnMetadata(chunk: &reader)
                }
            case 3: group.rowCount = try reader.i64(field, "num_rows")
            default: try reader.skip(field.type)
            }
        }
        self = group
    }
}

extension ParquetColumnMetadata {
    /// Decodes a `ColumnChunk` and the `ColumnMetaData` inside it.
    init(chunk reader: inout ThriftCompactReader) throws(ParquetDecodeError) {
        var metadata: ParquetColumnMetadata?
        var start = reader.position
        try reader.fields { (reader: inout ThriftCompactReader, field) throws(ParquetDecodeError) in
            switch field.id {
            case 1:
                _ = try reader.string(field, "file_path")
                throw ParquetDecodeError("the column chunk lies in another file, which mlgate does not read", at: field.offset, code: "source-error")
            case 3:
                start = field.offset
                try reader.expect(field, .structure, "meta_data")
                metadata = try ParquetColumnMetadata(meta: &reader)
            default: try reader.skip(field.type)
            }
        }
        guard let metadata else { throw ParquetDecodeError("a column chunk has no meta_data", at: start) }
        self = metadata
    }

    private init(meta reader: inout ThriftCompactReader) throws(ParquetDecodeError) {
        var metadata = ParquetColumnMetadata()
        try reader.fields { (reader: inout ThriftCompactReader, field) throws(ParquetDecodeError) in
            switch field.id {
            case 1: metadata.type = try reader.physicalType(field)
            case 3:
                try reader.expect(field, .list, "path_in_schema")
                metadata.path = try reader.list(of: .binary, field: "path_in_schema") { (reader: inout ThriftCompactReader) throws(ParquetDecodeError) in
                    try reader.string()
                }
            case 4: metadata.codec = try reader.i32(field, "codec")
            case 5: metadata.valueCount = try reader.i64(field, "num_values")
            case 7: metadata.compressedSize = try reader.i64(field, "total_compressed_size")
            case 9: metadata.dataPageOffset = try reader.i64(field, "data_page_offset")
            case 11: metadata.dictionaryPageOffset = try reader.i64(field, "dictionary_page_offset")
            default: try reader.skip(field.type)
            }
        }
        self = metadata
    }
}

extension ThriftCompactReader {
    /// A `Type` field: a physical type mlgate knows.
    mutating func physicalType(_ field: Field) throws(ParquetDecodeError) -> ParquetPhysicalType {
        let raw = try i32(field, "type")
        guard let type = ParquetPhysicalType(rawValue: raw) else {
            throw ParquetDecodeError("unknown physical type \(raw)", at: field.offset)
        }
        return type
    }
}
