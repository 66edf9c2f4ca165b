/// One numeric column's running summary: counts, mean and sum of squared deviations
/// (Welford; halves merge with Chan's formula), extremes, and the first cell that is not
/// a number. Empty cells are missing and skipped, as pandas skips NaN.
public struct NumericColumnSummary: Sendable, Hashable {
    /// The column read, or `nil` when the table lacks it.
    var column: Int?
    public internal(set) var count = 0
    public internal(set) var mean = 0.0
    var m2 = 0.0
    public internal(set) var minimum = Double.infinity
    public internal(set) var maximum = -Double.infinity
    var missing = 0
    var notNumbers = 0
    /// The first cell that is not a number: its row and text.
    var firstNotNumber: (row: Int, text: String)?

    public static func == (a: Self, b: Self) -> Bool {
        a.count == b.count && a.mean == b.mean && a.m2 == b.m2 && a.notNumbers == b.notNumbers
    }
    public func hash(into hasher: inout Hasher) { hasher.combine(count) }

    init(columnNamed name: String, in columns: [String]) {
        column = columns.firstIndex(of: name)
    }

    /// It reads its column only as numbers.
    var columnUse: ColumnUse {
        let columns = Set([column].compactMap { $0 })
        return ColumnUse(read: columns, numbers: columns)
    }

    mutating func observe(_ batch: RowBatch) {
        var none: [Double]?
        observe(batch, keeping: &none)
    }

    /// Observes a batch and appends its numbers to `values` (when given): a check that
    /// needs the numbers themselves parses each cell once.
    ///
    /// The batch's numbers are summarised on their own — mean by a sum, then the squared
    /// deviations from it (numpy's two passes, with no division per number) — and merged
    /// into the running summary as two halves are (Chan's formula).
    mutating func observe(_ batch: RowBatch, keeping values: inout [Double]?) {
        guard let column, column < batch.width else { return }
        var numbers: [Double] = []
        numbers.reserveCapacity(batch.rowCount)
        batch.forEachNumber(in: column) { row, cell in
            let text: UnsafeBufferPointer<UInt8>?
            switch cell {
            case .missing:
                missing += 1
                return
            case .number(let value, let bytes):
                guard value.isNaN else { return numbers.append(value) }
                text = bytes
            case .text(let bytes):
                text = bytes
            }
            notNumbers += 1
            if firstNotNumber == nil {
                firstNotNumber = (batch.firstRowNumber + row, text.map { String(decoding: $0, as: UTF8.self) } ?? batch.string(column, row) ?? "")
            }
        }
        guard !numbers.isEmpty else { return }
        var part = NumericColumnSummary(column: column)
        numbers.withUnsafeBufferPointer { numbers in
            var sum = 0.0, low = Double.infinity, high = -Double.infinity
            for value in numbers {
                sum += value
                low = min(low, value)
                high = max(high, value)
            }
            let mean = sum / Double(numbers.count)
            var m2 = 0.0
            for value in numbers {
                let deviation = value - mean
                m2 += deviation * deviation
            }
            part.count = numbers.count
            part.mean = mean
            part.m2 = m2
            part.minimum = low
            part.maximum = high
        }
        merge(part)
        values?.append(contentsOf: numbers)
    }

    private init(column: Int) {
        self.column = column
    }

    mutating func merge(_ other: Self) {
        if other.count > 0 {
            let total = count + other.count
            let delta = other.mean - mean
            m2 += other.m2 + delta * delta * Double(count) * Double(other.count) / Double(total)
            mean += delta * Double(other.count) / Double(total)
            count = total
            minimum = min(minimum, other.minimum)
            maximum = max(maximum, other.maximum)
        }
        missing += other.missing
        notNumbers += other.notNumbers
        if firstNotNumber == nil { firstNotNumber = other.firstNotNumber }
    }

    /// Sample standard deviation (ddof = 1, as pandas); NaN below two values.
    public var standardDeviation: Double {
        count > 1 ? (m2 / Double(count - 1)).squareRoot() : .nan
    }

    /// A failed evaluation when the statistic cannot be computed: the column is absent,
    /// has cells that are not numbers, or has no numbers.
    func problem(_ name: String, table: TableSummary) -> CheckEvaluation? {
        if case .failure(let missing) = ColumnParameter.locate(name, in: table) { return missing.evaluation }
        if let (row, text) = firstNotNumber {
            return CheckEvaluation(
                passed: false,
                message: "\(notNumbers) cell\(notNumbers == 1 ? "" : "s") of '\(name)' \(notNumbers == 1 ? "is" : "are") not a number (first: '\(text)' in row \(row)): expected numbers or empty cells",
                measurements: [Measurement("not_numbers", Double(notNumbers))])
        }
        if count == 0 {
            return CheckEvaluation(passed: false, message: "'\(name)' has no numbers (\(missing) empty cells): the statistic is undefined")
        }
        return nil
    }
}
