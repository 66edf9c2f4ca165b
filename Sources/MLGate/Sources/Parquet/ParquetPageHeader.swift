/// A page's header (`PageHeader` with its data, data v2 or dictionary header).
struct ParquetPageHeader: Sendable {
    /// The page kinds (`PageType`).
    enum Kind: Int32, Sendable {
        case dataPage = 0, indexPage = 1, dictionaryPage = 2, dataPageV2 = 3
    }

    var kind: Kind
    var uncompressedSize: Int
    var compressedSize: Int
    /// The values in the page (levels included: nulls count).
    var valueCount = 0
    /// The encoding of the values.
    var encoding: Int32 = 0
    /// Data page v1: the encoding of the definition levels.
    var definitionLevelEncoding: Int32 = 3
    /// Data page v2: the byte lengths of the levels (stored uncompressed) and whether
    /// the values are compressed.
    var definitionLevelsLength = 0
    var repetitionLevelsLength = 0
    var isCompressed = true
    /// Data page v2: the page's nulls and rows.
    var nullCount = 0
    var rowCount = 0
    /// The header's size in bytes.
    var headerSize = 0

    private init(kind: Kind, uncompressedSize: Int, compressedSize: Int) {
        self.kind = kind
        self.uncompressedSize = uncompressedSize
        self.compressedSize = compressedSize
    }

    /// Decodes a page header from the start of `bytes`.
    init(decoding bytes: [UInt8]) throws(ParquetDecodeError) {
        var reader = ThriftCompactReader(bytes)
        var kind: Kind?
        var uncompressed: Int32?, compressed: Int32?
        var header = ParquetPageHeader(kind: .dataPage, uncompressedSize: 0, compressedSize: 0)
        try reader.fields { (reader: inout ThriftCompactReader, field) throws(ParquetDecodeError) in
            switch field.id {
            case 1:
                let raw = try reader.i32(field, "type")
                guard let value = Kind(rawValue: raw) else { throw ParquetDecodeError("unknown page type \(raw)", at: field.offset) }
                kind = value
            case 2: uncompressed = try reader.i32(field, "uncompressed_page_size")
            case 3: compressed = try reader.i32(field, "compressed_page_size")
            case 5, 7:
                // DataPageHeader and DictionaryPageHeader: num_values and encoding are fields 1 and 2 of both.
                let name = field.id == 5 ? "data_page_header" : "dictionary_page_header"
                try reader.structure(field, name) { (reader: inout ThriftCompactReader, inner) throws(ParquetDecodeError) in
                    switch (inner.id, field.id) {
                    case (1, _): header.valueCount = Int(try reader.i32(inner, "num_values"))
                    case (2, _): header.encoding = try reader.i32(inner, "encoding")
                    case (3, 5): header.definitionLevelEncoding = try reader.i32(inner, "definition_level_encoding")
                    default: try reader.skip(inner.type)
                    }
                }
            case 8:
                try reader.structure(field, "data_page_header_v2") { (reader: inout ThriftCompactReader, inner) throws(ParquetDecodeError) in
                    switch inner.id {
                    case 1: header.valueCount = Int(try reader.i32(inner, "num_values"))
                    case 2: header.nullCount = Int(try reader.i32(inner, "num_nulls"))
                    case 3: header.rowCount = Int(try reader.i32(inner, "num_rows"))
                    case 4: header.encoding = try reader.i32(inner, "encoding")
                    case 5: header.definitionLevelsLength = Int(try reader.i32(inner, "definition_levels_byte_length"))
                    case 6: header.repetitionLevelsLength = Int(try reader.i32(inner, "repetition_levels_byte_length"))
                    case 7: header.isCompressed = try reader.bool(inner, "is_compressed")
                    default: try reader.skip(inner.type)
                    }
                }
            default: try reader.skip(field.type)
            }
        }
        guard let kind else { throw ParquetDecodeError("page header without a page type", at: 0) }
        guard let uncompressed, let compressed, uncompressed >= 0, compressed >= 0 else {
            throw ParquetDecodeError("page header without valid page sizes", at: 0)
        }
        guard header.valueCount >= 0, header.nullCount >= 0, header.definitionLevelsLength >= 0,
            header.repetitionLevelsLength >= 0
        else { throw ParquetDecodeError("page header with a negative count or length", at: 0) }
        header.kind = kind
        header.uncompressedSize = Int(uncompressed)
        header.compressedSize = Int(compressed)
        header.headerSize = reader.position
        self = header
    }
}
