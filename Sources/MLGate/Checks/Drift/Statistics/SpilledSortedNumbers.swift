/// A column's numbers ascending in a spill file: a sample the drift statistics read as a
/// sorted array (``AscendingSample``), walking it a buffer at a time and looking single
/// values up by position, with the same numbers as the array.
struct SpilledSortedNumbers: AscendingSample, Sendable {
    let file: SpillFile
    let smallest: Double
    let largest: Double

    init(file: SpillFile) throws(SpillFile.Failure) {
        self.file = file
        smallest = file.count > 0 ? file.value(at: 0) : .nan
        largest = file.count > 0 ? file.value(at: file.count - 1) : .nan
        if let failure = file.readFailure { throw SpillFile.Failure(message: failure) }
    }

    /// Values of a sorted array, written to a file of their own.
    init(sorted: [Double]) throws(SpillFile.Failure) {
        try self.init(file: SpillFile.write(sorted))
    }

    var count: Int { file.count }

    func value(at position: Int) -> Double { file.value(at: position) }

    func count(below x: Double) -> Int { partitionPoint { $0 >= x } }
    func count(atMost x: Double) -> Int { partitionPoint { $0 > x } }

    func distinctCount(upTo limit: Int) -> Int {
        withWalker { walker in
            // As the array counts: at least two once a second value is seen.
            var distinct = 0
            while let value = walker.next, distinct < max(limit, 2) {
                _ = walker.pass(atMost: value)
                distinct += 1
            }
            return distinct
        }
    }

    /// Every value, ascending, a buffer at a time.
    func forEachValue(_ body: (Double) -> Void) {
        var buffer = [Double](repeating: 0, count: min(1 << 14, max(count, 1)))
        var index = 0
        while index < count {
            let from = index
            let read = buffer.withUnsafeMutableBufferPointer { file.read(into: $0, from: from) }
            guard read > 0 else { return }
            for value in buffer[0..<read] { body(value) }
            index += read
        }
    }

    /// Every value, ascending, in memory (a spilled sample's ``DriftColumnSample/numbers``).
    func allValues() -> [Double] {
        var values: [Double] = []
        values.reserveCapacity(count)
        forEachValue { values.append($0) }
        return values
    }

    func withWalker<T>(_ body: (inout SpillWalker) -> T) -> T {
        var walker = SpillWalker(file: file)
        return body(&walker)
    }

    /// The first position whose value satisfies `predicate` (false…true along the file).
    private func partitionPoint(_ predicate: (Double) -> Bool) -> Int {
        var low = 0, high = count
        while low < high {
            let middle = low + (high - low) / 2
            if predicate(file.value(at: middle)) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}

/// A walk up a spill file, a buffer of values at a time.
struct SpillWalker: AscendingWalker {
    let file: SpillFile
    private var buffer: [Double]
    /// The file position of `buffer[0]`.
    private var start = 0
    private var filled = 0
    private var index = 0

    init(file: SpillFile) {
        self.file = file
        buffer = [Double](repeating: 0, count: min(1 << 14, max(file.count, 1)))
        refill()
    }

    private mutating func refill() {
        start += filled
        index = 0
        let from = start
        filled = buffer.withUnsafeMutableBufferPointer { file.read(into: $0, from: from) }
    }

    var next: Double? { index < filled ? buffer[index] : nil }

    @inline(__always)
    mutating func pass(atMost x: Double) -> Int {
        while index < filled, buffer[index] <= x {
            index += 1
            if index == filled { refill() }
        }
        return start + index
    }
}
