/// One record batch of an Arrow IPC stream: its row count and its leaf columns (a
/// struct's fields as `parent.child`), each only when it was asked for.
struct ArrowRecordBatch: Sendable {
    /// The number of rows.
    let rowCount: Int
    /// The leaf columns, in schema order (see ``ArrowStreamReader/columnNames``); nil
    /// for a column not kept.
    let columns: [ArrowColumn?]

    /// Decodes a `RecordBatch` table whose body is `body` (starting at `bodyOffset` in the
    /// stream), for a schema with `fields`.
    ///
    /// - Parameters:
    ///   - kept: the leaf columns to decode (nil: all); the buffers of the others are
    ///     passed over without being decompressed or checked.
    ///   - dictionaries: the dictionaries sent so far, by id, as cells.
    init(
        _ table: FlatBufferTable, fields: [ArrowField], body: [UInt8], bodyOffset: Int, kept: Set<Int>?,
        dictionaries: [Int64: [[UInt8]?]]
    ) throws(ArrowDecodeError) {
        let place = table.base + table.position
        let length = try table.int64(0)
        guard length >= 0, length <= Int64(Int32.max) else { throw ArrowDecodeError("a record batch of \(length) rows", at: place) }
        // Every column but a null-typed one takes at least a bit per row of the body: a
        // count far beyond that would make the cells of null columns out of nothing.
        guard length <= 8 * Int64(body.count) + 65_536 else {
            throw ArrowDecodeError("a record batch of \(length) rows in a body of \(body.count) bytes", at: place)
        }
        rowCount = Int(length)
        guard let nodes = try table.vector(1, elementSize: 16), let buffers = try table.vector(2, elementSize: 16) else {
            throw ArrowDecodeError("a record batch without field nodes or buffers", at: place)
        }
        var compression: ArrowBodyCompression?
        if let codec = try table.table(3) {
            let code = try codec.int8(0)
            guard let known = ArrowBodyCompression(rawValue: code) else {
                throw ArrowDecodeError("an unknown body compression codec \(code)", at: codec.base + codec.position)
            }
            compression = known
        }
        let variadic = try table.vector(4, elementSize: 8)
        var walk = Walk(
            table: table, nodes: nodes, buffers: buffers, variadic: variadic, body: body, bodyOffset: bodyOffset,
            compression: compression, kept: kept, dictionaries: dictionaries)
        for field in fields {
            try walk.field(field, name: field.name, length: rowCount, parents: [], topLevel: true)
        }
        columns = walk.columns
    }

    /// The pre-order walk over the fields that takes each one's field node and buffers.
    private struct Walk {
        let table: FlatBufferTable
        let nodes: (start: Int, count: Int)
        let buffers: (start: Int, count: Int)
        let variadic: (start: Int, count: Int)?
        let body: [UInt8]
        let bodyOffset: Int
        let compression: ArrowBodyCompression?
        let kept: Set<Int>?
        let dictionaries: [Int64: [[UInt8]?]]
        var nodeIndex = 0, bufferIndex = 0, variadicIndex = 0
        var columns: [ArrowColumn?] = []

