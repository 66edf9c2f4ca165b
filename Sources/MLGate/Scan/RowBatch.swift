/// A run of consecutive data rows: what a reader hands to the checks.
///
/// A cell that lies whole in one of the file's chunks is kept as a place in that chunk
/// (the batch holds the chunks it points into, without copying them); only cells that
/// straddle chunks or were unescaped are copied, into one buffer per batch. So reading a
/// file allocates per batch, not per cell; consumers read a cell as bytes, as a number
/// (parsed straight from the bytes) or, when they need one, as a `String`.
public struct RowBatch: Sendable {
    /// The row number of the first row in the batch, numbered as Frictionless does:
    /// the header is row 1, so the first data row is row 2.
    public var firstRowNumber: Int
    /// How many bytes of its input the batch's rows were read from (0 when the reader
    /// does not count them): with the input's size, a scan estimates the table's rows
    /// (``RowEstimate``).
    public internal(set) var sourceBytes = 0
    /// The number of rows in the batch.
    public private(set) var rowCount = 0
    /// The number of columns (the header's width).
    public private(set) var width: Int
    /// For each row, the number of cells beyond the header's width (usually 0). A row
    /// with fewer cells than the width has its last cells missing; a blank line has them
    /// all missing (see ``isBlank(_:)``).
    public private(set) var extraCellCounts: [Int] = []
    /// For each row, the line of the file it starts on.
    public private(set) var lineNumbers: [Int] = []
    /// Rows the reader recovered from (only readers asked to recover report any), in
    /// row order.
    public internal(set) var malformedRows: [MalformedRow] = []
    /// The line the reader is on after the batch's last row: the first line of the next
    /// row (0 when the reader does not track it).
    public internal(set) var endLine = 0

    /// The text of cells that are not in a chunk (UTF-8, unescaped), one after another.
    private var text: [UInt8] = []
    /// The chunks of the file that cells point into.
    private var chunks: [[UInt8]] = []
    /// Row-major: each kept cell's place (one array, so that adding a cell is one append).
    private var cells = CellSpanStore()
    /// The kept cells per row: `width`, or fewer when only some columns are kept.
    private var stride: Int
    /// For each column, whether its cells are kept; empty when every column's are.
    private var kept: [Bool] = []
    /// For each column, its cell's place among a row's kept cells (-1 for one not kept),
    /// and for each column c (and `width`), how many kept columns are at c or after.
    private var slots: [Int] = []
    private var keptFrom: [Int] = []
    /// Whether every column's cells are kept (`kept` is empty).
    private var keepsAll = true
    /// For each column, its numbers when the reader handed it over as numbers
    /// (``NumberColumn``; the column then has no cells: it is not among the kept
    /// columns, and every cell reads as the number's text); empty when none is.
    var numbers: [NumberColumn?] = []
    /// For each column, the dictionary its cells are entries of, when the reader says
    /// (``CellDictionary``); empty when none is.
    var dictionaries: [CellDictionary?] = []
    /// For each column, its cells as parsed once for every consumer of the batch
    /// (``ParsedNumbers``); empty when none is.
    var parsed: [ParsedNumbers?] = []

    /// Where a cell starts, as `segment << 40 | offset`, where segment 0 is `text` and
    /// segment k is `chunks[k - 1]` (-1 for a cell the row does not have), and its
    /// length in bytes.
    struct CellSpan {
        var start: Int
        var length: Int32
        static let missing = CellSpan(start: -1, length: 0)
    }

    static let segmentShift = 40
    fileprivate static let offsetMask = (1 << 40) - 1

    /// Calls `body` with every segment's bytes, `text` first: the pointers stay valid for
    /// the whole call.
    private func withSegments<Result>(_ body: ([UnsafeBufferPointer<UInt8>]) throws -> Result) rethrows -> Result {
        var bases: [UnsafeBufferPointer<UInt8>] = []
        bases.reserveCapacity(chunks.count + 1)
        func nest(_ index: Int) throws -> Result {
            if index == chunks.count { return try body(bases) }
            return try chunks[index].withUnsafeBufferPointer { buffer in
                bases.append(buffer)
                return try nest(index + 1)
            }
        }
        return try text.withUnsafeBufferPointer { buffer in
            bases.append(buffer)
            return try nest(0)
        }
    }
    /// Cells of the row being appended.
    private var pendingCells = 0

    /// An empty batch for a table with `width` columns.
    public init(firstRowNumber: Int, width: Int) {
        self.firstRowNumber = firstRowNumber
        self.width = width
        stride = width
    }

