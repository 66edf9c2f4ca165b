import Foundation

/// How a predictions consumer reads a batch: a column at a time in the common case,
/// row by row when a cell needs a closer look.
extension PredictionsLoader.Consumer {
    /// The common case — class labels, at most one score column, regression numbers,
    /// slices, no weight or id — read a column at a time; false when a cell needs the
    /// row-by-row path (a new class, a bad number, a missing cell).
    mutating func observeByColumn(_ batch: RowBatch) -> Bool {
        guard weightIndex == nil, idIndex == nil, scoreIndices.count <= 1 else { return false }
        var ok = true
        if columns.task == .regression {
            ok = Self.numbers(batch, labelIndex, into: &targets, probability: false)
            if ok { ok = Self.numbers(batch, predictionIndex!, into: &estimates, probability: false) }
        } else {
            ok = Self.classes(batch, labelIndex, known: recentLabels, into: &labels)
            if ok, let predictionIndex { ok = Self.classes(batch, predictionIndex, known: recentLabels, into: &predicted) }
            if ok, let score = scoreIndices.first { ok = Self.numbers(batch, score, into: &scores, probability: true) }
        }
        guard ok else { return false }
        // Slices take any cell: read last, they never send the batch to the row path.
        for (slice, column) in sliceIndices.enumerated() { Self.slice(batch, column, into: &sliceValues[slice]) }
        rows += batch.rowCount
        return true
    }

    /// Appends a slice column's values.
    static func slice(_ batch: RowBatch, _ column: Int, into values: inout SliceColumn) {
        if let dictionary = batch.cellDictionary(column) { return slice(batch, column, dictionary, into: &values) }
        batch.forEachCell(in: column) { values.append($0) }
    }

    /// A slice column of dictionary entries: each entry's value is looked up once, at
    /// its first row (so values are met in row order, as cell by cell).
    private static func slice(_ batch: RowBatch, _ column: Int, _ dictionary: CellDictionary, into values: inout SliceColumn) {
        var entryCodes = [Int64](repeating: -1, count: dictionary.count)
        batch.withColumn(column) { cells in
            dictionary.entries.withUnsafeBufferPointer { entries in
                for row in 0..<batch.rowCount {
                    let entry = Int(entries[row])
                    guard entry >= 0, entry < entryCodes.count else {
                        values.append(cells[row])
                        continue
                    }
                    if entryCodes[entry] < 0 { entryCodes[entry] = Int64(values.code(of: cells[row])) }
                    values.appendCode(UInt32(truncatingIfNeeded: entryCodes[entry]))
                }
            }
        }
    }

    // The column readers are static, their state local: a closure that captures a
    // local function's variables would pay a runtime exclusivity check per cell.

    /// Appends a column's numbers; false at the first cell that is not one (or not a
    /// probability, with `probability`).
    static func numbers(_ batch: RowBatch, _ column: Int, into values: inout some AppendingNumbers, probability: Bool) -> Bool {
        /// A finite number (within [0, 1] with `probability`).
        @inline(__always) func accepts(_ value: Double) -> Bool {
            value.isFinite && (!probability || (value >= 0 && value <= 1))
        }
        if let parsed = batch.parsedNumbers(column) {
            // Parsed once for every consumer (``ParsedNumbers``): the values, no text.
            for row in 0..<batch.rowCount {
                let value = parsed.values[row]
                guard ParsedNumbers.isNumber(parsed.kinds[row]), accepts(value) else { return false }
                values.append(value)
            }
            return true
        }
        if batch.numberColumn(column) == nil, batch.cellDictionary(column) == nil {
            // Cells as text: parsed in one loop over the column (no call per cell).
            return batch.withColumn(column) { cells in
                for row in 0..<batch.rowCount {
                    guard let bytes = cells[row], !bytes.isEmpty, let value = NumberParser.double(bytes), accepts(value) else {
                        return false
                    }
                    values.append(value)
                }
                return true
            }
        }
        var ok = true
        batch.forEachNumber(in: column) { _, cell in
            guard ok, case .number(let value, _) = cell, accepts(value) else {
                ok = false
                return
            }
            values.append(value)
        }
        return ok
    }

