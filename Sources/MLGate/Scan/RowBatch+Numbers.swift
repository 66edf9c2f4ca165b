/// A batch's columns read as numbers, and the columns a reader hands over as numbers
/// (``NumberColumn``).
extension RowBatch {
    /// The column as numbers, when the reader handed it over so.
    func numberColumn(_ column: Int) -> NumberColumn? {
        numbers.isEmpty || column >= numbers.count ? nil : numbers[column]
    }

    /// Calls `body` with each row's cell of `column` read as a number, top to bottom,
    /// with its row: one parse per cell of a text column, none of a column held as
    /// numbers.
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

    /// Hands `column` over as numbers: each of its cells now reads as its number's text
    /// (a reader keeps no cells of such a column: ``RowBatch/init(firstRowNumber:width:reservingRows:keeping:)``).
    mutating func setNumbers(_ column: Int, _ values: NumberColumn) {
        precondition(values.count == rowCount && column < width, "a number per row of a column of the batch")
        if numbers.isEmpty { numbers = Array(repeating: nil, count: width) }
        numbers[column] = values
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
