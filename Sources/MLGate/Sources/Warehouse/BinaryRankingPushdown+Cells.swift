/// What a binary model's statements on an engine give (``BinaryRankingPushdown``): the classes
/// and confusion counts of the first, then every set's metrics with the second's ranking.
extension BinaryRankingPushdown {
    /// The first statement's rows, and the classes resolved from them.
    struct Cells {
        /// One set's cell: the label's and the other text's canonical class names (the
        /// other text `above`/`below` without a prediction column), rows and weight.
        struct Cell {
            var label: String
            var other: String
            var rows: Int
            var weight: Double
        }

        var columns: PredictionColumns
        /// The classes (no rows).
        var classes: ClassificationPredictions
        /// The label texts of the positive class (as the server writes them).
        var positiveTexts: [String]
        /// Per set (-1: every row, `i`: slice `i`), per slice text (empty for every row).
        var cells: [Int: [String: [Cell]]]

        /// Nil when a row holds a value the file mode refuses, the table has no rows, its
        /// weights are over mlgate's limit, or the classes are not a binary model's.
        init?(_ rows: [[String?]], columns: PredictionColumns, path: String) throws(PostgresError) {
            var cells: [Int: [String: [Cell]]] = [:]
            var names: [String] = columns.classes?.map(ClassNames.canonical) ?? []
            var labelTexts: Set<String> = []
            var refused = 0, total = 0, weight = 0.0
            for row in rows {
                guard row.count == 7, let set = row[0].flatMap({ Int($0) }), let label = row[2], let other = row[3],
                    let count = row[4].flatMap({ Int($0) }), let sum = row[5].flatMap({ Double($0) }),
                    let refusals = row[6].flatMap({ Int($0) })
                else {
                    // A NULL label or prediction is refused: the row says so.
                    if row.count == 7, let refusals = row[6].flatMap({ Int($0) }), refusals > 0 { return nil }
                    throw PostgresError(.protocolViolation, "the classes' counts came back in an unexpected shape")
                }
                let cell = Cell(label: ClassNames.canonical(label), other: columns.prediction == nil ? other : ClassNames.canonical(other), rows: count, weight: sum)
                cells[set, default: [:]][row[1] ?? "", default: []].append(cell)
                guard set == -1 else { continue }
                refused += refusals
                total += count
                weight += sum
                labelTexts.insert(label)
                names.append(cell.label)
                if columns.prediction != nil { names.append(cell.other) }
            }
            guard refused == 0, total > 0, weight.isFinite, weight <= InputLimits.weightTotal * (1 - 1e-9) else { return nil }
            // A label outside the declared classes is the loader's error.
            if let declared = columns.classes?.map(ClassNames.canonical), names.contains(where: { !declared.contains($0) }) { return nil }
            guard let resolved = try? PredictionsLoader.binaryClasses(names, columns: columns, path: path) else { return nil }
            classes = ClassificationPredictions(
                classes: resolved.classes, positiveClass: resolved.positive, labels: [], predicted: [], scores: [], scoreWidth: 1,
                weights: columns.weight == nil ? nil : [])
            let positiveName = resolved.classes[resolved.positive]
            positiveTexts = labelTexts.filter { ClassNames.canonical($0) == positiveName }.sorted()
            self.cells = cells
            self.columns = columns
        }

        /// The confusion counts of one set's cells.
        func counts(_ cells: [Cell]) -> ClassificationMetrics {
            let positive = classes.positiveClass!, count = classes.classes.count
            var matrix = [[Double]](repeating: [Double](repeating: 0, count: count), count: count)
            var present = [Bool](repeating: false, count: count)
            for cell in cells {
                guard let label = classes.classes.firstIndex(of: cell.label) else { continue }
                let predicted: Int
                if columns.prediction == nil {
                    predicted = cell.other == "above" ? positive : 1 - positive
                } else {
                    guard let index = classes.classes.firstIndex(of: cell.other) else { continue }
                    predicted = index
                }
                matrix[label][predicted] += cell.weight
                present[label] = true
                present[predicted] = true
            }
            return ClassificationMetrics(classes: classes, confusion: matrix, presentLabels: present.indices.filter { present[$0] })
        }

