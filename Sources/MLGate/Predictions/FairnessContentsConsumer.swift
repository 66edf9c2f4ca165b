/// How a fairness gate reads the rows a server grouped (``DatabaseTable/Grouping/rows``):
/// the predictions loader reads and checks each batch as always, then the batch's rows
/// are folded into what the gate's measures take and forgotten, so that memory does not
/// grow with the distinct scores or predictions the server sends.
///
/// - A classifier: each distinct content the measures and the bootstrap see — the label,
///   the prediction (a score only as the side of the threshold it falls on), the weight
///   and the group of sensitive values — with its count: the distinct rows the in-memory
///   bootstrap draws (``FairnessBootstrap``), a few per group unless the weights are
///   continuous.
/// - A regressor: each group's sums (``RegressionGroupTable/Sums``).
struct FairnessContentsConsumer: TableConsumer {
    private(set) var loader: PredictionsLoader.Consumer
    /// Each group's sensitive value codes (one per column), and where each is among them.
    private var groupCodes: [[UInt32]] = []
    private var groupIndex: [[UInt32]: UInt32] = [:]
    /// A classifier's contents, in order of first appearance, and where each is.
    private var contents: [Content] = []
    private var contentIndex: [Content: Int] = [:]
    private var counts: [UInt64] = []
    /// A regressor's sums by group, and of all rows.
    private var groupSums: [RegressionGroupTable.Sums] = []
    private var overall = RegressionGroupTable.Sums()
    private var codes: [UInt32] = []
    /// The rows the server sent.
    private(set) var distinctRows = 0

    /// A classifier's row as the measures see it: its label's code, its prediction's
    /// code (or, without a prediction column, 1 when its score is at or above the
    /// threshold, else 0), its weight's bits and its group.
    private struct Content: Hashable {
        var label: UInt32
        var predicted: UInt32
        var weight: UInt64
        var group: UInt32
    }

    init(columns: PredictionColumns, header: [String], path: String) throws(TableReadError) {
        loader = try PredictionsLoader.Consumer(columns: columns, header: header, path: path)
    }

    var columnsRead: Set<Int>? { loader.columnsRead }

    mutating func observe(_ batch: RowBatch) throws(TableReadError) {
        try loader.observe(batch)
        let regression = loader.columns.task == .regression, hasPrediction = loader.predictionIndex != nil
        let scores = regression || hasPrediction ? [] : loader.scores.asDoubles
        let threshold = loader.columns.threshold
        let count = regression ? loader.targets.count : loader.labels.count
        for row in 0..<count {
            distinctRows += 1
            codes.removeAll(keepingCapacity: true)
            for column in loader.sliceValues.indices { codes.append(loader.sliceValues[column].code(row)) }
            let group: UInt32
            if let known = groupIndex[codes] {
                group = known
            } else {
                group = UInt32(groupCodes.count)
                groupIndex[codes] = group
                groupCodes.append(codes)
                groupSums.append(RegressionGroupTable.Sums())
            }
            let rows = loader.multiplicities[row]
            let weight = loader.weightIndex == nil ? 1 : loader.weights[row]
            if regression {
                let (label, predicted) = (loader.targets[row], loader.estimates[row])
                groupSums[Int(group)].add(label: label, predicted: predicted, weight: weight * Double(rows), rows: Int(rows))
                overall.add(label: label, predicted: predicted, weight: weight * Double(rows), rows: Int(rows))
                continue
            }
            let predicted = hasPrediction ? UInt32(loader.predicted[row]) : (scores[row] >= threshold ? 1 : 0)
            let content = Content(label: UInt32(loader.labels[row]), predicted: predicted, weight: weight.bitPattern, group: group)
            if let index = contentIndex[content] {
                counts[index] += UInt64(rows)
            } else {
                contentIndex[content] = contents.count
                contents.append(content)
                counts.append(UInt64(rows))
            }
        }
        loader.forgetRows()
    }

    /// The grouped read is one stream from one server: never split into parts.
    mutating func append(_ later: FairnessContentsConsumer) {
        preconditionFailure("a grouped read of a fairness gate's rows split into parts")
    }

    /// What the rows gave, the groups' values by sensitive column; nil when a content
    /// stands for more rows than a row's count holds. The loader's errors are a plain
    /// read's (no rows, the classes).
    mutating func finish() throws(TableReadError) -> Folded? {
        if loader.rows == 0 { _ = try loader.finish() }
        loader.rows = 0
        let values = loader.sliceValues.map(\.values)
        let keys = groupCodes.map { codes in codes.enumerated().map { values[$0.offset][Int($0.element)] } }
        let rows = loader.columns.task == .regression ? overall.count : Int(counts.reduce(0, +))
        if loader.columns.task == .regression {
            return Folded(rows: rows, distinctRows: distinctRows, contents: .regression(keys: keys, sums: groupSums, overall: overall))
        }
        guard counts.allSatisfy({ $0 <= UInt64(UInt32.max) }) else { return nil }
        let classes = try loader.classification(weights: nil)
        let positive = classes.positiveClass ?? 1
        let isPositive = loader.names.map { classes.classes.firstIndex(of: $0) == positive }
        let hasPrediction = loader.predictionIndex != nil
        return Folded(
            rows: rows, distinctRows: distinctRows,
            contents: .classification(
                labels: contents.map { isPositive[Int($0.label)] },
                predicted: contents.map { hasPrediction ? isPositive[Int($0.predicted)] : $0.predicted == 1 },
                weights: loader.weightIndex == nil ? nil : contents.map { Double(bitPattern: $0.weight) },
                groups: RowGroups(keys: keys, groupOfRow: contents.map(\.group)),
                multiplicities: counts.map { UInt32($0) }))
    }

    /// The rows folded: how many the table has, how many the server sent, and what the
    /// measures take.
    struct Folded: Sendable {
        var rows: Int
        var distinctRows: Int
        var contents: Contents
    }

    /// A classifier's distinct contents, each with its count, or a regressor's sums by group.
    enum Contents: Sendable {
        case classification(labels: [Bool], predicted: [Bool], weights: [Double]?, groups: RowGroups, multiplicities: [UInt32])
        case regression(keys: [[String]], sums: [RegressionGroupTable.Sums], overall: RegressionGroupTable.Sums)
    }
}
