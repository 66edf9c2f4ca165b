/// One numeric column's running summary: counts, the exact sums of its numbers and of
/// their squares (so its mean and standard deviation do not depend on the order the
/// numbers were read in), extremes, and the first cell that is not a number. Empty cells
/// are missing and skipped, as pandas skips NaN.
public struct NumericColumnSummary: Sendable, Hashable {
    /// The column read, or `nil` when the table lacks it.
    var column: Int?
    var sums = ExactMoments()
    /// Whether ``sums`` are kept: a check that needs no mean or deviation (a quantile)
    /// only counts the numbers.
    var keepsMoments = true
    /// The numbers counted, when ``sums`` are not kept.
    private var countWithoutMoments = 0
    /// The count, the mean and the sum of squared deviations as a SQL engine computed
    /// them, in place of ``sums``.
    var engine: (count: Int, mean: Double, m2: Double)?
    /// How many numbers the column holds.
    public var count: Int { engine?.count ?? (keepsMoments ? sums.count : countWithoutMoments) }
    public internal(set) var minimum = Double.infinity
    public internal(set) var maximum = -Double.infinity
    var missing = 0
    var notNumbers = 0
    /// The first cell that is not a number: its row and text.
    var firstNotNumber: (row: Int, text: String)?

    public static func == (a: Self, b: Self) -> Bool {
        a.count == b.count && a.sums == b.sums && a.engine?.mean == b.engine?.mean && a.engine?.m2 == b.engine?.m2
            && a.notNumbers == b.notNumbers
    }
    public func hash(into hasher: inout Hasher) { hasher.combine(count) }

    init(columnNamed name: String, in columns: [String]) {
        column = columns.firstIndex(of: name)
    }

    /// It reads its column only as numbers, parsing each cell.
    var columnUse: ColumnUse {
        let columns = Set([column].compactMap { $0 })
        return ColumnUse(read: columns, numbers: columns, parsed: columns)
    }

    mutating func observe(_ batch: RowBatch) {
        var none: [Double]?
        observe(batch, keeping: &none)
    }

    /// Observes a batch and appends its numbers to `values` (when given): a check that
    /// needs the numbers themselves parses each cell once.
    mutating func observe(_ batch: RowBatch, keeping values: inout [Double]?) {
        guard let column, column < batch.width else { return }
        if batch.numberColumn(column) == nil, let parsed = batch.parsedNumbers(column) {
            return observe(parsed, of: batch, column, keeping: &values)
        }
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
        summarize(numbers, keeping: &values)
    }

    /// ``observe(_:keeping:)`` on a column parsed once for every consumer
    /// (``ParsedNumbers``): the numbers are taken from the parsed values, without the
    /// cells' text, which only the first cell that is not a number needs.
    private mutating func observe(_ parsed: ParsedNumbers, of batch: RowBatch, _ column: Int, keeping values: inout [Double]?) {
        var notNumberRow: Int?
        var missing = 0, notNumbers = 0
        let numbers = parsed.values.withUnsafeBufferPointer { parsedValues in
            parsed.kinds.withUnsafeBufferPointer { kinds in
                [Double](unsafeUninitializedCapacity: kinds.count) { numbers, count in
                    for row in 0..<kinds.count {
                        let kind = kinds[row]
                        if ParsedNumbers.isNumber(kind), !parsedValues[row].isNaN {
                            numbers[count] = parsedValues[row]
                            count &+= 1
                        } else if kind == ParsedNumbers.Kind.missing.rawValue {
                            missing &+= 1
                        } else {
                            notNumbers &+= 1
                            if notNumberRow == nil { notNumberRow = row }
                        }
                    }
                }
            }
        }
        self.missing += missing
        self.notNumbers += notNumbers
        if firstNotNumber == nil, let row = notNumberRow {
            firstNotNumber = (batch.firstRowNumber + row, batch.string(column, row) ?? "")
        }
        summarize(numbers, keeping: &values)
    }

    /// Takes a batch's numbers into the extremes and sums, and appends them to `values`.
    private mutating func summarize(_ numbers: [Double], keeping values: inout [Double]?) {
        guard !numbers.isEmpty else { return }
        numbers.withUnsafeBufferPointer { numbers in
            var low = minimum, high = maximum
            for value in numbers {
                low = min(low, value)
                high = max(high, value)
            }
            minimum = low
            maximum = high
            if keepsMoments { sums.add(numbers) } else { countWithoutMoments += numbers.count }
        }
        values?.append(contentsOf: numbers)
    }

    mutating func merge(_ other: Self) {
        sums.add(other.sums)
        countWithoutMoments += other.countWithoutMoments
        minimum = min(minimum, other.minimum)
        maximum = max(maximum, other.maximum)
        missing += other.missing
        notNumbers += other.notNumbers
        if firstNotNumber == nil { firstNotNumber = other.firstNotNumber }
    }

    /// The mean; NaN without numbers.
    public var mean: Double { engine?.mean ?? sums.mean }

    /// The sum: exact, rounded once; from a SQL engine, its mean times its count.
    public var sum: Double {
        if let engine { return engine.mean * Double(engine.count) }
        return sums.total
    }

    /// Sample standard deviation (ddof = 1, as pandas); NaN below two values.
    public var standardDeviation: Double {
        guard count > 1 else { return .nan }
        if let engine { return (engine.m2 / Double(count - 1)).squareRoot() }
        return sums.standardDeviation
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
