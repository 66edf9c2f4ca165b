/// Reads one column chunk of one row group page by page, handing out its rows as cells:
/// only the current page (and the chunk's dictionary) is held, so memory does not grow
/// with the rows.
struct ParquetChunkReader: Sendable {
    /// The most values one page may declare: a guard against headers that would make a
    /// few bytes allocate gigabytes.
    static let maximumPageValues = 1 << 25

    private let file: ParquetFile
    private let column: ParquetSchema.Column
    private let type: ParquetPhysicalType
    private let codec: ParquetCodec
    /// The next page header's offset in the file, and the chunk's end.
    private var position: Int
    private let end: Int
    /// Values the chunk's metadata says are still to come.
    private var valuesLeft: Int
    private var dictionary: ParquetCells?
    /// The dictionary's values, when the reader hands the column over as numbers
    /// (``readsNumbers``): then it is not formatted into ``dictionary``'s cells.
    private var dictionaryValues: ParquetValues?
    /// Whether the column is read as numbers (``read(rows:into:nulls:)``),
    /// not as cells; set before the first read, for a column ``readsAsNumbers`` allows.
    var readsNumbers = false
    /// Where the dictionary page lies, to read it again when a dictionary-encoded page
    /// follows a plain one (which lets the dictionary go: pyarrow's writers fall back to
    /// plain pages for good once a dictionary is full, and its cells are most of what a
    /// chunk reader holds).
    private var dictionaryPage: (header: ParquetPageHeader, body: Int)?
    /// Numbers that change with the dictionary and with each page's cells (odd and even,
    /// so never equal): see ``ParquetCellRefs/useText(_:source:)``.
    private var dictionaryGeneration = 1
    /// The current dictionary's ``CellDictionary/id``.
    private var dictionaryID = 0
    /// A BOOLEAN column's pages read as entries of the dictionary `False`, `True`
    /// (``booleanCells``): no text per row, and a kernel judges two cells. Its id.
    private let booleanID: Int
    /// Whether the current page is booleans read so (its values are in ``indices``).
    private var booleansAsEntries = false
    /// The texts of the two booleans, entries 0 and 1.
    private static let booleanCells: ParquetCells = {
        var cells = ParquetCells()
        cells.text = Array("FalseTrue".utf8)
        cells.ends = [5, 9]
        return cells
    }()
    private var pageGeneration = 0

    // The current page.
    private var definitions: [Int32] = []
    /// A data page's values, formatted into ``cells`` a read at a time (nil: ``cells``
    /// holds the whole page's, as for strings, whose bytes are their text).
    private var pageValues: ParquetValues?
    private var cells = ParquetCells()
    /// The page's value that ``cells``' first cell is.
    private var cellsStart = 0
    private var indices: [Int32] = []
    private var usesDictionary = false
    private var pageRows = 0
    private var row = 0
    private var value = 0
    /// Rows passed over (``pass(rows:)``) and not yet skipped.
    private var passed = 0

    /// A reader of the chunk `metadata` of `column`; throws when the chunk does not lie
    /// in the file or does not match the schema.
    init(file: ParquetFile, column: ParquetSchema.Column, metadata: ParquetColumnMetadata, dataEnd: Int) throws(ParquetDecodeError) {
        self.file = file
        self.column = column
        type = metadata.type
        guard metadata.type == column.element.type else {
            throw ParquetDecodeError("the column chunk's type \(metadata.type) differs from the schema's", at: Int(clamping: metadata.dataPageOffset))
        }
        guard let codec = ParquetCodec(rawValue: metadata.codec), codec.isSupported else {
            let name = ParquetCodec(rawValue: metadata.codec)?.name ?? "codec \(metadata.codec)"
            throw ParquetDecodeError("the \(name) codec is not read by mlgate", at: Int(clamping: metadata.dataPageOffset), code: "source-error")
        }
        self.codec = codec
        booleanID = metadata.type == .boolean ? CellDictionary.newID() : 0
        var start = Int(clamping: metadata.dataPageOffset)
        if let dictionaryOffset = metadata.dictionaryPageOffset, dictionaryOffset > 0, dictionaryOffset < metadata.dataPageOffset {
            start = Int(clamping: dictionaryOffset)
        }
        let size = Int(clamping: metadata.compressedSize)
        guard start >= 4, size >= 0, start <= dataEnd, size <= dataEnd - start else {
            throw ParquetDecodeError("the column chunk (\(size) bytes at byte \(start)) lies outside the file's data", at: max(0, start))
        }
        guard metadata.valueCount >= 0 else { throw ParquetDecodeError("the column chunk has a negative value count", at: start) }
        position = start
        end = start + size
        valuesLeft = Int(clamping: metadata.valueCount)
    }

