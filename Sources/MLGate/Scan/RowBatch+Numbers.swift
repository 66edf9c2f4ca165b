/// A batch's columns read as numbers, and the columns a reader hands over as numbers
/// (``NumberColumn``).
extension RowBatch {
    /// The column as numbers, when the reader handed it over so.
    func numberColumn(_ column: Int) -> NumberColumn? {
        Self.side(numbers, column)
    }

    /// Calls `body` with each row's cell of `column` read as a number, top to bottom,
    /// with its row: one parse per cell of a text column (per entry of a column with a
    /// dictionary), none of a column held as numbers or parsed for every consumer
    /// (``ParsedNumbers``).
    func forEachNumber(in column: Int, _ body: (Int, NumberCell) throws -> Void) rethrows {
        /// A cell's text as a number, as any consumer of numbers reads it.
        func read(_ row: Int, _ bytes: UnsafeBufferPointer<UInt8>?) throws {
            guard let bytes, !bytes.isEmpty else { return try body(row, .missing) }
            if let value = NumberParser.double(bytes) {
                try body(row, .number(value, text: bytes))
            } else {
                try body(row, .text(bytes))
            }
        }
        guard let held = numberColumn(column) else {
            if let parsed = parsedNumbers(column) { return try forEachNumber(in: column, parsed, body) }
            if let dictionary = cellDictionary(column) { return try forEachNumber(in: column, dictionary, body) }
            var row = 0
            try forEachCell(in: column) { bytes in
                defer { row += 1 }
                try read(row, bytes)
            }
            return
        }
        let nulls = held.nulls
        switch held.values {
        case .moments:
            // Dates and instants read as their texts (a null's is empty).
            var row = 0
            try forEachHeldText(held) { bytes in
                defer { row += 1 }
                try read(row, bytes)
            }
        case .doubles(let values):
            for row in 0..<rowCount {
                let value = values[row]
                if value.isNaN || (!nulls.isEmpty && nulls[row]) {
                    try body(row, .missing)
                } else {
                    try body(row, .number(value, text: nil))
                }
            }
        case .integers(let values):
            for row in 0..<rowCount {
                if !nulls.isEmpty, nulls[row] {
                    try body(row, .missing)
                } else {
                    try body(row, .number(Double(values[row]), text: nil))
                }
            }
        }
    }

    /// ``forEachNumber(in:_:)`` over a column parsed once for every consumer: the same
    /// cells, the same readings.
    private func forEachNumber(in column: Int, _ parsed: ParsedNumbers, _ body: (Int, NumberCell) throws -> Void) rethrows {
        var row = 0
        try parsed.values.withUnsafeBufferPointer { values in
            try parsed.kinds.withUnsafeBufferPointer { kinds in
                try forEachCell(in: column) { bytes in
                    defer { row &+= 1 }
                    if ParsedNumbers.isNumber(kinds[row]) {
                        try body(row, .number(values[row], text: bytes))
                    } else if kinds[row] == ParsedNumbers.Kind.text.rawValue {
                        try body(row, .text(bytes!))
                    } else {
                        try body(row, .missing)
                    }
                }
            }
        }
    }

    /// ``forEachNumber(in:_:)`` over a column of dictionary entries: each entry parsed at
    /// its first row, every row then given its entry's reading with its own text.
    private func forEachNumber(
        in column: Int, _ dictionary: CellDictionary, _ body: (Int, NumberCell) throws -> Void
    ) rethrows {
        /// An entry's reading: not parsed yet, a number, or text.
        let unparsed: UInt8 = 0, number: UInt8 = 1, text: UInt8 = 2
        var entryValues = [Double](repeating: 0, count: dictionary.count)
        var entryKinds = [UInt8](repeating: unparsed, count: dictionary.count)
        var row = 0
        try entryValues.withUnsafeMutableBufferPointer { entryValues in
            try entryKinds.withUnsafeMutableBufferPointer { entryKinds in
                try dictionary.entries.withUnsafeBufferPointer { entries in
                    try forEachCell(in: column) { bytes in
                        defer { row &+= 1 }
                        let entry = Int(entries[row])
                        guard entry >= 0, let bytes, !bytes.isEmpty else { return try body(row, .missing) }
                        if entryKinds[entry] == unparsed {
                            if let value = NumberParser.double(bytes) {
                                (entryValues[entry], entryKinds[entry]) = (value, number)
                            } else {
                                entryKinds[entry] = text
                            }
                        }
                        if entryKinds[entry] == number {
                            try body(row, .number(entryValues[entry], text: bytes))
                        } else {
                            try body(row, .text(bytes))
                        }
                    }
                }
            }
        }
    }

    /// Hands `column` over as numbers: each of its cells now reads as its number's text
    /// (a reader keeps no cells of such a column: ``RowBatch/init(firstRowNumber:width:reservingRows:keeping:)``).
    mutating func setNumbers(_ column: Int, _ values: NumberColumn) {
        precondition(values.count == rowCount && column < width, "a number per row of a column of the batch")
        Self.setSide(&numbers, column, values, width: width)
    }

    /// Calls `body` with the text of a cell held as a number (empty for a null).
    func withHeldText<Result>(_ held: NumberColumn, _ row: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        var text: [UInt8] = []
        held.appendText(row, to: &text)
        return try text.withUnsafeBufferPointer(body)
    }

    /// Calls `body` with each row's text of a column held as numbers.
    func forEachHeldText(_ held: NumberColumn, _ body: (UnsafeBufferPointer<UInt8>?) throws -> Void) rethrows {
        var text: [UInt8] = []
        text.reserveCapacity(32)
        for row in 0..<rowCount {
            text.removeAll(keepingCapacity: true)
            held.appendText(row, to: &text)
            try text.withUnsafeBufferPointer { try body($0) }
        }
    }
}

extension RowBatch {
    /// How many rows have no cell in `column` or an empty one (a null or NaN held as a
    /// number: their texts are empty).
    func emptyCount(in column: Int) -> Int {
        var empty = 0
        if numberColumn(column) != nil {
            forEachNumber(in: column) { _, cell in
                if case .missing = cell { empty += 1 }
            }
            return empty
        }
        forEachCell(in: column) { bytes in
            if bytes?.isEmpty ?? true { empty += 1 }
        }
        return empty
    }
}
