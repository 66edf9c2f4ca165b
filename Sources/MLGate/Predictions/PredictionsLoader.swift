import Foundation

/// Reads a predictions file in one streaming pass into columnar predictions, checking
/// every cell it uses: a score outside [0, 1] or not a number, a label outside the
/// declared classes, a missing column, an empty file are errors naming the file, the
/// line and the column.
public struct PredictionsLoader: Sendable {
    /// The columns to read.
    public var columns: PredictionColumns

    /// Creates a loader.
    public init(columns: PredictionColumns) {
        self.columns = columns
    }

    /// Loads from any table reader; `path` names the file in errors.
    public func load(_ reader: inout some TableReader, path: String) throws(TableReadError) -> LoadedPredictions {
        var state = try Consumer(columns: columns, header: reader.columns, path: path)
        while let batch = try reader.nextBatch() {
            try state.observe(batch)
        }
        return try state.finish()
    }

    /// Loads a CSV, TSV or JSON Lines file; a large CSV is read on two cores.
    public func load(url: URL, format: TableFormat, dialect: CSVDialect = .csv, path: String) async throws(TableReadError)
        -> LoadedPredictions
    {
        switch format {
        case .csv, .tsv:
            let columns = self.columns
            var state = try await ParallelCSVScan.scan(
                url: url, dialect: format == .tsv && dialect == .csv ? .tsv : dialect, displayPath: path
            ) { header throws(TableReadError) in
                try Consumer(columns: columns, header: header, path: path)
            }
            return try state.finish()
        case .jsonl:
            var reader = try JSONLinesReader(url: url, displayPath: path)
            return try load(&reader, path: path)
        }
    }

    /// A consumer that loads these columns from a table with this header: the
    /// predictions once every batch has been observed (``Consumer/finish()``).
    func consumer(header: [String], path: String) throws(TableReadError) -> Consumer {
        try Consumer(columns: columns, header: header, path: path)
    }

    /// The loading state of one pass (or of one chunk of a file read in parallel).
    struct Consumer: TableConsumer {
        let columns: PredictionColumns
        let path: String
        let header: [String]
        let labelIndex: Int
        let predictionIndex: Int?
        let scoreIndices: [Int]
        /// For multiclass scores: the class each score column belongs to.
        let scoreClasses: [String]
        let weightIndex: Int?
        let idIndex: Int?
        let sliceIndices: [Int]

        // Classification: provisional class codes in order of first appearance.
        var codes: [String: Int32] = [:]
        var names: [String] = []
        var labels: [Int32] = []
        var predicted: [Int32] = []
        // Regression.
        var targets: [Double] = []
        var estimates: [Double] = []
        var scores: [Double] = []
        var weights: [Double] = []
        var ids: [String] = []
        var sliceValues: [[String]]
        var rows = 0