    /// Appends the places of the next `rows` rows' cells to `out` (a null as an empty
    /// cell): the cells stay in the page's or the dictionary's text.
    mutating func read(rows: Int, into out: inout ParquetCellRefs) throws(ParquetDecodeError) {
        try skipPassed()
        var remaining = rows
        let maxDefinition = Int32(column.maxDefinition)
        out.reserve(rows)
        while remaining > 0 {
            if row == pageRows { try nextDataPage() }
            let take = min(remaining, pageRows - row)
            if !usesDictionary, !booleansAsEntries, let values = pageValues {
                // This read's values only: memory holds a page's values, not its texts.
                var present = take
                if !definitions.isEmpty {
                    present = 0
                    for index in row..<row + take where definitions[index] == maxDefinition { present += 1 }
                }
                cells = ParquetCells(values, range: value..<value + present, element: column.element)
                cellsStart = value
                pageGeneration += 2
            }
            let source = booleansAsEntries ? Self.booleanCells : usesDictionary ? (dictionary ?? cells) : cells
            // The booleans' texts are a source of their own (generations are 0 and up).
            let text = out.useText(source.text, source: booleansAsEntries ? -3 : usesDictionary ? dictionaryGeneration : pageGeneration)
            // Each row's place and length, written in place (the hot loop of a Parquet read).
            var next = value
            let first = row, dictionaryEncoded = usesDictionary || booleansAsEntries, offset = cellsStart
            source.ends.withUnsafeBufferPointer { ends in
                definitions.withUnsafeBufferPointer { definitions in
                    indices.withUnsafeBufferPointer { indices in
                        out.appendRows(take) { places, lengths in
                            for index in 0..<take {
                                if !definitions.isEmpty, definitions[first + index] < maxDefinition { continue }
                                let cell = dictionaryEncoded ? Int(indices[next]) : next - offset
                                next += 1
                                let start = cell == 0 ? 0 : ends[cell - 1]
                                places[index] = text | start
                                lengths[index] = Int32(truncatingIfNeeded: ends[cell] - start)
                            }
                        }
                    }
                }
            }
            // Which dictionary entry each row is, while the rows are all of one.
            let entriesOf = booleansAsEntries ? booleanID : usesDictionary ? dictionaryID : nil
            out.noteEntries(take, of: entriesOf, size: source.count) { entries in
                definitions.withUnsafeBufferPointer { definitions in
                    indices.withUnsafeBufferPointer { indices in
                        var next = value
                        for index in 0..<take {
                            if !definitions.isEmpty, definitions[first + index] < maxDefinition { continue }
                            entries[index] = indices[next]
                            next += 1
                        }
                    }
                }
            }
            value = next
            row += take
            remaining -= take
        }
    }

