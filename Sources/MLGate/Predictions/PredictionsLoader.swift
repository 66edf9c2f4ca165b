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

    /// Loads a table: a file (``load(url:format:dialect:path:)``) or a database table.
    public func load(_ input: TableInput) async throws(TableReadError) -> LoadedPredictions {
        if var reader = try input.openDatabaseReader() { return try load(&reader, path: input.path) }
        return try await load(url: input.url, format: input.format, dialect: input.dialect, path: input.path)
    }

    /// Loads a CSV, TSV, JSON Lines or Parquet file; a large CSV is read on every core.
    public func load(url: URL, format: TableFormat, dialect: CSVDialect = .csv, path: String) async throws(TableReadError)
        -> LoadedPredictions
    {
        switch format {
        case .csv, .tsv:
            let columns = self.columns
            let detected = DialectDetector.detect(url: url, displayPath: path, format: format, dialect: dialect.reading(format)).dialect
            var state = try await ParallelCSVScan.scan(url: url, dialect: detected, displayPath: path) { header throws(TableReadError) in
                try Consumer(columns: columns, header: header, path: path)
            }
            return try state.finish()
        case .jsonl:
            var reader = try JSONLinesReader(url: url, displayPath: path)
            return try load(&reader, path: path)
        case .parquet:
            let columns = self.columns
            var state = try await ParallelParquetScan.scan(url: url, displayPath: path) { header throws(TableReadError) in
                try Consumer(columns: columns, header: header, path: path)
            }
            return try state.finish()
        }
    }

    /// A consumer that loads these columns from a table with this header: the
    /// predictions once every batch has been observed (``Consumer/finish()``).
    func consumer(header: [String], path: String) throws(TableReadError) -> Consumer {
        try Consumer(columns: columns, header: header, path: path)
    }

    /// The loading state of one pass (or of one chunk of a file read in parallel).
    struct Consumer: TableConsumer {
        /// The columns read (a champion paired by the server takes the candidate's
        /// classes before it finishes: ``PairedPredictionsConsumer``).
        var columns: PredictionColumns
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
        /// The column of ``PredictionColumns/multiplicity`` (the last of that name).
        let multiplicityIndex: Int?

        // Classification: provisional class codes in order of first appearance.
        var codes: [String: Int32] = [:]
        var names: [String] = []
        /// The labels' and predictions' provisional class codes, a byte a row while there
        /// are at most 256 classes (made `Int32` when the predictions are built).
        var labels = NarrowCodes()
        var predicted = NarrowCodes()
        // Regression.
        var targets: [Double] = []
        var estimates: [Double] = []
        /// The scores, four bytes each while they are decimals of a few places
        /// (``CompactNumbers``); doubles once the predictions are made.
        var scores = CompactNumbers()
        var weights: [Double] = []
        var ids: [String] = []
        var multiplicities: [UInt32] = []
        var sliceValues: [SliceColumn]
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
            multiplicityIndex = columns.multiplicity.flatMap { header.lastIndex(of: $0) }
            var sliceIndices: [Int] = []
            for name in columns.slices { sliceIndices.append(try index(name, "slice")) }
            self.sliceIndices = sliceIndices
            sliceValues = Array(repeating: SliceColumn(), count: sliceIndices.count)

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
                scoreIndices = PredictionColumns.Scores.prefix(prefix).positions(in: header)
                scoreClasses = scoreIndices.map { ClassNames.canonical(String(header[$0].dropFirst(prefix.count))) }
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
            if let declared = columns.classes?.map(ClassNames.canonical),
                let outside = scoreClasses.indices.first(where: { !declared.contains(scoreClasses[$0]) })
            {
                throw TableReadError(
                    code: "constraint-error",
                    message: "score column '\(header[scoreIndices[outside]])' is of class '\(scoreClasses[outside])', which is not one of the declared classes (\(declared.joined(separator: ", ")))",
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
            Set([labelIndex] + [predictionIndex, weightIndex, idIndex, multiplicityIndex].compactMap { $0 } + scoreIndices + sliceIndices)
        }

        /// The columns it codes an entry at a time when a batch gives them a dictionary:
        /// a classifier's labels and predictions, and the slices.
        var entryColumns: Set<Int> {
            Set(sliceIndices + (columns.task == .regression ? [] : [labelIndex] + [predictionIndex].compactMap { $0 }))
        }

        /// The columns read only as numbers (scores, weights, a regression's targets and
        /// estimates), unless also read as text (as slices, or as class labels).
        var numberColumns: Set<Int> {
            let regression = columns.task == .regression
            let numbers = scoreIndices + [weightIndex].compactMap { $0 } + (regression ? [labelIndex] + [predictionIndex].compactMap { $0 } : [])
            let texts = sliceIndices + [idIndex, multiplicityIndex].compactMap { $0 } + (regression ? [] : [labelIndex] + [predictionIndex].compactMap { $0 })
            return Set(numbers).subtracting(texts)
        }

        /// Its number columns are parsed cell by cell (``numbers(_:_:into:probability:)``).
        var parsedColumns: Set<Int> { numberColumns }

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
            if !observeByColumn(batch) {
                labels.removeLast(labels.count - before.0)
                predicted.removeLast(predicted.count - before.1)
                scores.removeLast(scores.count - before.2)
                targets.removeLast(targets.count - before.3)
                estimates.removeLast(estimates.count - before.4)
                try observeByRow(batch)
            }
            if let multiplicityIndex { try observeMultiplicities(batch, multiplicityIndex) }
        }


        /// Reserves the columns this loader fills for the table's rows.
        mutating func expect(rows: Int) {
            if columns.task == .regression {
                targets.reserveCapacity(rows)
                estimates.reserveCapacity(rows)
            } else {
                labels.reserveCapacity(rows)
                if predictionIndex != nil { predicted.reserveCapacity(rows) }
                scores.reserveCapacity(rows * scoreIndices.count)
            }
            if weightIndex != nil { weights.reserveCapacity(rows) }
            if multiplicityIndex != nil { multiplicities.reserveCapacity(rows) }
            for index in sliceValues.indices { sliceValues[index].reserveCapacity(rows) }
        }

        /// Drops the rows held, keeping what was learnt of them (the class codes, the
        /// slice values): a consumer that folds each batch into sums calls it after each.
        mutating func forgetRows() {
            labels.removeLast(labels.count)
            predicted.removeLast(predicted.count)
            targets.removeAll(keepingCapacity: true)
            estimates.removeAll(keepingCapacity: true)
            scores.removeAll(keepingCapacity: true)
            multiplicities.removeAll(keepingCapacity: true)
            weights.removeAll(keepingCapacity: true)
            for column in sliceValues.indices { sliceValues[column].removeAllRows() }
        }

        /// Appends the state of the rows right after this state's: its classes are
        /// mapped onto this state's codes.
        mutating func append(_ later: Consumer) {
            let remap = later.names.map { UInt32(code(for: $0)) }
            let identity = remap.elementsEqual(remap.indices.lazy.map(UInt32.init))
            labels.append(contentsOf: later.labels, remap: identity ? nil : remap)
            predicted.append(contentsOf: later.predicted, remap: identity ? nil : remap)
            targets += later.targets
            estimates += later.estimates
            scores.append(contentsOf: later.scores)
            weights += later.weights
            ids += later.ids
            multiplicities += later.multiplicities
            for index in sliceValues.indices { sliceValues[index].append(contentsOf: later.sliceValues[index]) }
            rows += later.rows
        }

        /// The predictions read. Without `keepingScores` (a gate that reads no scores
        /// from a consumer it shares), a classifier's predictions come without them
        /// when its predicted classes do not come from them.
        mutating func finish(keepingScores: Bool = true) throws(TableReadError) -> LoadedPredictions {
            guard rows > 0 else {
                throw TableReadError(
                    code: "source-error", message: "the predictions file has no rows",
                    location: SourceLocation(file: path, line: 2))
            }
            var slices: [String: SliceColumn] = [:]
            for (slice, name) in columns.slices.enumerated() { slices[name] = sliceValues[slice] }
            let ids = columns.id == nil ? nil : ids
            let weights = columns.weight == nil ? nil : weights
            if let weights, let name = columns.weight {
                // Weighted sums must not overflow (an infinite total turns a weighted mean
                // into 0 or NaN, which would then pass a threshold): refused, not scaled.
                let total = weights.reduce(0, +)
                guard total <= InputLimits.weightTotal else {
                    throw TableReadError(
                        code: "constraint-error",
                        message: "the weights in column '\(name)' add up to \(total), more than mlgate's limit of \(InputLimits.weightTotal) (docs/limits.md): scale them down (metrics do not change when every weight is divided by the same number)",
                        location: SourceLocation(file: path))
                }
            }
            let multiplicities = multiplicityIndex == nil ? nil : multiplicities
            if columns.task == .regression {
                return LoadedPredictions(
                    predictions: .regression(RegressionPredictions(labels: targets, predicted: estimates, weights: weights)),
                    ids: ids, slices: slices, multiplicities: multiplicities)
            }
            return LoadedPredictions(
                predictions: .classification(try classification(weights: weights, scores: scoresToKeep(keepingScores))),
                ids: ids, slices: slices,
                multiplicities: multiplicities)
        }

        /// The scores as doubles, the compact column released first (when this state
        /// holds it alone): the predictions' other columns are made after, so that the
        /// scores are not held both ways while they are.
        private mutating func takeScores() -> [Double] {
            let doubles = scores.asDoubles
            scores = CompactNumbers()
            return doubles
        }

        /// The scores ``finish(keepingScores:)`` makes the predictions with: none when
        /// they are not kept and nothing is derived from them (predictions from their
        /// own column, at most one score column).
        private mutating func scoresToKeep(_ keeping: Bool) -> [Double] {
            keeping || predictionIndex == nil || scoreIndices.count > 1 ? takeScores() : []
        }

        /// Sorts the classes as scikit-learn does and maps the provisional codes onto
        /// them; `given` are the state's scores as doubles (nil: made here).
        func classification(weights: [Double]?, scores given: [Double]? = nil) throws(TableReadError) -> ClassificationPredictions {
            var classes = ClassNames.sorted(names)
            var positive: Int?
            if columns.task == .binary {
                let resolved = try PredictionsLoader.binaryClasses(names, columns: columns, path: path)
                (classes, positive) = (resolved.classes, resolved.positive)
            } else if let declared = columns.classes {
                classes = declared.map(ClassNames.canonical)
            }
            let remap = names.map { Int32(classes.firstIndex(of: $0)!) }
            let identity = remap.elementsEqual(remap.indices.lazy.map(Int32.init))
            let labels = self.labels.int32s(remap: identity ? nil : remap)
            var predicted = self.predicted.int32s(remap: identity ? nil : remap)
            var scores = given ?? scores.asDoubles
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
                // Columns already in class order (the usual case) are kept as they are:
                // a reordered copy would hold every score twice for a moment.
                if !position.elementsEqual(position.indices.lazy.map { $0 }) {
                    var ordered = [Double](repeating: 0, count: scores.count)
                    for row in 0..<rows {
                        for (c, source) in position.enumerated() {
                            ordered[row * width + c] = scores[row * width + source!]
                        }
                    }
                    scores = ordered
                }
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
    }

    /// A binary model's two classes, sorted as scikit-learn sorts them, and the positive
    /// one's index, from the class names its labels and predictions hold (canonical,
    /// ``ClassNames/canonical(_:)``): the positive class is added when no row holds it,
    /// its complement when it is the only one. More than two is the loader's error.
    static func binaryClasses(_ names: [String], columns: PredictionColumns, path: String) throws(TableReadError)
        -> (classes: [String], positive: Int)
    {
        var classes = ClassNames.sorted(names)
        let positiveName = try positiveClass(classes, columns: columns, path: path)
        if !classes.contains(positiveName) { classes = ClassNames.sorted(classes + [positiveName]) }
        if classes.count == 1 {
            classes = ClassNames.sorted(classes + [ClassNames.complement(of: positiveName)])
        }
        guard classes.count == 2, let positive = classes.firstIndex(of: positiveName) else {
            throw TableReadError(
                code: "constraint-error",
                message: "a binary model has two classes; the labels and predictions have \(classes.count): \(classes.joined(separator: ", "))",
                location: SourceLocation(file: path))
        }
        return (classes, positive)
    }

    /// The positive class: the config's `positive_label`, else `1` or `true` when the
    /// classes are 0/1, −1/1 or false/true; otherwise the config must say.
    static func positiveClass(_ classes: [String], columns: PredictionColumns, path: String) throws(TableReadError) -> String {
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
