import Foundation

extension TableFormat {
    /// `.parquet` when the file starts with Parquet's magic bytes (`PAR1`), whatever its
    /// name; `nil` otherwise.
    public init?(sniffing url: URL) {
        guard ParquetFile.hasMagic(url) else { return nil }
        self = .parquet
    }
}

extension ParquetSchema.Column {
    /// The Table Schema type of the column's values as mlgate writes them as text.
    var tableSchemaType: FieldType {
        if unsupported != nil { return .any }
        switch valueKind {
        case .text, .binary: return .string
        case .integer: return .integer
        case .floating, .decimal: return .number
        case .boolean: return .boolean
        case .date: return .date
        case .time: return .time
        case .timestamp: return .datetime
        }
    }

    /// The kind of the column's values as pandas gives them to frictionless.
    var valueKind: TypedValueKind {
        if unsupported != nil { return .text }
        switch element.logicalType {
        case .date?: return .date
        case .time?: return .time
        case .timestamp?: return .timestamp
        case .decimal?: return .decimal
        case .float16?: return .floating
        case .integer?: return .integer
        case .string?, .enumeration?, .json?: return .text
        case .uuid?: return .binary
        default: break
        }
        switch element.type {
        case .boolean?: return .boolean
        case .int32?, .int64?: return .integer
        case .int96?: return .timestamp
        case .float?, .double?: return .floating
        case .byteArray?, .fixedLenByteArray?, nil: return .binary
        }
    }
}

extension ParquetReader {
    /// Each column's kind of values, from the file's schema (see ``TypedCellRule``).
    public var valueKinds: [String: TypedValueKind] {
        Dictionary(columnKinds.map { ($0.name, $0.kind) }, uniquingKeysWith: { first, _ in first })
    }

    /// Each column's Table Schema type, from the file's schema.
    public var tableSchemaTypes: [String: FieldType] {
        Dictionary(columnTypes.map { ($0.name, $0.type) }, uniquingKeysWith: { first, _ in first })
    }
}
