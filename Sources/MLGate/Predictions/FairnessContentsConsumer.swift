/// How a fairness gate reads the rows a server grouped (``DatabaseTable/Grouping/rows``,
/// or ``DatabaseTable/Grouping/ordered(_:)`` by the weight for a weighted classifier's
/// bootstrap): the predictions loader reads and checks each batch as always, then the
/// batch's rows are folded into what the gate's measures take and forgotten, so that
/// memory grows with the groups and classes, not with the rows.
///
/// - A classifier: per *slot* — a group of sensitive values (or the whole table), a
///   label's code and a prediction's code (or, with a score only, the side of the
///   threshold it falls on) — the weight and rows it carries (the positive class is
///   known only once every row is read). With a `confidence`, each distinct content the
///   in-memory bootstrap draws (label, prediction, weight, group: ``FairnessBootstrap``)
///   is drawn in every resample as the rows come (``PairedDraws``,
///   ``ResampledFairnessTallies``): rows of one content meet in one run of equal
///   weights, the read being in descending weight order (checked as the rows come).
/// - A regressor: each group's sums (``RegressionGroupTable/Sums``).
struct FairnessContentsConsumer: TableConsumer {
    private(set) var loader: PredictionsLoader.Consumer
    /// Each group's sensitive value codes (one per column), and where each is among them.
    private var groupCodes: [[UInt32]] = []
    private var groupIndex: [[UInt32]: UInt32] = [:]
    /// Each group's content word (``FairnessBootstrap``'s: its values' keys' key).
    private var groupWords: [UInt64] = []
    /// A classifier's slots, in order of first appearance, where each is, and what the
    /// rows of each carry.
    private var slots: [Slot] = []
    private var slotIndex: [Slot: Int] = [:]
    private var tallies: [ResampledFairnessTallies.Tally] = []
    /// The bootstrap's draws (a classifier with a `confidence`), the last row's weight
    /// when the rows come in descending weight order, and the class names' keys.
    private var draws: PairedDraws<ResampledFairnessTallies>?
    private let weightOrdered: Bool
    private var previousWeight: Double?
    private var classKeys: [String: UInt64] = [:]
    private var words: [UInt64] = []
    private let resamples: Int
    /// Why the rows cannot be folded and drawn as in memory (nil while they are).
    private(set) var unfolded: String?
    /// A regressor's sums by group, and of all rows.
    private var groupSums: [RegressionGroupTable.Sums] = []
    private var overall = RegressionGroupTable.Sums()
    private var codes: [UInt32] = []
    /// The rows the server sent.
    private(set) var distinctRows = 0

    /// What the resamples' tallies may take before the gate reads the rows instead.
    static let byteLimit = 48 << 20

    /// A classifier's slot: a group (−1: the whole table), a label's code, and a
    /// prediction's code or (without a prediction column) its side of the threshold.
    private struct Slot: Hashable {
        var group: Int
        var label: UInt32
        var predicted: UInt32
    }

    /// Reads `columns` (the sensitive ones as slices); a classifier's rows are drawn in
    /// `bootstrap`'s resamples when given, in descending order of the weight when the
    /// columns have one (the read must send them so).
    init(columns: PredictionColumns, header: [String], path: String, bootstrap: BootstrapSettings? = nil) throws(TableReadError) {
        loader = try PredictionsLoader.Consumer(columns: columns, header: header, path: path)
        let drawn = columns.task != .regression ? bootstrap : nil
        draws = drawn.map { PairedDraws(settings: $0, slices: 0) { _, _, resamples in ResampledFairnessTallies(resamples: resamples) } }
        weightOrdered = drawn != nil && columns.weight != nil
        resamples = drawn?.resamples ?? 0
    }

    /// The read a classifier's bootstrap needs: its rows in descending weight order.
    static func grouping(_ columns: PredictionColumns, confidence: Double?) -> DatabaseTable.Grouping {
        guard columns.task != .regression, confidence != nil, let weight = columns.weight else { return .rows }
        return .ordered(.descending([weight]))
    }

    var columnsRead: Set<Int>? { loader.columnsRead }

    /// How many slots the rows made (what a classifier's tallies keep).
    var slotCount: Int { slots.count }

    /// Once the rows cannot be drawn as in memory, the rest of the table is not wanted.
    var isDone: Bool { unfolded != nil || draws?.unfolded != nil }

