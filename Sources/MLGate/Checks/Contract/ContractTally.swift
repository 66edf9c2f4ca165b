/// What the data contract counts: how many problems of each code per field and
/// constraint, and the first few, located, as samples.
///
/// Tallies of consecutive stretches of one file merge (see ``append(_:rowOffset:lineOffset:)``),
/// so that the halves of a file read on two cores give the tally of the whole.
public struct ContractTally: Sendable, Hashable {
    /// What a count is kept for.
    public struct Key: Sendable, Hashable, Codable, Comparable {
        /// The error code.
        public var code: ContractErrorCode
        /// The field (the label for header problems), if any.
        public var field: String?
        /// The constraint, for `constraint-error`.
        public var constraint: String?

        /// Creates a key.
        public init(code: ContractErrorCode, field: String? = nil, constraint: String? = nil) {
            self.code = code
            self.field = field
            self.constraint = constraint
        }

        public static func < (a: Key, b: Key) -> Bool {
            // By the code as written, so that the reports list counts alphabetically.
            (a.code.rawValue, a.field ?? "", a.constraint ?? "") < (b.code.rawValue, b.field ?? "", b.constraint ?? "")
        }
    }

    /// A sample with the position that orders it among the others.
    struct Sample: Sendable, Hashable {
        var issue: ContractIssue
        /// Row, then the order Frictionless reports a row's problems in.
        var order: SampleOrder
    }

    /// How many samples are kept.
    public let sampleLimit: Int
    /// The counts.
    public private(set) var counts: [Key: Int] = [:]
    /// The kept samples, in no particular order until ``samples`` sorts them.
    private(set) var kept: [Sample] = []
    /// The first few samples of each key, for the check that reports that key.
    private(set) var keptByKey: [Key: [Sample]] = [:]
    /// Once ``kept`` has been trimmed: the order of its last sample then. A problem
    /// that comes after it cannot be among the first `sampleLimit` (that many come
    /// before it), so its sample is not built. Nil until a trim, and after an append.
    private var cutoff: SampleOrder?
    /// How many samples are kept per key.
    public static let samplesPerKey = 3

    /// An empty tally keeping up to `sampleLimit` samples.
    public init(sampleLimit: Int) {
        self.sampleLimit = max(0, sampleLimit)
    }

    /// The first samples, in the order Frictionless reports them.
    public var samples: [ContractIssue] {
        kept.sorted { $0.order < $1.order }.prefix(sampleLimit).map(\.issue)
    }

    /// The first samples of one key, in row order.
    public func samples(for key: Key) -> [ContractIssue] {
        (keptByKey[key] ?? []).sorted { $0.order < $1.order }.prefix(Self.samplesPerKey).map(\.issue)
    }

    /// Whether a sample that would be reported matches `predicate`.
    func keepsSample(where predicate: (ContractIssue) -> Bool) -> Bool {
        samples.contains(where: predicate)
            || keptByKey.keys.contains { samples(for: $0).contains(where: predicate) }
    }

    /// Every problem counted.
    public var total: Int { counts.values.reduce(0, +) }

    /// Counts one problem; `issue` builds its sample only when one may still be kept.
    /// `inOrder`: the problem comes after every problem of `key` recorded so far (as all
    /// do within a stretch); false for one found when stretches are joined, which may
    /// belong among the key's first samples all the same.
    mutating func record(_ key: Key, order: SampleOrder, inOrder: Bool = true, _ issue: () -> ContractIssue) {
        // One lookup of the key (its hash takes its strings' bytes).
        let count: Int
        if let index = counts.index(forKey: key) {
            counts.values[index] += 1
            count = counts.values[index]
        } else {
            counts[key] = 1
            count = 1
        }
        // A key's problems arrive in row order within a stretch (one column at a time).
        if count <= Self.samplesPerKey {
            keptByKey[key, default: []].append(Sample(issue: issue(), order: order))
        } else if !inOrder, var samples = keptByKey[key],
            let latest = samples.indices.max(by: { samples[$0].order < samples[$1].order }), order < samples[latest].order
        {
            samples[latest] = Sample(issue: issue(), order: order)
            keptByKey[key] = samples
        }
        guard sampleLimit > 0 else { return }
        if kept.count >= sampleLimit * 4 { trim() }
        if let cutoff, !(order < cutoff) { return }
        // Problems are found column by column within a batch, so a later find may still
        // belong among the first: a margin is kept, trimmed when it fills up.
        kept.append(Sample(issue: issue(), order: order))
    }

    /// Counts `count` more problems of `key` that come after its recorded ones in the
    /// tally's order and after at least `sampleLimit` and ``samplesPerKey`` of them: none
    /// could be a sample, so none is built.
    mutating func count(_ key: Key, more count: Int) {
        guard count > 0 else { return }
        counts[key, default: 0] += count
    }

    /// Keeps only the first `sampleLimit` samples.
    mutating func trim() {
        guard kept.count > sampleLimit else { return }
        kept.sort { $0.order < $1.order }
        kept.removeLast(kept.count - sampleLimit)
        cutoff = kept.last?.order
    }

    /// Appends the tally of the rows right after this one's; `rowOffset` and `lineOffset`
    /// turn the later tally's rows and lines (numbered as if its stretch began the file)
    /// into the file's.
    mutating func append(_ later: ContractTally, rowOffset: Int, lineOffset: Int) {
        func moved(_ sample: Sample) -> Sample {
            var sample = sample
            sample.issue = sample.issue.moved(rows: rowOffset, lines: lineOffset)
            sample.order.row += rowOffset
            return sample
        }
        for (key, count) in later.counts { counts[key, default: 0] += count }
        kept += later.kept.map(moved)
        cutoff = nil
        for (key, samples) in later.keptByKey {
            var merged = (keptByKey[key] ?? []) + samples.map(moved)
            merged.sort { $0.order < $1.order }
            keptByKey[key] = Array(merged.prefix(Self.samplesPerKey))
        }
        trim()
    }
}

/// Where a problem stands in Frictionless's report: by row (the header first), then by
/// the phase of the row check it comes from, then by field.
struct SampleOrder: Sendable, Hashable, Comparable {
    var row: Int
    var phase: Int
    var field: Int
    var sequence: Int

    static func < (a: SampleOrder, b: SampleOrder) -> Bool {
        (a.row, a.phase, a.field, a.sequence) < (b.row, b.phase, b.field, b.sequence)
    }
}
