/// A column of dictionary entries (``CellDictionary``): each entry's cell is read once,
/// as ``DriftColumnSample/observe(_:)`` reads a cell, and that reading is applied to
/// every row of the entry, in row order while the column is numeric; a text column's
/// categories are counted by entry and added once a batch.
extension DriftColumnSample {
    /// What an entry's cell is, both ways a sample may read it.
    private struct EntryReading {
        /// Its number, when it parses as one (read while the column is numeric).
        var number: Double?
        /// Whether its text is an integer's (digits with an optional sign).
        var integerText: Bool
        /// Whether it is one of pandas' missing tokens (read once the column is text).
        var missingToken: Bool
    }

    /// Takes `column` of `batch` into account, whose cells are `dictionary`'s entries:
    /// the same as every cell through ``observe(_:)`` in row order.
    mutating func observe(entriesOf batch: RowBatch, _ column: Int, _ dictionary: CellDictionary) {
        var readings = [EntryReading?](repeating: nil, count: dictionary.count)
        // A text column's present cells by entry, counted as categories after the rows.
        var textCounts = [Int](repeating: 0, count: dictionary.count)
        var textRows: [Int] = []
        batch.withColumn(column) { cells in
            dictionary.entries.withUnsafeBufferPointer { entries in
                for row in 0..<batch.rowCount {
                    let entry = Int(entries[row])
                    guard entry >= 0, entry < readings.count, let bytes = cells[row] else {
                        observe(cells[row])
                        continue
                    }
                    let reading: EntryReading
                    if let known = readings[entry] {
                        reading = known
                    } else {
                        let number = NumberParser.double(bytes)
                        reading = EntryReading(
                            number: number, integerText: number != nil && Self.isInteger(bytes),
                            missingToken: Self.isMissingToken(bytes))
                        readings[entry] = reading
                    }
                    if allNumbers {
                        if let number = reading.number {
                            observe(number, integer: allIntegers && reading.integerText)
                        } else if reading.missingToken {
                            missing += 1
                        } else {
                            // The first text: the column becomes text (``observe(_:)``).
                            observe(bytes)
                        }
                    } else if reading.missingToken {
                        missing += 1
                    } else {
                        if textCounts[entry] == 0 { textRows.append(row) }
                        textCounts[entry] += 1
                    }
                }
                // Each entry's categories, in the order the entries first came as text.
                for row in textRows {
                    let entry = Int(entries[row])
                    present += textCounts[entry]
                    countCategory(cells[row]!, times: textCounts[entry])
                }
            }
        }
    }
}