    /// An empty batch with room for `rows` rows, so that filling it does not regrow (and
    /// copy) its arrays; with `keeping`, only those columns' cells are kept (the others
    /// read as missing): a consumer that reads a few columns of a wide file then pays
    /// for the others only their tokenizing.
    init(firstRowNumber: Int, width: Int, reservingRows rows: Int, keeping columns: Set<Int>? = nil) {
        self.init(firstRowNumber: firstRowNumber, width: width)
        if let columns, columns.count < width {
            kept = (0..<width).map { columns.contains($0) }
            var slot = 0
            slots = kept.map { isKept in
                defer { if isKept { slot += 1 } }
                return isKept ? slot : -1
            }
            stride = slot
            keepsAll = false
            keptFrom = (0...width).map { column in (column..<width).filter { kept[$0] }.count }
        }
        cells.reserve(rows * stride)
        extraCellCounts.reserveCapacity(rows)
        lineNumbers.reserveCapacity(rows)
    }

    /// This batch's rows as rows of a table of `width` columns of which the batch holds
    /// `columns` (ascending): its column j is column `columns[j]` there, and every other
    /// column reads as not kept (missing), as in a batch read with `keeping`. A server
    /// that sends only the columns a gate reads (``PostgresTableReader``) gives its rows
    /// the relation's shape so. The batch must keep all its columns; no cell is copied.
    func spread(into width: Int, columns: [Int]) -> RowBatch {
        precondition(keepsAll && columns.count == self.width && pendingCells == 0 && numbers.isEmpty, "a whole batch of every column it was read with, as text")
        precondition(zip(columns, columns.dropFirst()).allSatisfy { $0 < $1 } && (columns.last ?? -1) < width)
        guard columns.count < width else { return self }
        var spread = self
        spread.width = width
        spread.kept = [Bool](repeating: false, count: width)
        spread.slots = [Int](repeating: -1, count: width)
        for (slot, column) in columns.enumerated() {
            spread.kept[column] = true
            spread.slots[column] = slot
        }
        spread.keptFrom = (0...width).map { column in columns.count { $0 >= column } }
        spread.keepsAll = false
        return spread
    }

    /// Where the cell of `column` in `row` lies in `cells`; `nil` for a column not kept.
    @inline(__always)
    private func cellIndex(_ column: Int, _ row: Int) -> Int? {
        if kept.isEmpty { return row * stride + column }
        let slot = slots[column]
        return slot < 0 ? nil : row * stride + slot
    }

    // MARK: Reading

    /// Whether the row has no cell for this column (a short row, or a missing key).
    public func isMissing(_ column: Int, _ row: Int) -> Bool {
        if numberColumn(column) != nil { return false }
        guard let index = cellIndex(column, row) else { return true }
        return cells[index].start < 0
    }

    /// Whether the row has no cells at all: every cell missing, no extra cells. A blank
    /// line of a CSV file reads so (Python's `csv` reads it as `[]`; frictionless reports
    /// a `blank-row`), as does a JSON Lines object with none of the columns' keys.
    /// Cells that are present but empty (`,,`) do not make a row blank here. (In a batch
    /// that keeps only some columns, only those count.)
    public func isBlank(_ row: Int) -> Bool {
        // A column held as numbers has a cell in every row (a null's is empty).
        guard extraCellCounts[row] == 0, !numbers.contains(where: { $0 != nil }) else { return false }
        let base = row * stride
        for index in base..<base + stride where cells[index].start >= 0 { return false }
        return true
    }