    /// Whether a column of `element` can be handed over as numbers: doubles without a
    /// logical type, and signed integers (plain or INTEGER). Their texts parse back to
    /// exactly these values; floats (whose shortest text is not the double's), decimals,
    /// times, INT96 and unsigned integers are read as cells, and so are dates and
    /// timestamps unless a consumer settles them by value (``momentForm(_:)``).
    static func readsAsNumbers(_ element: ParquetSchemaElement) -> Bool {
        switch (element.type, element.logicalType) {
        case (.double?, nil), (.int32?, nil), (.int64?, nil), (.int32?, .integer(_, true)?), (.int64?, .integer(_, true)?): true
        default: false
        }
    }

    /// What a DATE (INT32) or TIMESTAMP (INT64) column's integers count, when it is
    /// handed over as such (``TableConsumer/momentColumns``); nil for any other column.
    static func momentForm(_ element: ParquetSchemaElement) -> NumberColumn.MomentForm? {
        switch (element.type, element.logicalType) {
        case (.int32?, .date?): .date
        case (.int64?, .timestamp(let unit, let utc)?): .timestamp(unit, utc: utc)
        default: nil
        }
    }

    /// Reads the next `rows` rows as numbers (``readsNumbers``): one value per row, 0 for
    /// a null (marked in `nulls`, which stays empty while no row is null).
    mutating func read(rows: Int, into values: inout NumberColumn.Values, nulls: inout [Bool]) throws(ParquetDecodeError) {
        try skipPassed()
        var doubles: [Double] = [], integers: [Int64] = []
        if type == .double { doubles.reserveCapacity(rows) } else { integers.reserveCapacity(rows) }
        var remaining = rows, filled = 0
        var marks: [Bool]?
        let maxDefinition = Int32(column.maxDefinition)
        while remaining > 0 {
            if row == pageRows { try nextDataPage() }
            let take = min(remaining, pageRows - row)
            guard let source = usesDictionary ? dictionaryValues : pageValues else {
                throw ParquetDecodeError("a page of numbers without values", at: position)
            }
            var present = take
            if !definitions.isEmpty {
                present = 0
                for index in row..<row + take where definitions[index] == maxDefinition { present += 1 }
            }
            guard value + present <= (usesDictionary ? indices.count : source.count) else {
                throw ParquetDecodeError("the page has fewer values than its rows need", at: position)
            }
            let gather = Gather(
                first: row, take: take, next: value, present: present, maxDefinition: maxDefinition, dictionaryEncoded: usesDictionary,
                filled: filled)
            switch source {
            case .double(let source): gather.run(source, definitions, indices, into: &doubles, nulls: &marks) { $0 }
            case .int64(let source): gather.run(source, definitions, indices, into: &integers, nulls: &marks) { $0 }
            case .int32(let source): gather.run(source, definitions, indices, into: &integers, nulls: &marks) { Int64($0) }
            default: throw ParquetDecodeError("a page of \(type) values in a column of numbers", at: position)
            }
            filled += take
            value += present
            row += take
            remaining -= take
        }
        if type == .double {
            values = .doubles(doubles)
        } else {
            values = Self.momentForm(column.element).map { .moments(integers, $0) } ?? .integers(integers)
        }
        nulls = marks ?? []
    }

    /// One read's rows of one page, gathered as numbers.
    private struct Gather {
        let first: Int, take: Int, next: Int
        /// How many of the take's rows are not null.
        let present: Int
        let maxDefinition: Int32
        let dictionaryEncoded: Bool
        /// Rows gathered by earlier takes of the same read.
        let filled: Int

