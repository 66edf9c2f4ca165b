/// A reader of the Arrow IPC streaming format (a schema message, dictionary batches,
/// record batches, an end-of-stream marker), the form in which Spark Connect sends a
/// query's rows. Its own decoder of the FlatBuffers metadata (``FlatBufferTable``): only
/// what the format's Message, Schema and RecordBatch tables need.
///
/// It reads untrusted bytes: a message, buffer, offset or dictionary index out of range,
/// an unknown type, or a codec it lacks is an ``ArrowDecodeError`` with the byte offset,
/// never a crash or a hang.
struct ArrowStreamReader {
    /// The stream.
    private let bytes: [UInt8]
    /// The next message's offset.
    private(set) var position = 0
    /// The schema, once its message was read (``readSchema()``).
    private(set) var schema: ArrowSchema?
    /// The leaf columns to decode (by index in ``columnNames``); nil: all.
    var keptColumns: Set<Int>?
    /// The dictionaries sent so far, by id, as cells.
    private var dictionaries: [Int64: [[UInt8]?]] = [:]
    private var ended = false

    /// The largest metadata of one message accepted.
    static let maximumMetadataBytes = 64 << 20

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The leaf columns' names, in order: a struct's fields as `parent.child`.
    var columnNames: [String] {
        func names(_ field: ArrowField, _ prefix: String) -> [String] {
            let name = prefix + field.name
            guard field.type == .structure, field.dictionary == nil else { return [name] }
            return field.children.flatMap { names($0, name + ".") }
        }
        return schema?.fields.flatMap { names($0, "") } ?? []
    }

    /// Reads the schema message that starts the stream.
    mutating func readSchema() throws(ArrowDecodeError) -> ArrowSchema {
        if let schema { return schema }
        guard let message = try nextMessage() else { throw ArrowDecodeError("the stream ends before its schema", at: position) }
        guard message.kind == 1, let header = message.header else {
            throw ArrowDecodeError("the stream starts with a message of type \(message.kind); expected a schema (1)", at: message.offset)
        }
        let schema = try ArrowSchema(header)
        self.schema = schema
        return schema
    }

    /// The next record batch, after any dictionary batches before it; nil at the end of the stream.
    mutating func nextBatch() throws(ArrowDecodeError) -> ArrowRecordBatch? {
        let schema = try readSchema()
        while let message = try nextMessage() {
            guard let header = message.header else { throw ArrowDecodeError("a message without a header", at: message.offset) }
            switch message.kind {
            case 2: try readDictionary(header, message, schema)
            case 3:
                return try ArrowRecordBatch(
                    header, fields: schema.fields, body: message.body, bodyOffset: message.bodyOffset, kept: keptColumns,
                    dictionaries: dictionaries)
            case 1: throw ArrowDecodeError("a second schema message", at: message.offset)
            default: throw ArrowDecodeError("a message of type \(message.kind) (a tensor?); expected a record or dictionary batch", at: message.offset)
            }
        }
        return nil
    }

    // MARK: Messages

    private struct Message {
        /// `MessageHeader` (Message.fbs): 1 schema, 2 dictionary batch, 3 record batch.
        var kind: UInt8
        var header: FlatBufferTable?
        var body: [UInt8]
        var offset: Int
        var bodyOffset: Int
    }

    /// The next encapsulated message: a continuation marker (absent in the pre-1.0
    /// format), the metadata's length, the `Message` table, then the body.
    private mutating func nextMessage() throws(ArrowDecodeError) -> Message? {
        guard !ended else { return nil }
        let start = position
        // The end of the bytes at a message boundary ends the stream, as the marker does.
        guard position < bytes.count else {
            ended = true
            return nil
        }
        var length = try int32(at: position)
        position += 4
        if length == -1 {
            length = try int32(at: position)
            position += 4
        }
        if length == 0 {
            ended = true
            return nil
        }
        guard length > 0, Int(length) <= Self.maximumMetadataBytes, Int(length) <= bytes.count - position else {
            throw ArrowDecodeError("a message's metadata of \(length) bytes does not fit in the stream", at: start)
        }
        let metadataStart = position
        let metadata = Array(bytes[position..<position + Int(length)])
        position += Int(length)
        let message = try FlatBufferTable(root: metadata, base: metadataStart)
        let version = try message.int16(0)
        guard (0...4).contains(version) else {
            throw ArrowDecodeError("metadata version \(version); mlgate reads versions up to V5 (4)", at: metadataStart)
        }
        let bodyLength = try message.int64(3)
        guard bodyLength >= 0, bodyLength <= Int64(bytes.count - position) else {
            throw ArrowDecodeError("a message body of \(bodyLength) bytes runs past the end of the stream", at: metadataStart)
        }
        let bodyOffset = position
        let body = Array(bytes[position..<position + Int(bodyLength)])
        position += Int(bodyLength)
        return Message(
            kind: UInt8(bitPattern: try message.int8(1)), header: try message.table(2), body: body, offset: start, bodyOffset: bodyOffset)
    }

    private func int32(at offset: Int) throws(ArrowDecodeError) -> Int32 {
        guard offset + 4 <= bytes.count else { throw ArrowDecodeError("the stream ends inside a message's length", at: offset) }
        return Int32(bitPattern: try FlatBufferTable.uint32(bytes, offset, base: 0))
    }

    // MARK: Dictionaries

    /// Decodes a `DictionaryBatch`: the values of the dictionary with its id, which
    /// replace (or, for a delta, extend) the dictionary sent before.
    private mutating func readDictionary(_ header: FlatBufferTable, _ message: Message, _ schema: ArrowSchema) throws(ArrowDecodeError) {
        let id = try header.int64(0)
        guard let field = Self.field(encoded: id, in: schema.fields) else {
            throw ArrowDecodeError("dictionary \(id) belongs to no field of the schema", at: message.offset)
        }
        guard let data = try header.table(1) else { throw ArrowDecodeError("dictionary \(id) has no data", at: message.offset) }
        let values = ArrowField(name: field.name, nullable: true, type: field.type, children: field.children)
        guard values.type != .structure else {
            throw ArrowDecodeError("column '\(field.name)': a dictionary of structs, which mlgate does not read", at: message.offset)
        }
        let batch = try ArrowRecordBatch(
            data, fields: [values], body: message.body, bodyOffset: message.bodyOffset, kept: nil, dictionaries: dictionaries)
        guard let column = batch.columns.first ?? nil else { throw ArrowDecodeError("dictionary \(id) has no values", at: message.offset) }
        let cells = (0..<batch.rowCount).map { column.text($0) }
        if try header.bool(2) {
            dictionaries[id, default: []].append(contentsOf: cells)
        } else {
            dictionaries[id] = cells
        }
    }

    private static func field(encoded id: Int64, in fields: [ArrowField]) -> ArrowField? {
        for field in fields {
            if field.dictionary?.id == id { return field }
            if let found = Self.field(encoded: id, in: field.children) { return found }
        }
        return nil
    }
}