        init(columns: PredictionColumns, header: [String], path: String) throws(TableReadError) {
            self.columns = columns
            self.path = path
            self.header = header
            func index(_ name: String, _ role: String) throws(TableReadError) -> Int {
                guard let index = header.firstIndex(of: name) else {
                    throw TableReadError(
                        code: "missing-column",
                        message: "no \(role) column '\(name)'\(Suggestion.didYouMean(name, in: header)); "
                            + "columns found: \(header.joined(separator: ", "))",
                        location: SourceLocation(file: path, line: 1))
                }
                return index
            }
            labelIndex = try index(columns.label, "label")
            predictionIndex = try columns.prediction.map { name throws(TableReadError) in try index(name, "prediction") }
            weightIndex = try columns.weight.map { name throws(TableReadError) in try index(name, "weight") }
            idIndex = try columns.id.map { name throws(TableReadError) in try index(name, "id") }
            var sliceIndices: [Int] = []
            for name in columns.slices { sliceIndices.append(try index(name, "slice")) }
            self.sliceIndices = sliceIndices
            sliceValues = Array(repeating: [], count: sliceIndices.count)

            var scoreIndices: [Int] = []
            var scoreClasses: [String] = []
            switch columns.scores {
            case nil:
                break
            case .column(let name):
                scoreIndices = [try index(name, "score")]
            case .columns(let names):
                guard let classes = columns.classes, classes.count == names.count else {
                    throw TableReadError(
                        code: "missing-column",
                        message: "score columns given as a list need 'classes' of the same length, in the same order",
                        location: SourceLocation(file: path))
                }
                for name in names { scoreIndices.append(try index(name, "score")) }
                scoreClasses = classes.map(ClassNames.canonical)
            case .prefix(let prefix):
                for (position, name) in header.enumerated() where name.hasPrefix(prefix) && name.count > prefix.count {
                    scoreIndices.append(position)
                    scoreClasses.append(ClassNames.canonical(String(name.dropFirst(prefix.count))))
                }
                guard !scoreIndices.isEmpty else {
                    throw TableReadError(
                        code: "missing-column",
                        message: "no score columns start with '\(prefix)'; columns found: \(header.joined(separator: ", "))",
                        location: SourceLocation(file: path, line: 1))
                }
            }
            if columns.task == .binary, scoreIndices.count > 1 {
                throw TableReadError(
                    code: "missing-column",
                    message: "a binary model takes one score column (the positive class's probability), not \(scoreIndices.count)",
                    location: SourceLocation(file: path, line: 1))
            }
            if columns.task != .regression, predictionIndex == nil, scoreIndices.isEmpty {
                throw TableReadError(
                    code: "missing-column", message: "name a prediction column, score columns, or both",
                    location: SourceLocation(file: path, line: 1))
            }
            if columns.task == .regression, predictionIndex == nil {
                throw TableReadError(
                    code: "missing-column", message: "a regression model needs a prediction column",
                    location: SourceLocation(file: path, line: 1))
            }
            self.scoreIndices = scoreIndices
            self.scoreClasses = scoreClasses
            if let declared = columns.classes {
                for name in declared { _ = code(for: ClassNames.canonical(name)) }
            }
            for name in scoreClasses { _ = code(for: name) }
        }

        /// The columns the predictions come from: a reader keeps only these cells.
        var columnsRead: Set<Int>? {
            Set([labelIndex] + [predictionIndex, weightIndex, idIndex].compactMap { $0 } + scoreIndices + sliceIndices)
        }

        mutating func code(for name: String) -> Int32 {
            if let code = codes[name] { return code }
            let code = Int32(names.count)
            codes[name] = code
            names.append(name)
            return code
        }

        func location(_ batch: RowBatch, _ row: Int) -> SourceLocation {
            let line = batch.lineNumbers.isEmpty ? batch.firstRowNumber + row : batch.lineNumbers[row]
            return SourceLocation(file: path, line: line)
        }

        func missing(_ batch: RowBatch, _ row: Int, _ column: Int, _ role: String) -> TableReadError {
            TableReadError(
                code: "missing-cell",
                message: "row \(batch.firstRowNumber + row), column '\(header[column])': the \(role) is missing",
                location: location(batch, row))
        }

        func cell(_ batch: RowBatch, _ row: Int, _ column: Int, _ role: String) throws(TableReadError) -> String {
            guard let value = batch.string(column, row), !value.isEmpty else {
                throw missing(batch, row, column, role)
            }
            return value
        }

        func number(_ batch: RowBatch, _ row: Int, _ column: Int, _ role: String) throws(TableReadError) -> Double {
            if let value = batch.double(column, row), value.isFinite { return value }
            let text = try cell(batch, row, column, role)
            throw TableReadError(
                code: "type-error",
                message: "row \(batch.firstRowNumber + row), column '\(header[column])': expected a finite number for the \(role), found '\(text)'",
                location: location(batch, row))
        }