        /// Appends the rows' values of `source` (or of the dictionary `source` through
        /// `indices`), converted, 0 for a null; a null's row is marked in `nulls`, made
        /// at the read's first null.
        func run<Value, Number: Numeric>(
            _ source: [Value], _ definitions: [Int32], _ indices: [Int32], into out: inout [Number], nulls: inout [Bool]?,
            _ convert: (Value) -> Number
        ) {
            source.withUnsafeBufferPointer { source in
                indices.withUnsafeBufferPointer { indices in
                    if definitions.isEmpty {
                        // A run of values (through the dictionary), converted in one pass.
                        if dictionaryEncoded {
                            let start = out.count
                            out.append(contentsOf: repeatElement(0, count: take))
                            out.withUnsafeMutableBufferPointer { out in
                                for index in 0..<take { out[start + index] = convert(source[Int(indices[self.next + index])]) }
                            }
                        } else {
                            out.append(contentsOf: UnsafeBufferPointer(rebasing: source[self.next..<self.next + take]).lazy.map(convert))
                        }
                        nulls?.append(contentsOf: repeatElement(false, count: take))
                        return
                    }
                    // The rows written in place (a null's stays 0), then the nulls marked
                    // in one pass if there are any.
                    let start = out.count
                    out.append(contentsOf: repeatElement(0, count: take))
                    var next = self.next
                    definitions.withUnsafeBufferPointer { definitions in
                        let definitions = UnsafeBufferPointer(rebasing: definitions[first..<first + take])
                        out.withUnsafeMutableBufferPointer { out in
                            for index in 0..<take where definitions[index] == maxDefinition {
                                out[start + index] = convert(source[dictionaryEncoded ? Int(indices[next]) : next])
                                next += 1
                            }
                        }
                        guard nulls != nil || present < take else { return }
                        if nulls == nil { nulls = [Bool](repeating: false, count: filled) }
                        nulls!.append(contentsOf: definitions.lazy.map { $0 != maxDefinition })
                    }
                }
            }
        }
    }

    /// Passes over the next `rows` rows lazily: they are skipped (``skip(rows:)``) only
    /// when a later read needs the rows after them, so that pages wholly within rows
    /// passed batch after batch are never decompressed.
    mutating func pass(rows: Int) {
        passed += rows
    }

    /// Skips the rows passed over so far.
    private mutating func skipPassed() throws(ParquetDecodeError) {
        guard passed > 0 else { return }
        let rows = passed
        passed = 0
        try skip(rows: rows)
    }

    /// Passes over the next `rows` rows: whole pages within them are not decompressed.
    mutating func skip(rows: Int) throws(ParquetDecodeError) {
        var remaining = rows
        while remaining > 0 {
            if row == pageRows {
                let skipped = try nextDataPage(skippable: remaining)
                remaining -= skipped
                if skipped > 0 { continue }
            }
            let take = min(remaining, pageRows - row)
            if definitions.isEmpty {
                value += take
            } else {
                let maxDefinition = Int32(column.maxDefinition)
                for index in row..<row + take where definitions[index] == maxDefinition { value += 1 }
            }
            row += take
            remaining -= take
        }
    }

    /// Reads pages up to the next data page (taking in a dictionary page on the way).
    /// A data page of at most `skippable` rows is passed over undecoded: the rows it
    /// held are returned (0 when a page was read).
    @discardableResult
    private mutating func nextDataPage(skippable: Int = 0) throws(ParquetDecodeError) -> Int {
        while true {
            guard position < end, valuesLeft > 0 else {
                throw ParquetDecodeError("the column chunk ends before the row group's last row", at: position)
            }
            let header = try pageHeader()
            let body = position + header.headerSize
            guard header.compressedSize <= end - body else {
                throw ParquetDecodeError("a page of \(header.compressedSize) bytes runs past the end of its column chunk", at: position)
            }
            let pageStart = position
            position = body + header.compressedSize
            do throws(ParquetDecodeError) {
                switch header.kind {
                case .indexPage: continue
                case .dictionaryPage:
                    // Read when a data page first needs it: a reader starting past the
                    // chunk's dictionary-encoded pages (the later part of a split file,
                    // after pyarrow's fallback to plain pages) never decodes it.
                    dictionaryPage = (header, body)
                    dictionary = nil
                    dictionaryValues = nil
                    continue
                case .dataPage, .dataPageV2:
                    guard header.valueCount <= min(valuesLeft, Self.maximumPageValues) else {
                        throw ParquetDecodeError("a page declares \(header.valueCount) values, more than its column chunk has left (\(valuesLeft))", at: 0)
                    }
                    // A flat column's page holds one value (or null) per row.
                    let rows = header.kind == .dataPageV2 ? header.rowCount : header.valueCount
                    if rows > 0, rows <= skippable, rows == header.valueCount {
                        valuesLeft -= header.valueCount
                        return rows
                    }
                    try readDataPage(header, at: body)
                    valuesLeft -= header.valueCount
                    if pageRows > 0 { return 0 }
                }
            } catch {
                // Offsets within the page's bytes become offsets in the file (of the page's header for header faults).
                throw error.offset == 0 ? error.shifted(by: pageStart) : error.shifted(by: body)
            }
        }
    }