        mutating func field(_ field: ArrowField, name: String, length: Int, parents: [ArrowBuffer], topLevel: Bool) throws(ArrowDecodeError) {
            guard nodeIndex < nodes.count else {
                throw ArrowDecodeError("the record batch has \(nodes.count) field nodes; its schema needs more", at: table.base + table.position)
            }
            let node = nodes.start + 16 * nodeIndex
            nodeIndex += 1
            let nodeLength = try table.int64(at: node), nullCount = try table.int64(at: node + 8)
            guard nodeLength >= 0, nullCount >= 0, nullCount <= nodeLength, topLevel ? nodeLength == length : nodeLength >= length else {
                throw ArrowDecodeError(
                    "column '\(name)' has \(nodeLength) values (\(nullCount) null) in a batch of \(length) rows", at: table.base + node)
            }
            var count: Int
            switch field.layout {
            case .buffers(let fixed): count = fixed
            case .variadic:
                guard let variadic, variadicIndex < variadic.count else {
                    throw ArrowDecodeError("column '\(name)' has no variadic buffer count", at: table.base + table.position)
                }
                let extra = try table.int64(at: variadic.start + 8 * variadicIndex)
                variadicIndex += 1
                guard extra >= 0, extra <= Int64(buffers.count) else {
                    throw ArrowDecodeError("column '\(name)' claims \(extra) variadic buffers", at: table.base + table.position)
                }
                count = 2 + Int(extra)
            }
            guard bufferIndex + count <= buffers.count else {
                throw ArrowDecodeError("the record batch has \(buffers.count) buffers; its schema needs more", at: table.base + table.position)
            }
            let first = bufferIndex
            bufferIndex += count
            let isLeaf = field.type != .structure || field.dictionary != nil
            let wanted = isLeaf ? (kept?.contains(columns.count) ?? true) : true
            var own: [ArrowBuffer] = []
            if wanted {
                for index in first..<first + count { own.append(try buffer(index, name: name)) }
                if nullCount > 0, own.first?.count == 0 {
                    throw ArrowDecodeError("column '\(name)' has \(nullCount) nulls but no validity bitmap", at: table.base + table.position)
                }
            }
            if field.type == .structure, field.dictionary == nil {
                let validity = own.first.map { $0.count == 0 ? [] : [$0] } ?? []
                guard validity.allSatisfy({ $0.count >= (length + 7) / 8 }) else {
                    throw ArrowDecodeError("column '\(name)': the validity bitmap is shorter than \(length) rows", at: table.base + table.position)
                }
                for child in field.children {
                    try self.field(child, name: name + "." + child.name, length: length, parents: validity + parents, topLevel: false)
                }
                return
            }
            // The children of a type mlgate does not read (a list's values…) are passed over.
            for child in field.children { try skip(child) }
            guard wanted else {
                columns.append(nil)
                return
            }
            var dictionary: [[UInt8]?]?
            if let encoding = field.dictionary { dictionary = dictionaries[encoding.id] }
            columns.append(try ArrowColumn(
                name: name, field: field, length: length, buffers: own, parents: parents, dictionary: dictionary,
                at: own.first?.streamOffset ?? bodyOffset))
        }

        /// Takes a field's nodes and buffers without reading them.
        private mutating func skip(_ field: ArrowField) throws(ArrowDecodeError) {
            nodeIndex += 1
            switch field.layout {
            case .buffers(let count): bufferIndex += count
            case .variadic:
                let extra = try variadic.map { v throws(ArrowDecodeError) in variadicIndex < v.count ? try table.int64(at: v.start + 8 * variadicIndex) : 0 } ?? 0
                variadicIndex += 1
                bufferIndex += 2 + Int(clamping: max(0, extra))
            }
            guard nodeIndex <= nodes.count, bufferIndex <= buffers.count else {
                throw ArrowDecodeError("the record batch has too few field nodes or buffers for its schema", at: table.base + table.position)
            }
            for child in field.children { try skip(child) }
        }

        /// Buffer `index` of the body, decompressed when the body is.
        private func buffer(_ index: Int, name: String) throws(ArrowDecodeError) -> ArrowBuffer {
            let descriptor = buffers.start + 16 * index
            let offset = try table.int64(at: descriptor), length = try table.int64(at: descriptor + 8)
            guard offset >= 0, length >= 0, offset <= Int64(body.count), length <= Int64(body.count) - offset else {
                throw ArrowDecodeError(
                    "column '\(name)': buffer \(index) (\(length) bytes at \(offset)) lies outside the \(body.count)-byte body",
                    at: table.base + descriptor)
            }
            let start = Int(offset), count = Int(length), streamOffset = bodyOffset + start
            guard let compression, count > 0 else {
                return ArrowBuffer(storage: body, start: start, count: count, streamOffset: streamOffset)
            }
            let bytes = try compression.decompress(body[start..<start + count], at: streamOffset)
            return ArrowBuffer(storage: bytes, start: 0, count: bytes.count, streamOffset: streamOffset)
        }
    }
}
