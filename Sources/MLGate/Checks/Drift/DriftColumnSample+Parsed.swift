/// A column parsed once for every consumer of the scan (``ParsedNumbers``), read once
/// the sample knows it is no integer column: the parsed values are taken as they are,
/// without the cells' text (which a sample reads only while it might be integers); a
/// cell that is not a number, and every cell after it, is read from its text, as
/// ``DriftColumnSample/observe(_:)`` reads it.
extension DriftColumnSample {
    /// Takes `column` of `batch`, parsed as `parsed`, into account: the same as every
    /// cell through ``observe(_:)`` in row order. Only while the sample is numbers but
    /// not integers.
    mutating func observe(parsed: ParsedNumbers, of batch: RowBatch, _ column: Int) {
        precondition(allNumbers && !allIntegers, "a numeric sample that is not integers")
        var row = 0
        parsed.values.withUnsafeBufferPointer { values in
            parsed.kinds.withUnsafeBufferPointer { kinds in
                while row < kinds.count {
                    if ParsedNumbers.isNumber(kinds[row]) {
                        observe(values[row], integer: false)
                    } else if kinds[row] == ParsedNumbers.Kind.missing.rawValue {
                        missing += 1
                    } else {
                        // Not a number: the column may turn to text here, and then every
                        // later cell is a category, read from its text.
                        return
                    }
                    row += 1
                }
            }
        }
        while row < batch.rowCount {
            if batch.withBytes(column, row, { observe($0) }) == nil { observe(nil) }
            row += 1
        }
    }
}