    /// The page header at `position`, read through a window that grows while the header
    /// (large statistics) does not fit.
    private func pageHeader() throws(ParquetDecodeError) -> ParquetPageHeader {
        var window = min(end - position, 1 << 12)
        while true {
            let bytes = try file.read(at: position, count: window)
            do throws(ParquetDecodeError) {
                return try ParquetPageHeader(decoding: bytes)
            } catch {
                guard window < end - position else { throw error.shifted(by: position) }
                window = min(end - position, window * 8)
            }
        }
    }

    private func pageBytes(_ header: ParquetPageHeader, at body: Int) throws(ParquetDecodeError) -> [UInt8] {
        do throws(ParquetDecodeError) {
            return try file.read(at: body, count: header.compressedSize)
        } catch {
            throw ParquetDecodeError(error.message, at: 0, code: error.code)
        }
    }

    private mutating func readDictionary(_ header: ParquetPageHeader, at body: Int) throws(ParquetDecodeError) {
        guard header.encoding == 0 || header.encoding == 2 else {
            throw ParquetDecodeError("a dictionary page in \(ParquetValueDecoder.name(header.encoding)) encoding", at: 0, code: "source-error")
        }
        let raw = try codec.decompress(try pageBytes(header, at: body), expected: header.uncompressedSize)
        let values = try raw.withUnsafeBufferPointer { (bytes) throws(ParquetDecodeError) in
            try ParquetValueDecoder.plain(bytes, from: 0, count: header.valueCount, type: type, typeLength: column.element.typeLength)
        }
        if readsNumbers {
            dictionaryValues = values
        } else {
            dictionary = ParquetCells(values, element: column.element)
            dictionaryID = CellDictionary.newID()
        }
        dictionaryPage = (header, body)
        dictionaryGeneration += 2
    }