        /// Raw cell bytes already seen, with their class code: labels repeat, so most
        /// cells are matched by comparing a few bytes, without making a string.
        var recentLabels: [(bytes: [UInt8], code: Int32)] = []

        mutating func classCode(_ batch: RowBatch, _ row: Int, _ column: Int, _ role: String) throws(TableReadError) -> Int32 {
            let cached: Int32? = batch.withBytes(column, row) { bytes in
                for entry in recentLabels where entry.bytes.count == bytes.count && entry.bytes.elementsEqual(bytes) {
                    return entry.code
                }
                return nil
            } ?? nil
            if let cached { return cached }
            let raw = try cell(batch, row, column, role)
            let name = ClassNames.canonical(raw)
            let code: Int32
            if let known = codes[name] {
                code = known
            } else if let declared = columns.classes {
                throw TableReadError(
                    code: "constraint-error",
                    message: "row \(batch.firstRowNumber + row), column '\(header[column])': \(role) '\(name)' is not one of the declared classes (\(declared.joined(separator: ", ")))",
                    location: location(batch, row))
            } else {
                code = self.code(for: name)
            }
            if recentLabels.count < 64 { recentLabels.append((Array(raw.utf8), code)) }
            return code
        }

        mutating func observe(_ batch: RowBatch) throws(TableReadError) {
            // Column by column first: a scan per column, no call per cell. On anything
            // unusual the batch is undone and read row by row, which finds the first
            // problem in row order and says exactly what it is.
            let before = (labels.count, predicted.count, scores.count, targets.count, estimates.count)
            if observeByColumn(batch) { return }
            labels.removeLast(labels.count - before.0)
            predicted.removeLast(predicted.count - before.1)
            scores.removeLast(scores.count - before.2)
            targets.removeLast(targets.count - before.3)
            estimates.removeLast(estimates.count - before.4)
            try observeByRow(batch)
        }

        /// The common case — class labels, at most one score column, regression numbers,
        /// no weight, id or slices — read a column at a time; false when a cell needs the
        /// row-by-row path (a new class, a bad number, a missing cell).
        mutating func observeByColumn(_ batch: RowBatch) -> Bool {
            guard weightIndex == nil, idIndex == nil, sliceIndices.isEmpty, scoreIndices.count <= 1 else { return false }
            var ok = true
            if columns.task == .regression {
                ok = Self.numbers(batch, labelIndex, into: &targets, probability: false)
                if ok { ok = Self.numbers(batch, predictionIndex!, into: &estimates, probability: false) }
            } else {
                ok = Self.classes(batch, labelIndex, known: recentLabels, into: &labels)
                if ok, let predictionIndex { ok = Self.classes(batch, predictionIndex, known: recentLabels, into: &predicted) }
                if ok, let score = scoreIndices.first { ok = Self.numbers(batch, score, into: &scores, probability: true) }
            }
            if ok { rows += batch.rowCount }
            return ok
        }

        // The column readers are static, their state local: a closure that captures a
        // local function's variables would pay a runtime exclusivity check per cell.

