/// Parquet's physical types (`Type` in parquet.thrift).
enum ParquetPhysicalType: Int32, Sendable {
    case boolean = 0, int32 = 1, int64 = 2, int96 = 3, float = 4, double = 5, byteArray = 6, fixedLenByteArray = 7
}

/// A unit of time of a TIME or TIMESTAMP logical type.
enum ParquetTimeUnit: Sendable, Hashable {
    case millis, micros, nanos
}

/// What a column's values mean beyond their physical type: the logical type, or the
/// converted type of older writers, unified.
enum ParquetLogicalType: Sendable, Hashable {
    case string, enumeration, json, bson, uuid, float16
    case date
    case time(ParquetTimeUnit, utc: Bool)
    case timestamp(ParquetTimeUnit, utc: Bool)
    case decimal(scale: Int, precision: Int)
    case integer(bits: Int, signed: Bool)
    case interval
    /// A group annotated as a list or a map.
    case list, map
    case unknown
}

/// One element of the file's flattened schema tree (`SchemaElement`).
struct ParquetSchemaElement: Sendable {
    var name = ""
    var type: ParquetPhysicalType?
    var typeLength = 0
    /// 0 required, 1 optional, 2 repeated; `nil` for the root.
    var repetition: Int32?
    var childCount = 0
    var logicalType: ParquetLogicalType?
}

/// A column chunk's metadata (`ColumnMetaData`).
struct ParquetColumnMetadata: Sendable {
    var type: ParquetPhysicalType = .int32
    var path: [String] = []
    var codec: Int32 = 0
    var valueCount: Int64 = 0
    var compressedSize: Int64 = 0
    var dataPageOffset: Int64 = 0
    var dictionaryPageOffset: Int64?
}

/// A row group (`RowGroup`): its rows and the metadata of its column chunks.
struct ParquetRowGroup: Sendable {
    var columns: [ParquetColumnMetadata] = []
    var rowCount: Int64 = 0
}

/// The footer of a Parquet file (`FileMetaData`).
struct ParquetFileMetadata: Sendable {
    var version: Int32 = 0
    var schema: [ParquetSchemaElement] = []
    var rowCount: Int64 = 0
    var rowGroups: [ParquetRowGroup] = []
    /// Key-value metadata as written (pandas keeps its schema under `pandas`).
    var keyValues: [(key: String, value: String?)] = []
    var createdBy: String?
}
