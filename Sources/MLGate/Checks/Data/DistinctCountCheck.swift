/// `distinct_count`: the number of distinct values in a column lies within bounds.
public struct DistinctCountCheck: TableCheck {
    public static let identifier = "distinct_count"
    public static let summary =
        "The number of distinct non-empty values of `column` (compared as text, as pandas' nunique compares strings) lies between `min` and `max`, inclusive."
    public static let parameters = [ColumnParameter.spec] + StatisticBounds.parameters
    public static let examples: [TableCheckExample] = [
        .passing("column: region\nmax: 2", csv: "region\nnorth\nsouth\nnorth\n\n"),
        .passing("column: region\nmin: 3", csv: "region\na\nb\nc\n"),
        .failing("column: region\nmax: 1", csv: "region\nnorth\nsouth\n"),
        .failing("column: region\nmin: 2", csv: "region\nnorth\nnorth\n"),
    ]

    /// The column.
    public var column: String
    /// The bounds on the count.
    public var bounds: StatisticBounds

    public init(parameters: CheckParameters) throws(DiagnosticError) {
        column = parameters.string("column") ?? ""
        bounds = try StatisticBounds(parameters, check: Self.identifier)
    }

    /// Keeps the distinct values: what counting them exactly needs. The first few are
    /// compared as bytes in a list (categories, usually), so that a cell already seen
    /// costs no allocation; past 64 values they move to a set of their keyed 128-bit
    /// fingerprints (``KeyFingerprint``: 20 bytes a slot whatever the value's length,
    /// the chance of any two of n values colliding about n²/2¹²⁹).
    public struct Accumulator: TableAccumulator {
        var column: Int?
        var few: [[UInt8]] = []
        /// Each of `few`'s values as its length and first bytes, compared before the bytes.
        var fewKeys: [UInt64] = []
        var many: FingerprintSet?
        /// The count a SQL engine computed (``PushdownTableCheck``), when it did.
        var pushedCount: Int?
        /// The entries of the dictionary the column's cells last came from
        /// (``CellDictionary``) whose values were taken: each is inserted once.
        var takenEntries: (id: Int, taken: [Bool])?
        var count: Int { pushedCount ?? many?.count ?? few.count }

        /// A value's length (top byte) and its first seven bytes.
        @inline(__always)
        static func key(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
            var key = UInt64(min(bytes.count, 255)) << 56
            for index in 0..<min(bytes.count, 7) { key |= UInt64(bytes[index]) << UInt64(8 * index) }
            return key
        }

        /// Whether a value (of the same length and first bytes) equals the cell.
        @inline(__always)
        static func same(_ value: [UInt8], _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            guard value.count == bytes.count else { return false }
            return value.withUnsafeBufferPointer { value in
                for index in min(7, value.count)..<value.count where value[index] != bytes[index] { return false }
                return true
            }
        }

        mutating func insert(_ bytes: UnsafeBufferPointer<UInt8>) {
            if many != nil {
                _ = many!.insert(KeyFingerprint(UnsafeRawBufferPointer(bytes)), row: 0)
                return
            }
            let key = Self.key(bytes)
            for index in fewKeys.indices where fewKeys[index] == key {
                if bytes.count <= 7 || Self.same(few[index], bytes) { return }
            }
            few.append(Array(bytes))
            fewKeys.append(key)
            if few.count > 64 { spill() }
        }

        /// Moves the values listed to the fingerprint set.
        mutating func spill() {
            var set = FingerprintSet()
            for value in few { _ = set.insert(KeyFingerprint(value), row: 0) }
            many = set
            few = []
            fewKeys = []
        }

        public mutating func observe(_ batch: RowBatch) {
            guard let column, column < batch.width else { return }
            if let dictionary = batch.cellDictionary(column) { return observe(batch, column, dictionary) }
            batch.withColumn(column) { cells in
                for row in 0..<batch.rowCount {
                    if let bytes = cells[row], !bytes.isEmpty { insert(bytes) }
                }
            }
        }

        /// A column of dictionary entries: each entry's value is inserted the first time
        /// it is met (a null's cell is empty, and not a value).
        private mutating func observe(_ batch: RowBatch, _ column: Int, _ dictionary: CellDictionary) {
            var taken = takenEntries.take().flatMap { $0.id == dictionary.id ? $0.taken : nil }
                ?? Array(repeating: false, count: dictionary.count)
            batch.withColumn(column) { cells in
                for row in 0..<batch.rowCount {
                    let entry = Int(dictionary.entries[row])
                    if entry >= 0, entry < taken.count {
                        if taken[entry] { continue }
                        taken[entry] = true
                    }
                    if let bytes = cells[row], !bytes.isEmpty { insert(bytes) }
                }
            }
            takenEntries = (dictionary.id, taken)
        }

        public mutating func merge(_ other: Accumulator) {
            guard let others = other.many else {
                for value in other.few { value.withUnsafeBufferPointer { insert($0) } }
                return
            }
            if many == nil { spill() }
            others.forEach { key, _ in _ = many!.insert(key, row: 0) }
        }
    }

    public func makeAccumulator(columns: [String]) -> Accumulator {
        Accumulator(column: columns.firstIndex(of: column))
    }

    public func evaluate(_ accumulator: Accumulator, table: TableSummary) -> CheckEvaluation {
        if case .failure(let missing) = ColumnParameter.locate(column, in: table) { return missing.evaluation }
        return bounds.evaluate(Double(accumulator.count), "distinct values of '\(column)'")
    }
}

extension DistinctCountCheck.Accumulator: ColumnUsingAccumulator {
    var columnUse: ColumnUse { ColumnUse(read: Set([column].compactMap { $0 }), numbers: []) }
}