    /// Calls `body` with the cell's bytes; `nil` when the cell is missing.
    public func withBytes<Result>(_ column: Int, _ row: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result)
        rethrows -> Result?
    {
        if let held = numberColumn(column) { return try withHeldText(held, row, body) }
        guard let index = cellIndex(column, row) else { return nil }
        let packed = cells[index].start
        guard packed >= 0 else { return nil }
        let segment = packed >> Self.segmentShift, start = packed & Self.offsetMask
        let length = Int(cells[index].length)
        if segment == 0 {
            return try text.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[start..<start + length])) }
        }
        return try chunks[segment - 1].withUnsafeBufferPointer {
            try body(UnsafeBufferPointer(rebasing: $0[start..<start + length]))
        }
    }

    /// The bytes of the batch's cells: with a delimiter per cell, about the bytes of the
    /// file it was read from.
    public var cellBytes: Int { cells.buffer.reduce(0) { $0 + Int($1.length) } }

    /// Calls `body` with each row's cell of `column`, top to bottom (`nil` for a row
    /// without the cell): a column scan without a buffer access per cell.
    public func forEachCell(in column: Int, _ body: (UnsafeBufferPointer<UInt8>?) throws -> Void) rethrows {
        if let held = numberColumn(column) { return try forEachHeldText(held, body) }
        guard let first = cellIndex(column, 0) else {
            for _ in 0..<rowCount { try body(nil) }
            return
        }
        let stride = self.stride
        try withSegments { segments in
            try cells.withBuffer { cells in
                var index = first
                for _ in 0..<rowCount {
                    let cell = cells[index]
                    if cell.start < 0 {
                        try body(nil)
                    } else {
                        let base = segments[cell.start >> Self.segmentShift].baseAddress!
                        try body(UnsafeBufferPointer(start: base + (cell.start & Self.offsetMask), count: Int(cell.length)))
                    }
                    index += stride
                }
            }
        }
    }

    /// Calls `body` with a view of one column's cells, read by row without a call per
    /// cell: the hot loops of the contract and the checks index it directly.
    func withColumn<Result>(_ column: Int, _ body: (ColumnCells) throws -> Result) rethrows -> Result {
        if let held = numberColumn(column), rowCount > 0 {
            // Numbers' texts made for the call: a path for what reads a column of
            // numbers as text anyway (a consumer that did not ask for numbers).
            let (text, ends) = held.texts()
            let spans = ends.indices.map { row in
                let start = row == 0 ? 0 : ends[row - 1]
                return CellSpan(start: start, length: Int32(ends[row] - start))
            }
            return try text.withUnsafeBufferPointer { text in
                try spans.withUnsafeBufferPointer { spans in
                    var base = text.baseAddress ?? UnsafePointer(ColumnCells.noSegment.pointee)
                    return try withUnsafePointer(to: &base) { bases in
                        try body(ColumnCells(bases: bases, cells: spans.baseAddress!, stride: 1))
                    }
                }
            }
        }
        guard let first = cellIndex(column, 0) else {
            // A column not kept: every row reads the one missing cell.
            return try body(ColumnCells(bases: ColumnCells.noSegment, cells: ColumnCells.missingCell, stride: 0))
        }
        return try withSegments { segments in
            // Each segment's first byte (a placeholder for an empty one: its cells are empty).
            let bases = segments.map { $0.baseAddress ?? UnsafePointer(ColumnCells.noSegment.pointee) }
            return try cells.withBuffer { cells in
                try bases.withUnsafeBufferPointer { bases in
                    guard let cells = cells.baseAddress else {
                        // No rows at all.
                        return try body(ColumnCells(bases: ColumnCells.noSegment, cells: ColumnCells.missingCell, stride: 0))
                    }
                    return try body(ColumnCells(bases: bases.baseAddress!, cells: cells + first, stride: stride))
                }
            }
        }
    }

    /// One column of a batch, by row (valid only inside ``RowBatch/withColumn(_:_:)``).
    struct ColumnCells {
        fileprivate let bases: UnsafePointer<UnsafePointer<UInt8>>
        /// The column's cell in the first row.
        fileprivate let cells: UnsafePointer<CellSpan>
        fileprivate let stride: Int

        /// The cell's bytes in `row`; `nil` when the row has none (or the column is not kept).
        @inline(__always)
        subscript(row: Int) -> UnsafeBufferPointer<UInt8>? {
            let cell = cells[row &* stride]
            guard cell.start >= 0 else { return nil }
            return UnsafeBufferPointer(
                start: bases[cell.start &>> RowBatch.segmentShift] + (cell.start & RowBatch.offsetMask), count: Int(cell.length))
        }

        /// What a column that is not kept reads: one missing cell, and one placeholder byte.
        nonisolated(unsafe) fileprivate static let missingCell: UnsafePointer<CellSpan> = {
            let cell = UnsafeMutablePointer<CellSpan>.allocate(capacity: 1)
            cell.initialize(to: .missing)
            return UnsafePointer(cell)
        }()
        nonisolated(unsafe) fileprivate static let noSegment: UnsafePointer<UnsafePointer<UInt8>> = {
            let byte = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
            byte.initialize(to: 0)
            let base = UnsafeMutablePointer<UnsafePointer<UInt8>>.allocate(capacity: 1)
            base.initialize(to: UnsafePointer(byte))
            return UnsafePointer(base)
        }()
    }

    /// The cell's text; `nil` when the cell is missing.
    public func string(_ column: Int, _ row: Int) -> String? {
        withBytes(column, row) { String(decoding: $0, as: UTF8.self) }
    }

    /// The cell as a number, parsed from its bytes; `nil` when missing or not a number.
    public func double(_ column: Int, _ row: Int) -> Double? {
        withBytes(column, row) { NumberParser.double($0) } ?? nil
    }

    /// The cells column by column, as strings (convenient in tests; allocates).
    public var columns: [[String?]] {
        (0..<width).map { column in (0..<rowCount).map { string(column, $0) } }
    }

    // MARK: Writing

    /// Appends the next cell of the row being built; cells beyond the width are counted
    /// as extra cells.
    mutating func appendCell(_ bytes: UnsafeBufferPointer<UInt8>) {
        if pendingCells < width, kept.isEmpty || kept[pendingCells] {
            cells.append(CellSpan(start: text.count, length: Int32(bytes.count)))
            text.append(contentsOf: bytes)
        }
        pendingCells += 1
    }

    /// Cells that follow lie in `chunk` (until the next call): the batch keeps it.
    mutating func beginChunk(_ chunk: [UInt8]) {
        chunks.append(chunk)
        chunkSegment = chunks.count << Self.segmentShift
    }

    /// Keeps `chunks` for cells placed by ``appendPlacedCell(_:count:)``: returns what
    /// to add to a place `k << 40 | offset` in `chunks[k]` to make it the batch's.
    mutating func addChunks(_ added: [[UInt8]]) -> Int {
        let first = (chunks.count + 1) << Self.segmentShift
        chunks.append(contentsOf: added)
        return first
    }

    /// Appends the next cell as `count` bytes at `place` (a place in a chunk added by
    /// ``addChunks(_:)``, shifted as it says; 0 with `count` 0 is an empty cell),
    /// without copying them.
    @inline(__always)
    mutating func appendPlacedCell(_ place: Int, count: Int) {
        if pendingCells < width, keepsAll || kept[pendingCells] {
            cells.append(CellSpan(start: place, length: Int32(truncatingIfNeeded: count)))
        }
        pendingCells += 1
    }

    /// Appends `rows` whole rows given column by column: for each kept column, in order,
    /// its cells' places in chunks added by ``addChunks(_:)`` (`base` is what that
    /// returned; a cell of length 0 is an empty cell) — written straight into the store.
    /// The rows start on line `firstLine`, one line each.
    mutating func appendPlacedRows(
        _ rows: Int, columns: [(base: Int, places: [Int], lengths: [Int32])], firstLine: Int
    ) {
        precondition(pendingCells == 0 && columns.count == stride, "whole rows of every kept column")
        precondition(columns.allSatisfy { $0.places.count >= rows && $0.lengths.count >= rows })
        let stride = self.stride
        cells.reserveAdditional(rows * stride)
        // No cells at all when every column read is held as numbers.
        for (slot, column) in columns.enumerated() {
            let start = cells.base! + cells.count
            column.places.withUnsafeBufferPointer { places in
                column.lengths.withUnsafeBufferPointer { lengths in
                    var cell = start + slot
                    for row in 0..<rows {
                        let length = lengths[row]
                        cell.initialize(to: CellSpan(start: length == 0 ? 0 : column.base &+ places[row], length: length))
                        cell += stride
                    }
                }
            }
        }
        cells.count += rows * stride
        extraCellCounts.append(contentsOf: repeatElement(0, count: rows))
        lineNumbers.append(contentsOf: firstLine..<(firstLine + rows))
        rowCount += rows
    }

    /// The segment part of a place in the last chunk begun (see ``CellSpan``).
    private var chunkSegment = 0

    /// Appends the next cell as `count` bytes at `offset` in the chunk of the last
    /// ``beginChunk(_:)``, without copying them.
    @inline(__always)
    mutating func appendChunkCell(offset: Int, count: Int) {
        if pendingCells < width, keepsAll || kept[pendingCells] {
            cells.append(CellSpan(start: chunkSegment | offset, length: Int32(truncatingIfNeeded: count)))
        }
        pendingCells += 1
    }

    /// Appends a run of fields that lie back to back in the chunk of the last
    /// ``beginChunk(_:)`` (see ``CSVRecordSink/chunkFields(_:from:lines:in:)``), ending
    /// the rows marked so: the tokenizer's fast path hands its fields over this way.
    mutating func appendChunkFields(
        _ ends: UnsafeBufferPointer<CSVFieldEnd>, from start: Int, lines: (first: Int, next: Int), in chunk: UnsafeBufferPointer<UInt8>
    ) {
        var start = start, line = lines.first, ended = false
        guard keepsAll else {
            // Only the kept columns' cells are written; a whole row of the others costs
            // its field ends only (no call, no cell).
            let segment = chunkSegment, width = self.width, cells = self.cells, kept = self.kept
            var pending = pendingCells
            kept.withUnsafeBufferPointer { kept in
                for entry in ends {
                    if pending < width, kept[pending] {
                        let text = entry.text(from: start)
                        if entry.isDoubled {
                            appendUndoubledCell(text, in: chunk)
                        } else {
                            cells.append(CellSpan(start: segment | text.start, length: Int32(truncatingIfNeeded: text.count)))
                        }
                    }
                    pending &+= 1
                    if entry.endsRecord {
                        if pending == width {
                            appendWholeRow(line: line)
                        } else {
                            pendingCells = pending
                            endRow(line: line)
                        }
                        pending = 0
                        line = ended ? line &+ 1 : lines.next
                        ended = true
                    }
                    start = entry.nextStart
                }
            }
            pendingCells = pending
            return
        }
        // Room for every field of the run, written through a local pointer and count;
        // a row that is short or long goes through `endRow` (which may grow the store).
        let segment = chunkSegment, width = self.width, cells = self.cells
        var pending = pendingCells
        cells.reserveAdditional(ends.count)
        var base = cells.base!, count = cells.count
        for (index, entry) in ends.enumerated() {
            if pending < width {
                let text = entry.text(from: start)
                if entry.isDoubled {
                    cells.count = count
                    appendUndoubledCell(text, in: chunk)
                    cells.reserveAdditional(ends.count &- index)
                    base = cells.base!
                    count = cells.count
                } else {
                    (base + count).initialize(to: CellSpan(start: segment | text.start, length: Int32(truncatingIfNeeded: text.count)))
                    count &+= 1
                }
            }
            pending &+= 1
            if entry.endsRecord {
                if pending == width {
                    appendWholeRow(line: line)
                } else {
                    cells.count = count
                    pendingCells = pending
                    endRow(line: line)
                    cells.reserveAdditional(ends.count &- index)
                    base = cells.base!
                    count = cells.count
                }
                pending = 0
                line = ended ? line &+ 1 : lines.next
                ended = true
            }
            start = entry.nextStart
        }
        cells.count = count
        pendingCells = pending
    }

    /// Appends a kept cell whose quoted text holds doubled quotes: a copy, each pair read
    /// as one (``CSVFieldEnd/undoubled(_:in:)``).
    @inline(never)
    private mutating func appendUndoubledCell(_ place: (start: Int, count: Int), in chunk: UnsafeBufferPointer<UInt8>) {
        let bytes = CSVFieldEnd.undoubled(place, in: chunk)
        cells.append(CellSpan(start: text.count, length: Int32(bytes.count)))
        text.append(contentsOf: bytes)
    }

    /// Ends a row of a run of field ends that has all its cells, none beyond (the common
    /// row; its cells are already in the store).
    @inline(__always)
    private mutating func appendWholeRow(line: Int) {
        extraCellCounts.append(0)
        lineNumbers.append(line)
        rowCount &+= 1
    }

    /// Records that the next cell of the row being built (or, with `wholeRow`, the row)
    /// could not be read as it is in the file.
    mutating func recordMalformed(_ error: TableReadError, wholeRow: Bool = false) {
        malformedRows.append(MalformedRow(row: rowCount, column: wholeRow ? nil : pendingCells, error: error))
    }

    /// Ends the row being built, padding it with missing cells.
    mutating func endRow(line: Int) {
        let present = min(pendingCells, width)
        for _ in 0..<(kept.isEmpty ? width - present : keptFrom[present]) { cells.append(.missing) }
        extraCellCounts.append(max(0, pendingCells - width))
        lineNumbers.append(line)
        pendingCells = 0
        rowCount += 1
    }

    /// Appends a whole row given as strings (`nil`: missing), with a count of extra cells.
    public mutating func appendRow(_ cells: [String?], extraCells: Int = 0, line: Int) {
        precondition(pendingCells == 0 && cells.count == width)
        for cell in cells {
            if var cell {
                cell.withUTF8 { appendCell($0) }
            } else {
                if kept.isEmpty || kept[pendingCells] { self.cells.append(.missing) }
                pendingCells += 1
            }
        }
        extraCellCounts.append(extraCells)
        lineNumbers.append(line)
        pendingCells = 0
        rowCount += 1
    }

    /// Sets the row count for a batch that carries no cells (tests of accumulators).
    mutating func setEmptyRows(_ count: Int) {
        precondition(width == 0 || rowCount == 0)
        rowCount = count
    }
}