    mutating func observe(_ batch: RowBatch) throws(TableReadError) {
        guard !isDone else { return }
        try loader.observe(batch)
        defer { loader.forgetRows() }
        let regression = loader.columns.task == .regression, hasPrediction = loader.predictionIndex != nil
        let scores = regression || hasPrediction ? [] : loader.scores.asDoubles
        let threshold = loader.columns.threshold
        let count = regression ? loader.targets.count : loader.labels.count
        for row in 0..<count {
            distinctRows += 1
            let group = self.group(row)
            let rows = loader.multiplicities[row]
            let weight = loader.weightIndex == nil ? 1 : loader.weights[row]
            if regression {
                let (label, predicted) = (loader.targets[row], loader.estimates[row])
                groupSums[group].add(label: label, predicted: predicted, weight: weight * Double(rows), rows: Int(rows))
                overall.add(label: label, predicted: predicted, weight: weight * Double(rows), rows: Int(rows))
                continue
            }
            if weightOrdered {
                if let previousWeight, weight != previousWeight {
                    guard weight < previousWeight else {
                        unfolded = "the server sent weight \(weight) after \(previousWeight)"
                        return
                    }
                    draws?.endRun()
                }
                previousWeight = weight
            }
            let label = UInt32(loader.labels[row])
            let predicted = hasPrediction ? UInt32(loader.predicted[row]) : (scores[row] >= threshold ? 1 : 0)
            let slot = self.slot(Slot(group: group, label: label, predicted: predicted))
            let overallSlot = self.slot(Slot(group: -1, label: label, predicted: predicted))
            tallies[slot].weight.add(weight * Double(rows))
            tallies[slot].rows += Int(rows)
            tallies[overallSlot].weight.add(weight * Double(rows))
            tallies[overallSlot].rows += Int(rows)
            guard draws?.isDrawing == true else { continue }
            // The content's words as the in-memory bootstrap's: label, prediction (or the
            // side of the threshold), weight, group.
            words.removeAll(keepingCapacity: true)
            words.append(key(loader.names[Int(label)]))
            words.append(hasPrediction ? key(loader.names[Int(predicted)]) : UInt64(predicted))
            words.append(DistinctRows.word(weight))
            words.append(groupWords[group])
            draws?.add(
                words: words, row: ResampledFairnessTallies.Row(slot: slot, overallSlot: overallSlot, weight: weight), count: rows,
                sliceCodes: [])
        }
        if draws != nil, slots.count * resamples * ResampledFairnessTallies.bytesPerSlot > Self.byteLimit {
            unfolded = "the resamples' tallies would take more than \(Self.byteLimit >> 20) MB"
        }
        draws?.draw()
    }

    /// Row `row`'s group, made when first met.
    private mutating func group(_ row: Int) -> Int {
        codes.removeAll(keepingCapacity: true)
        for column in loader.sliceValues.indices { codes.append(loader.sliceValues[column].code(row)) }
        if let known = groupIndex[codes] { return Int(known) }
        let group = groupCodes.count
        groupIndex[codes] = UInt32(group)
        groupCodes.append(codes)
        groupSums.append(RegressionGroupTable.Sums())
        let values = codes.enumerated().map { loader.sliceValues[$0.offset].values[Int($0.element)] }
        groupWords.append(FairnessBootstrap.groupWord(values))
        return group
    }

    private mutating func slot(_ slot: Slot) -> Int {
        if let known = slotIndex[slot] { return known }
        slotIndex[slot] = slots.count
        slots.append(slot)
        tallies.append(ResampledFairnessTallies.Tally())
        return slots.count - 1
    }

    private mutating func key(_ name: String) -> UInt64 {
        if let known = classKeys[name] { return known }
        let key = DistinctRows.key(name)
        classKeys[name] = key
        return key
    }

    /// The grouped read is one stream from one server: never split into parts.
    mutating func append(_ later: FairnessContentsConsumer) {
        unfolded = "the rows were read in parts"
    }

    /// What the rows gave; nil when they could not be drawn as in memory (the gate then
    /// reads them one by one). The loader's errors are a plain read's (no rows, the
    /// classes).
    mutating func finish() throws(TableReadError) -> Folded? {
        guard unfolded == nil else { return nil }
        if loader.rows == 0 { _ = try loader.finish() }
        loader.rows = 0
        let values = loader.sliceValues.map(\.values)
        let keys = groupCodes.map { codes in codes.enumerated().map { values[$0.offset][Int($0.element)] } }
        if loader.columns.task == .regression {
            return Folded(rows: overall.count, distinctRows: distinctRows, contents: .regression(keys: keys, sums: groupSums, overall: overall))
        }
        let classes = try loader.classification(weights: nil)
        let positive = classes.positiveClass ?? 1
        let isPositive = loader.names.map { classes.classes.firstIndex(of: $0) == positive }
        let hasPrediction = loader.predictionIndex != nil
        let outcomes = slots.map { slot in
            ResampledFairnessTallies.Outcome(
                group: slot.group, label: isPositive[Int(slot.label)],
                predicted: hasPrediction ? isPositive[Int(slot.predicted)] : slot.predicted == 1)
        }
        let features = loader.columns.slices
        var drawn: ResampledFairnessTallies.Drawn?
        if var draws {
            guard let parts = draws.finish(sliceColumns: [], sliceValues: [])?[""] else { return nil }
            drawn = ResampledFairnessTallies.Drawn(parts: parts, outcomes: outcomes, keys: keys, features: features, resamples: resamples)
        }
        let table = ResampledFairnessTallies.table(outcomes: outcomes, keys: keys, features: features) { tallies[$0] }
        return Folded(rows: table.overall.count, distinctRows: distinctRows, contents: .classification(table, drawn: drawn))
    }

    /// The rows folded: how many the table has, how many the server sent, and what the
    /// measures take.
    struct Folded: Sendable {
        var rows: Int
        var distinctRows: Int
        var contents: Contents
    }

    /// A classifier's rates by group (and its resamples', with a `confidence`), or a
    /// regressor's sums by group.
    enum Contents: Sendable {
        case classification(FairnessTable, drawn: ResampledFairnessTallies.Drawn?)
        case regression(keys: [[String]], sums: [RegressionGroupTable.Sums], overall: RegressionGroupTable.Sums)
    }
}
