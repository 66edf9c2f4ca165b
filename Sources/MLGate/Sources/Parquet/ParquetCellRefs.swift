/// A column's cells for a batch of rows, as places in texts the reader already holds —
/// the chunk's dictionary, its pages' cells — so that no cell's bytes are copied: the
/// batch keeps the texts (arrays are shared, not copied) and points into them.
struct ParquetCellRefs: Sendable {
    /// The texts the cells lie in.
    private(set) var texts: [[UInt8]] = []
    /// For each row, where its cell starts: `text << RowBatch.segmentShift | offset` (see
    /// ``RowBatch/appendPlacedCell(_:count:)``); a null is an empty cell at 0.
    private(set) var places: [Int] = []
    /// For each row, its cell's length in bytes.
    private(set) var lengths: [Int32] = []
    /// Which source ``texts`` last took (see ``useText(_:source:)``).
    private var lastSource = -1
    /// When every cell so far is an entry of one dictionary: its identifier and size,
    /// and each row's entry (-1 for a null). Nil once a cell is not.
    private(set) var dictionary: (id: Int, count: Int)?
    private(set) var entries: [Int32] = []
    /// Whether any cell has been appended since ``removeAll()``.
    private var started = false

    /// The rows that follow (`count` of them) are entries of the dictionary `id` of
    /// `size` entries, or (`id` nil) are not all of one; `body` writes each row's entry.
    mutating func noteEntries(_ count: Int, of id: Int?, size: Int, _ body: (UnsafeMutablePointer<Int32>) -> Void) {
        defer { started = true }
        guard let id, !started || dictionary?.id == id else {
            dictionary = nil
            entries.removeAll(keepingCapacity: true)
            return
        }
        dictionary = (id, size)
        let start = entries.count
        entries.append(contentsOf: repeatElement(-1, count: count))
        entries.withUnsafeMutableBufferPointer { body($0.baseAddress! + start) }
    }

    /// Cells that follow lie in `text`, known to the reader as `source` (a number that
    /// changes whenever the reader's text does): it is taken once per batch.
    mutating func useText(_ text: [UInt8], source: Int) -> Int {
        if source != lastSource {
            texts.append(text)
            lastSource = source
        }
        return (texts.count - 1) << RowBatch.segmentShift
    }

    /// Appends `count` rows whose places and lengths `body` writes (a null: place 0,
    /// length 0), through pointers to the new rows' first.
    mutating func appendRows(_ count: Int, _ body: (UnsafeMutablePointer<Int>, UnsafeMutablePointer<Int32>) -> Void) {
        let start = places.count
        places.append(contentsOf: repeatElement(0, count: count))
        lengths.append(contentsOf: repeatElement(0, count: count))
        places.withUnsafeMutableBufferPointer { places in
            lengths.withUnsafeMutableBufferPointer { lengths in body(places.baseAddress! + start, lengths.baseAddress! + start) }
        }
    }

    mutating func reserve(_ rows: Int) {
        places.reserveCapacity(rows)
        lengths.reserveCapacity(rows)
    }

    mutating func removeAll() {
        texts.removeAll(keepingCapacity: true)
        places.removeAll(keepingCapacity: true)
        lengths.removeAll(keepingCapacity: true)
        lastSource = -1
        dictionary = nil
        entries = []
        started = false
    }
}
