/// A classifier's fairness tallies on every resample of a fairness gate's bootstrap,
/// gathered as a server's grouped rows come (``FairnessContentsConsumer``): the streamed
/// form of ``FairnessBootstrap``, whose memory grows with the groups and classes, not
/// with the rows.
///
/// A row's place is its *slot*: its group (or the whole table) and its label's and
/// prediction's codes, numbered by the consumer as they are met (the positive class is
/// known only once every row is read). Each resample keeps, per slot, the weight its
/// drawn rows carry and how many distinct rows it drew, as the in-memory bootstrap's
/// ``FairnessTable`` counts a drawn distinct row once and its weight times its draw.
/// Each row is drawn as ``PairedBootstrap`` draws a distinct row (``PairedDraws``), so a
/// resample here holds the rows the in-memory resample of the same index holds.
struct ResampledFairnessTallies: ResampledSums {
    let resamples: Range<Int>
    /// Each resample's tallies, `slotCapacity` a resample: resample
    /// `resamples.lowerBound + i`'s slot `s` is at `i × slotCapacity + s`.
    private var tallies: [Tally]
    private var slotCapacity: Int

    /// What the drawn rows of one slot carry in one resample (or, in the whole table,
    /// what its rows carry: ``FairnessContentsConsumer``).
    struct Tally: Sendable, Hashable {
        /// Summed compensated, as the in-memory table sums it (``GroupRates/Compensated``).
        var weight = CompensatedSum()
        var rows = 0
    }

    /// A distinct row: its group's slot and the whole table's slot (of its label and
    /// prediction), and its weight (1 without a weight column).
    struct Row: Sendable {
        var slot: Int
        var overallSlot: Int
        var weight: Double
    }

    /// Tallies for resamples `resamples`, none drawn.
    init(resamples: Range<Int>) {
        self.resamples = resamples
        slotCapacity = 8
        tallies = Array(repeating: Tally(), count: resamples.count * slotCapacity)
    }

    /// Rows are drawn one content at a time: no runs.
    static var closesRuns: Bool { false }
    var isOpen: Bool { true }
    mutating func closeRun() {}

    /// What the tallies take per slot and resample, for the consumer's bound.
    static var bytesPerSlot: Int { MemoryLayout<Tally>.stride }

    /// Adds `row`, drawn `draws[i]` times by resample `resamples.lowerBound + i`.
    mutating func add(_ row: Row, draws: UnsafeBufferPointer<UInt32>) {
        precondition(draws.count == resamples.count)
        let needed = max(row.slot, row.overallSlot) + 1
        if needed > slotCapacity { grow(to: needed) }
        let capacity = slotCapacity
        tallies.withUnsafeMutableBufferPointer { tallies in
            for index in 0..<draws.count where draws[index] > 0 {
                let weight = row.weight * Double(draws[index])
                tallies[index &* capacity &+ row.slot].weight.add(weight)
                tallies[index &* capacity &+ row.slot].rows += 1
                tallies[index &* capacity &+ row.overallSlot].weight.add(weight)
                tallies[index &* capacity &+ row.overallSlot].rows += 1
            }
        }
    }

    /// Lays the tallies out again with room for at least `slots` slots a resample.
    private mutating func grow(to slots: Int) {
        var capacity = slotCapacity
        while capacity < slots { capacity *= 2 }
        var grown = [Tally](repeating: Tally(), count: resamples.count * capacity)
        for index in 0..<resamples.count {
            for slot in 0..<slotCapacity { grown[index * capacity + slot] = tallies[index * slotCapacity + slot] }
        }
        (tallies, slotCapacity) = (grown, capacity)
    }

    /// Resample `resample`'s tally of slot `slot` (empty for a slot it never drew).
    func tally(resample: Int, slot: Int) -> Tally {
        slot < slotCapacity ? tallies[(resample - resamples.lowerBound) * slotCapacity + slot] : Tally()
    }
}

extension ResampledFairnessTallies {
    /// A slot's outcome once the positive class is known: its group (−1: the whole
    /// table), and whether its label and its prediction are the positive class.
    struct Outcome: Sendable, Hashable {
        var group: Int
        var label: Bool
        var predicted: Bool
    }

    /// The rates table of slots' tallies (`tally(slot)`): each group's rates from its
    /// slots (a group without rows left out), the whole table's from its own, each sum
    /// compensated as the in-memory table's.
    static func table(outcomes: [Outcome], keys: [[String]], features: [String], tally: (Int) -> Tally) -> FairnessTable {
        var rates = [GroupRates.Compensated](repeating: GroupRates.Compensated(), count: keys.count)
        var overall = GroupRates.Compensated()
        for (slot, outcome) in outcomes.enumerated() {
            let tally = tally(slot)
            guard tally.rows > 0 else { continue }
            if outcome.group < 0 {
                overall.add(label: outcome.label, predicted: outcome.predicted, weight: tally.weight.value, rows: tally.rows)
            } else {
                rates[outcome.group].add(label: outcome.label, predicted: outcome.predicted, weight: tally.weight.value, rows: tally.rows)
            }
        }
        return FairnessTable(features: features, keys: keys, rates: rates.map(\.rates), overall: overall.rates)
    }

    /// Every resample's tallies once the rows are read, in parts that together hold
    /// resamples `0..<resamples`, with what their slots stand for.
    struct Drawn: Sendable {
        var parts: [ResampledFairnessTallies]
        var outcomes: [Outcome]
        var keys: [[String]]
        var features: [String]
        var resamples: Int

        /// Resample `resample`'s rates table (the in-memory bootstrap's resample table).
        func table(resample: Int) -> FairnessTable {
            guard let part = parts.first(where: { $0.resamples.contains(resample) }) else {
                preconditionFailure("no part holds resample \(resample)")
            }
            return ResampledFairnessTallies.table(outcomes: outcomes, keys: keys, features: features) {
                part.tally(resample: resample, slot: $0)
            }
        }
    }
}