    private mutating func readDataPage(_ header: ParquetPageHeader, at body: Int) throws(ParquetDecodeError) {
        let compressed = try pageBytes(header, at: body)
        let count = header.valueCount
        var page: [UInt8]
        var valuesStart = 0
        definitions.removeAll(keepingCapacity: true)
        booleansAsEntries = false
        if header.kind == .dataPageV2 {
            let levels = header.repetitionLevelsLength + header.definitionLevelsLength
            guard levels <= compressed.count, levels <= header.uncompressedSize else {
                throw ParquetDecodeError("the page's levels (\(levels) bytes) are longer than the page", at: 0)
            }
            let values = Array(compressed[levels...])
            let expected = header.uncompressedSize - levels
            page = Array(compressed[..<levels])
            page += header.isCompressed ? try codec.decompress(values, expected: expected) : values
            valuesStart = levels
            if column.maxDefinition > 0 {
                try page.withUnsafeBufferPointer { (bytes) throws(ParquetDecodeError) in
                    let from = header.repetitionLevelsLength
                    try ParquetRLEDecoder.decode(
                        bytes, from: from, to: from + header.definitionLevelsLength, width: Self.width(column.maxDefinition),
                        count: count, into: &definitions)
                }
            }
        } else {
            page = try codec.decompress(compressed, expected: header.uncompressedSize)
            if column.maxDefinition > 0 {
                guard header.definitionLevelEncoding == 3 else {
                    throw ParquetDecodeError(
                        "definition levels in \(ParquetValueDecoder.name(header.definitionLevelEncoding)) encoding", at: 0, code: "source-error")
                }
                try page.withUnsafeBufferPointer { (bytes) throws(ParquetDecodeError) in
                    guard bytes.count >= 4 else { throw ParquetDecodeError("the page is too short for its definition levels", at: 0) }
                    let length = Int(UInt32(littleEndian: UnsafeRawPointer(bytes.baseAddress!).loadUnaligned(as: UInt32.self)))
                    guard length <= bytes.count - 4 else {
                        throw ParquetDecodeError("the definition levels' length \(length) runs past the end of the page", at: 0)
                    }
                    try ParquetRLEDecoder.decode(bytes, from: 4, to: 4 + length, width: Self.width(column.maxDefinition), count: count, into: &definitions)
                    valuesStart = 4 + length
                }
            }
        }
        let maxDefinition = Int32(column.maxDefinition)
        var present = count
        if !definitions.isEmpty {
            present = 0
            for level in definitions {
                guard level <= maxDefinition else { throw ParquetDecodeError("a definition level \(level) exceeds \(maxDefinition)", at: 0) }
                if level == maxDefinition { present += 1 }
            }
        }
        let dictionaryEncoded = header.encoding == 2 || header.encoding == 8
        if dictionaryEncoded, dictionary == nil, dictionaryValues == nil, let dictionaryPage {
            do throws(ParquetDecodeError) {
                try readDictionary(dictionaryPage.header, at: dictionaryPage.body)
            } catch {
                // Offsets in the dictionary page, made relative to this page's body
                // (which the caller adds).
                throw error.shifted(by: dictionaryPage.body - body)
            }
        }
        try page.withUnsafeBufferPointer { (bytes) throws(ParquetDecodeError) in
            if dictionaryEncoded {
                guard let size = dictionary.map(\.count) ?? dictionaryValues?.count else {
                    throw ParquetDecodeError("a dictionary-encoded page without a dictionary page", at: 0)
                }
                guard valuesStart < bytes.count || present == 0 else { throw ParquetDecodeError("the page has no dictionary indices", at: valuesStart) }
                indices.removeAll(keepingCapacity: true)
                if present > 0 {
                    let width = Int(bytes[valuesStart])
                    try ParquetRLEDecoder.decode(bytes, from: valuesStart + 1, to: bytes.count, width: width, count: present, into: &indices)
                    let size = Int32(size)
                    if let bad = indices.first(where: { $0 < 0 || $0 >= size }) {
                        throw ParquetDecodeError("dictionary index \(bad) is out of range (the dictionary has \(size) values)", at: valuesStart)
                    }
                }
                usesDictionary = true
                pageValues = nil
            } else {
                let values = try ParquetValueDecoder.decode(
                    bytes, from: valuesStart, count: present, encoding: header.encoding, type: type,
                    typeLength: column.element.typeLength)
                if case .bytes = values, ParquetCells.isText(column.element.logicalType) {
                    cells = ParquetCells(values, element: column.element)
                    pageValues = nil
                } else if case .booleans(let flags) = values {
                    indices.removeAll(keepingCapacity: true)
                    indices.append(contentsOf: flags.lazy.map { $0 ? 1 : 0 })
                    booleansAsEntries = true
                    cells = ParquetCells()
                    pageValues = nil
                } else {
                    cells = ParquetCells()
                    pageValues = values
                }
                cellsStart = 0
                pageGeneration += 2
                usesDictionary = false
                dictionary = nil
                dictionaryValues = nil
            }
        }
        pageRows = count
        row = 0
        value = 0
    }

    /// The bit width of levels up to `maximum`.
    static func width(_ maximum: Int) -> Int {
        maximum == 0 ? 0 : Int.bitWidth - maximum.leadingZeroBitCount
    }
}