        /// The metrics of every set, from the second statement's rows; nil when a sum is
        /// beyond a double (Spark gives an infinity where PostgreSQL refuses with 22003):
        /// the gate then takes the ranked read, as the file mode reads the rows.
        func sums(_ rows: [[String?]]) throws(PostgresError) -> RankedScores.Sums? {
            var ranked: [Int: [String: (RankingPass, loss: Double, brier: Double)]] = [:]
            for row in rows {
                guard row.count == 15, let set = row[0].flatMap({ Int($0) }), let thresholds = row[2].flatMap({ Int($0) }) else {
                    throw PostgresError(.protocolViolation, "the ranking's sums came back in an unexpected shape")
                }
                // Every row's set is one aggregate without `GROUP BY`: no threshold gives
                // a row of a zero count and NULL sums.
                if thresholds == 0 { continue }
                let number = { (index: Int) throws(PostgresError) -> Double in
                    guard let value = row[index].flatMap({ Double($0) }) else {
                        throw PostgresError(.protocolViolation, "the ranking's sums came back in an unexpected shape")
                    }
                    return value
                }
                var sink: RankingMetrics.CurveSink?
                if set == -1 {
                    let positives = try Self.list(row[11]), negatives = try Self.list(row[12])
                    let last = try row[13].map { _ throws(PostgresError) in (try number(13), try number(14)) }
                    guard positives.count == negatives.count,
                        let kept = RankingMetrics.CurveSink(
                            points: thresholds, limit: MetricEvaluator.curveLimit, kept: Array(zip(positives, negatives)), last: last)
                    else { throw PostgresError(.protocolViolation, "the curve's points came back thinned otherwise than mlgate thins them") }
                    sink = kept
                }
                var sums: [Double] = []
                for index in 3...10 { sums.append(try number(index)) }
                guard sums.allSatisfy(\.isFinite) else { return nil }
                let pass = RankingPass(positives: sums[0], negatives: sums[1], area: sums[2], precisionSum: sums[3], sink: sink)
                // The compensated sums: the running sum, then its additions' rounding errors.
                ranked[set, default: [:]][row[1] ?? ""] = (pass, sums[4] + sums[5], sums[6] + sums[7])
            }
            // A table whose rows all weigh 0 has no threshold: its curves are the file
            // mode's edge, which the ranked read leaves to it.
            guard ranked[-1]?[""] != nil else { return nil }
            func metrics(_ set: Int, _ key: String) -> (rows: Int, metrics: BinaryScoreMetrics) {
                let cells = cells[set]?[key] ?? []
                let weight = cells.reduce(0) { $0 + $1.weight }
                // A slice value whose rows all weigh 0 has no ranking row: no threshold, no loss.
                let ranking = ranked[set]?[key] ?? (RankingPass(), 0, 0)
                return (
                    cells.reduce(0) { $0 + $1.rows },
                    BinaryScoreMetrics(counts: counts(cells), ranking: ranking.0, weight: weight, logLoss: ranking.loss, brier: ranking.brier)
                )
            }
            let overall = metrics(-1, "")
            var scopes: [RankedScores.Sums.Scope] = []
            for (index, name) in columns.slices.enumerated() {
                for value in (cells[index] ?? [:]).keys.sorted() {
                    let scope = metrics(index, value)
                    guard scope.rows > 0 else { continue }
                    scopes.append(RankedScores.Sums.Scope(column: name, value: value, rows: scope.rows, metrics: scope.metrics))
                }
            }
            return RankedScores.Sums(classes: classes, rows: overall.rows, distinctRows: nil, overall: overall.metrics, slices: scopes)
        }

        /// The doubles of a comma-separated list (``BinaryRankingStatement/orderedList``);
        /// none for NULL or an empty text.
        static func list(_ text: String?) throws(PostgresError) -> [Double] {
            guard let text, !text.isEmpty else { return [] }
            var values: [Double] = []
            for part in text.split(separator: ",", omittingEmptySubsequences: false) {
                guard let value = Double(part) else {
                    throw PostgresError(.protocolViolation, "the curve's points came back in an unexpected shape")
                }
                values.append(value)
            }
            return values
        }
    }
}