        /// Appends a column's numbers; false at the first cell that is not one (or not a
        /// probability, with `probability`).
        static func numbers(_ batch: RowBatch, _ column: Int, into values: inout [Double], probability: Bool) -> Bool {
            var ok = true
            batch.forEachCell(in: column) { bytes in
                guard ok, let bytes, let value = NumberParser.double(bytes), value.isFinite,
                    !probability || (value >= 0 && value <= 1)
                else {
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
            _ batch: RowBatch, _ column: Int, known: [(bytes: [UInt8], code: Int32)], into codes: inout [Int32]
        ) -> Bool {
            // Labels of up to eight bytes (almost all) are compared as one word.
            let short = known.filter { $0.bytes.count <= 8 && !$0.bytes.isEmpty }.map {
                (word: $0.bytes.withUnsafeBufferPointer { Self.word($0) }, count: $0.bytes.count, code: $0.code)
            }
            var ok = true
            batch.forEachCell(in: column) { bytes in
                guard ok, let bytes, !bytes.isEmpty else {
                    ok = false
                    return
                }
                if bytes.count <= 8 {
                    let word = Self.word(bytes)
                    for entry in short where entry.word == word && entry.count == bytes.count {
                        codes.append(entry.code)
                        return
                    }
                    ok = false
                    return
                }
                for entry in known where entry.bytes.count == bytes.count {
                    if entry.bytes.withUnsafeBufferPointer({ memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }) {
                        codes.append(entry.code)
                        return
                    }
                }
                ok = false
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
                    labels.append(try classCode(batch, row, labelIndex, "label"))
                    if let predictionIndex {
                        predicted.append(try classCode(batch, row, predictionIndex, "prediction"))
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
                    sliceValues[slice].append(batch.string(column, row) ?? "")
                }
            }
        }

        /// Up to eight bytes as one word (the first byte lowest).
        @inline(__always)
        static func word(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
            var word: UInt64 = 0
            for index in 0..<min(bytes.count, 8) { word |= UInt64(bytes[index]) << UInt64(index * 8) }
            return word
        }

        /// Appends the state of the rows right after this state's: its classes are
        /// mapped onto this state's codes.
        mutating func append(_ later: Consumer) {
            let remap = later.names.map { code(for: $0) }
            if remap.elementsEqual(remap.indices.lazy.map(Int32.init)) {
                labels += later.labels
                predicted += later.predicted
            } else {
                labels += later.labels.map { remap[Int($0)] }
                predicted += later.predicted.map { remap[Int($0)] }
            }
            targets += later.targets
            estimates += later.estimates
            scores += later.scores
            weights += later.weights
            ids += later.ids
            for index in sliceValues.indices { sliceValues[index] += later.sliceValues[index] }
            rows += later.rows
        }

        mutating func finish() throws(TableReadError) -> LoadedPredictions {
            guard rows > 0 else {
                throw TableReadError(
                    code: "source-error", message: "the predictions file has no rows",
                    location: SourceLocation(file: path, line: 2))
            }
            var slices: [String: [String]] = [:]
            for (slice, name) in columns.slices.enumerated() { slices[name] = sliceValues[slice] }
            let ids = columns.id == nil ? nil : ids
            let weights = columns.weight == nil ? nil : weights
            if columns.task == .regression {
                return LoadedPredictions(
                    predictions: .regression(RegressionPredictions(labels: targets, predicted: estimates, weights: weights)),
                    ids: ids, slices: slices)
            }
            return LoadedPredictions(predictions: .classification(try classification(weights: weights)), ids: ids, slices: slices)
        }

        /// Sorts the classes as scikit-learn does and maps the provisional codes onto them.
        func classification(weights: [Double]?) throws(TableReadError) -> ClassificationPredictions {
            var classes = ClassNames.sorted(names)
            var positive: Int?
            if columns.task == .binary {
                let positiveName = try positiveClass(classes)
                if !classes.contains(positiveName) { classes = ClassNames.sorted(classes + [positiveName]) }
                if classes.count == 1 {
                    classes = ClassNames.sorted(classes + [ClassNames.complement(of: positiveName)])
                }
                guard classes.count == 2 else {
                    throw TableReadError(
                        code: "constraint-error",
                        message: "a binary model has two classes; the labels and predictions have \(classes.count): \(classes.joined(separator: ", "))",
                        location: SourceLocation(file: path))
                }
                positive = classes.firstIndex(of: positiveName)
            } else if let declared = columns.classes {
                classes = declared.map(ClassNames.canonical)
            }
            let remap = names.map { Int32(classes.firstIndex(of: $0)!) }
            let identity = remap.elementsEqual(remap.indices.lazy.map(Int32.init))
            let labels = identity ? labels : labels.map { remap[Int($0)] }
            var predicted = identity ? predicted : predicted.map { remap[Int($0)] }
            var scores = scores
            var width = scoreIndices.count
            if width > 1 {
                // Reorder each row's scores into class order.
                let position = classes.map { name in scoreClasses.firstIndex(of: name) }
                if position.contains(nil) {
                    let missing = classes.filter { !scoreClasses.contains($0) }
                    throw TableReadError(
                        code: "missing-column",
                        message: "no score column for class\(missing.count == 1 ? "" : "es") \(missing.joined(separator: ", "))",
                        location: SourceLocation(file: path, line: 1))
                }
                var ordered = [Double](repeating: 0, count: scores.count)
                for row in 0..<rows {
                    for (c, source) in position.enumerated() {
                        ordered[row * width + c] = scores[row * width + source!]
                    }
                }
                scores = ordered
                width = classes.count
            }
            if predictionIndex == nil {
                if width == 1, let positive {
                    let negative = Int32(1 - positive)
                    predicted = scores.map { $0 >= columns.threshold ? Int32(positive) : negative }
                } else {
                    // The most probable class; the first on a tie, as numpy's argmax.
                    predicted = (0..<rows).map { row in
                        var best = 0
                        for c in 1..<width where scores[row * width + c] > scores[row * width + best] { best = c }
                        return Int32(best)
                    }
                }
            }
            return ClassificationPredictions(
                classes: classes, positiveClass: positive, labels: labels, predicted: predicted, scores: scores,
                scoreWidth: width, weights: weights)
        }

        func positiveClass(_ classes: [String]) throws(TableReadError) -> String {
            if let declared = columns.positiveLabel { return ClassNames.canonical(declared) }
            let known: [Set<String>] = [["0", "1"], ["-1", "1"], ["false", "true"], ["False", "True"]]
            for pair in known where Set(classes).isSubset(of: pair) {
                return pair.contains("1") ? "1" : (pair.contains("true") ? "true" : "True")
            }
            throw TableReadError(
                code: "constraint-error",
                message: "cannot tell the positive class among \(classes.joined(separator: ", ")): set 'positive_label'",
                location: SourceLocation(file: path))
        }
    }
}

/// Class names as mlgate compares and orders them.
enum ClassNames {
    /// An integral number is written without a fraction (`1.0` → `1`), so that a label
    /// file written by pandas matches a prediction column of ints.
    static func canonical(_ name: String) -> String {
        let trimmed = Self.trimmed(name)
        if trimmed.utf8.contains(UInt8(ascii: ".")), let value = Double(trimmed), value == value.rounded(),
            abs(value) < 1e15
        {
            return String(Int64(value))
        }
        return trimmed
    }

    /// Without leading and trailing spaces and tabs (fast when there are none).
    static func trimmed(_ text: String) -> String {
        let utf8 = text.utf8
        let blank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let first = utf8.first, let last = utf8.last, blank(first) || blank(last) else { return text }
        let start = utf8.firstIndex { !blank($0) } ?? utf8.endIndex
        guard start != utf8.endIndex else { return "" }
        let end = utf8.lastIndex { !blank($0) }!
        return String(text[start...end])
    }

    /// Sorted as `numpy.unique` sorts: numerically when every name is a number, else by
    /// Unicode code points.
    static func sorted(_ names: [String]) -> [String] {
        let unique = Array(Set(names))
        let numbers = unique.compactMap(Double.init)
        if numbers.count == unique.count {
            return unique.sorted { Double($0)! < Double($1)! }
        }
        return unique.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
    }

    /// The other class of a binary model that saw only one (`1` ↔ `0`, `true` ↔ `false`).
    static func complement(of name: String) -> String {
        switch name {
        case "1": "0"
        case "0": "1"
        case "true": "false"
        case "True": "False"
        default: "not \(name)"
        }
    }
}