    /// Appends a column's class codes; false at the first cell that is not one of
    /// the `known` labels.
    static func classes(
        _ batch: RowBatch, _ column: Int, known: [(bytes: [UInt8], code: Int32)], into codes: inout NarrowCodes
    ) -> Bool {
        if let dictionary = batch.cellDictionary(column) { return classes(batch, column, dictionary, known: known, into: &codes) }
        // Labels of up to eight bytes (almost all) are compared as one word.
        let short = known.filter { $0.bytes.count <= ShortBytes.limit && !$0.bytes.isEmpty }.map {
            (word: $0.bytes.withUnsafeBufferPointer { ShortBytes.word($0) }, count: $0.bytes.count, code: $0.code)
        }
        let long = known.filter { $0.bytes.count > ShortBytes.limit }
        // One loop over the column's cells (no call per cell); a label is looked up among
        // the few known ones, as one word when it is short.
        return batch.withColumn(column) { cells in
            for row in 0..<batch.rowCount {
                guard let bytes = cells[row], !bytes.isEmpty else { return false }
                var code: Int32?
                if bytes.count <= ShortBytes.limit {
                    let word = ShortBytes.word(bytes)
                    for entry in short where entry.word == word && entry.count == bytes.count {
                        code = entry.code
                        break
                    }
                } else {
                    for entry in long where entry.bytes.count == bytes.count
                        && entry.bytes.withUnsafeBufferPointer({ memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 })
                    {
                        code = entry.code
                        break
                    }
                }
                guard let code else { return false }
                codes.append(UInt32(code))
            }
            return true
        }
    }

    /// A class column of dictionary entries: each entry is looked up among the `known`
    /// labels once; false at the first row whose cell is empty or not a known label.
    private static func classes(
        _ batch: RowBatch, _ column: Int, _ dictionary: CellDictionary, known: [(bytes: [UInt8], code: Int32)],
        into codes: inout NarrowCodes
    ) -> Bool {
        var entryCodes = [Int64](repeating: -1, count: dictionary.count)
        var ok = true
        batch.withColumn(column) { cells in
            dictionary.entries.withUnsafeBufferPointer { entries in
                for row in 0..<batch.rowCount {
                    let entry = Int(entries[row])
                    guard entry >= 0, entry < entryCodes.count else {
                        ok = false
                        return
                    }
                    if entryCodes[entry] < 0 {
                        guard let bytes = cells[row],
                            let match = known.first(where: { $0.bytes.elementsEqual(bytes) })
                        else {
                            ok = false
                            return
                        }
                        entryCodes[entry] = Int64(match.code)
                    }
                    codes.append(UInt32(truncatingIfNeeded: entryCodes[entry]))
                }
            }
        }
        return ok
    }

    mutating func observeByRow(_ batch: RowBatch) throws(TableReadError) {
        for row in 0..<batch.rowCount {
            rows += 1
            if columns.task == .regression {
                targets.append(try number(batch, row, labelIndex, "label"))
                estimates.append(try number(batch, row, predictionIndex!, "prediction"))
            } else {
                labels.append(UInt32(try classCode(batch, row, labelIndex, "label")))
                if let predictionIndex {
                    predicted.append(UInt32(try classCode(batch, row, predictionIndex, "prediction")))
                }
                var sum = 0.0
                for column in scoreIndices {
                    let score = try number(batch, row, column, "score")
                    guard score >= 0, score <= 1 else {
                        throw TableReadError(
                            code: "constraint-error",
                            message: "row \(batch.firstRowNumber + row), column '\(header[column])': expected a probability in [0, 1], found \(batch.string(column, row) ?? "")",
                            location: location(batch, row))
                    }
                    scores.append(score)
                    sum += score
                }
                // Probabilities over classes must sum to 1, as numpy.allclose checks it.
                if scoreIndices.count > 1, abs(sum - 1) > 1e-8 + 1e-5 {
                    throw TableReadError(
                        code: "constraint-error",
                        message: "row \(batch.firstRowNumber + row): the class probabilities sum to \(sum), expected 1",
                        location: location(batch, row))
                }
            }
            if let weightIndex {
                let weight = try number(batch, row, weightIndex, "weight")
                guard weight >= 0 else {
                    throw TableReadError(
                        code: "constraint-error",
                        message: "row \(batch.firstRowNumber + row), column '\(header[weightIndex])': expected a weight ≥ 0, found \(weight)",
                        location: location(batch, row))
                }
                weights.append(weight)
            }
            if let idIndex { ids.append(try cell(batch, row, idIndex, "id")) }
            for (slice, column) in sliceIndices.enumerated() {
                if batch.withBytes(column, row, { sliceValues[slice].append($0) }) == nil { sliceValues[slice].append(nil) }
            }
        }
    }

    /// Appends each row's multiplicity (a count the server sent: a positive integer).
    mutating func observeMultiplicities(_ batch: RowBatch, _ column: Int) throws(TableReadError) {
        for row in 0..<batch.rowCount {
            guard let text = batch.string(column, row), let count = UInt32(text), count > 0 else {
                throw TableReadError(
                    code: "source-error",
                    message: "row \(batch.firstRowNumber + row): the server's row count '\(batch.string(column, row) ?? "")' is not a positive integer",
                    location: location(batch, row))
            }
            multiplicities.append(count)
        }
    }
}
