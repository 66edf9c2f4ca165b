/// A drift column's numbers that went to disk: sorted runs of at most a few hundred
/// thousand values each (``DriftColumnSample/spillLimit``), merged into one ascending file
/// when the column is judged. What a table counted by a server holds, so that mlgate's
/// memory stays the same however many distinct values a column has: the statistics read
/// the merged file as they read a sorted array (``SpilledSortedNumbers``), to the bit.
struct NumberSpill: Sendable {
    /// The runs written so far, each ascending.
    private(set) var runs: [SpillFile] = []

    /// How many values the runs hold.
    var count: Int { runs.reduce(0) { $0 + $1.count } }
    /// Why a read of a run failed, if one did (``SpillFile/readFailure``).
    var readFailure: String? { runs.lazy.compactMap(\.readFailure).first }
    var isEmpty: Bool { runs.isEmpty }

    /// Writes `sorted` (ascending) as a run.
    mutating func add(sortedRun sorted: [Double]) throws(SpillFile.Failure) {
        runs.append(try SpillFile.write(sorted))
    }

    /// Takes over the runs of another part of the column.
    mutating func append(_ other: NumberSpill) {
        runs += other.runs
    }

    /// Every value of every run, run after run (not in order).
    func forEachValue(_ body: (Double) -> Void) throws(SpillFile.Failure) {
        var buffer = [Double](repeating: 0, count: SpillFile.Writer.bufferCount)
        for run in runs {
            var index = 0
            while index < run.count {
                let read = buffer.withUnsafeMutableBufferPointer { run.read(into: $0, from: index) }
                if let failure = run.readFailure { throw SpillFile.Failure(message: failure) }
                for value in buffer[0..<read] { body(value) }
                index += read
            }
        }
    }

    /// The runs and `rest` (ascending) merged into one ascending file. Values are ordered
    /// as ``SortedSample`` orders them (−0 before 0), so the file is what sorting every
    /// value in memory would give.
    func merged(with rest: [Double]) throws(SpillFile.Failure) -> SpilledSortedNumbers {
        var writer = try SpillFile.Writer()
        var sources = runs.map { RunReader(file: $0) }
        var restIndex = 0
        // A binary heap of the sources' next keys (the rest is source `runs.count`).
        var heap: [(key: UInt64, source: Int)] = []
        func push(_ entry: (key: UInt64, source: Int)) {
            heap.append(entry)
            var child = heap.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard heap[child].key < heap[parent].key else { break }
                heap.swapAt(child, parent)
                child = parent
            }
        }
        func siftDown() {
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var smallest = parent
                if left < heap.count, heap[left].key < heap[smallest].key { smallest = left }
                if right < heap.count, heap[right].key < heap[smallest].key { smallest = right }
                guard smallest != parent else { return }
                heap.swapAt(parent, smallest)
                parent = smallest
            }
        }
        func next(_ source: Int) -> Double? {
            if source == sources.count {
                guard restIndex < rest.count else { return nil }
                restIndex += 1
                return rest[restIndex - 1]
            }
            return sources[source].next()
        }
        for source in 0...sources.count {
            if let value = next(source) { push((Self.key(value), source)) }
        }
        while let top = heap.first {
            try writer.append(Self.value(top.key))
            if let value = next(top.source) {
                heap[0] = (Self.key(value), top.source)
            } else {
                heap[0] = heap[heap.count - 1]
                heap.removeLast()
            }
            siftDown()
        }
        for run in runs {
            if let failure = run.readFailure { throw SpillFile.Failure(message: failure) }
        }
        return try SpilledSortedNumbers(file: writer.finish())
    }

    /// The order-preserving key of a double (``SortedSample``'s).
    @inline(__always)
    static func key(_ value: Double) -> UInt64 {
        let bits = value.bitPattern
        return bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
    }

    @inline(__always)
    static func value(_ key: UInt64) -> Double {
        Double(bitPattern: key & (1 << 63) != 0 ? key & ~(1 << 63) : ~key)
    }

    /// A run read from its start, a buffer at a time.
    private struct RunReader {
        let file: SpillFile
        var buffer: [Double] = []
        var filled = 0
        var position = 0
        var index = 0

        init(file: SpillFile) { self.file = file }

        mutating func next() -> Double? {
            if position == filled {
                guard index < file.count else { return nil }
                if buffer.isEmpty { buffer = [Double](repeating: 0, count: 1 << 13) }
                let from = index
                filled = buffer.withUnsafeMutableBufferPointer { file.read(into: $0, from: from) }
                guard filled > 0 else { return nil }
                index += filled
                position = 0
            }
            position += 1
            return buffer[position - 1]
        }
    }
}
