/// What one gate reads from one table in a run: the table, and how to make the consumer
/// that gathers what the gate needs from its batches.
///
/// Demands on the same table (same file, format and dialect) are served by one scan
/// (``SharedScan``): every demand's consumer is fed the same batches.
struct TableDemand: Sendable {
    /// The table.
    var input: TableInput
    /// Whether the consumer takes malformed rows as findings (a data gate with a
    /// contract) rather than as the end of the read.
    var recovering: Bool
    /// Makes a consumer for a table with this header (once per chunk read on its own).
    var makeConsumer: @Sendable ([String]) throws(TableReadError) -> any TableConsumer
    /// How this demand may share one consumer with other demands on the same table.
    var sharing: Sharing?

    /// Lets demands on one table share one consumer (``SharedScan``): two gates that
    /// load the same columns then parse and hold them once. Demands with equal keys are
    /// offered together to `merge`, which makes the one demand that serves them all (or
    /// declines); each gate then takes what it needs from the shared consumer. When the
    /// shared consumer fails, its demands are read again apart, so that each gets the
    /// error its own consumer would have met (or none).
    struct Sharing: Sendable {
        /// Demands with equal keys may share.
        var key: String
        /// What this demand reads, for `merge`.
        var reads: any Sendable
        /// The demand serving demands of this key, from their `reads` (in demand order);
        /// `nil` when they cannot share after all.
        var merge: @Sendable ([any Sendable]) -> TableDemand?
    }

    /// A demand whose consumer is of a known type.
    init<Consumer: TableConsumer>(
        _ input: TableInput, recovering: Bool = false, sharing: Sharing? = nil,
        consumer: @escaping @Sendable ([String]) throws(TableReadError) -> Consumer
    ) {
        self.input = input
        self.recovering = recovering
        self.sharing = sharing
        makeConsumer = { header throws(TableReadError) in try consumer(header) }
    }

    /// The demands as served: demands that can share a consumer merged into one. Each
    /// served demand lists the indices of the demands it serves.
    static func merging(_ demands: [TableDemand]) -> [(demand: TableDemand, serves: [Int])] {
        var served: [(demand: TableDemand, serves: [Int])] = []
        var byKey: [String: [Int]] = [:]
        var keys: [String] = []
        for (index, demand) in demands.enumerated() {
            guard let sharing = demand.sharing else {
                served.append((demand, [index]))
                continue
            }
            let key = "\(demand.recovering) \(sharing.key)"
            if byKey[key] == nil { keys.append(key) }
            byKey[key, default: []].append(index)
        }
        for key in keys {
            let members = byKey[key]!
            if members.count > 1, let merged = demands[members[0]].sharing!.merge(members.map { demands[$0].sharing!.reads }) {
                served.append((merged, members))
            } else {
                for index in members { served.append((demands[index], [index])) }
            }
        }
        return served
    }
}

/// A table as a scan reads it: the same file, format and effective dialect are the same
/// table, whichever gate names it and however it spells the path.
struct TableIdentity: Hashable, Sendable {
    var file: String
    var format: TableFormat
    var dialect: CSVDialect

    init(_ input: TableInput) {
        file = input.database?.identity ?? input.spark?.identity ?? input.url.standardizedFileURL.path
        format = input.format
        dialect = input.effectiveDialect
    }
}

extension TableInput {
    /// The dialect a CSV reader uses: a `.tsv` file given the default CSV dialect is read
    /// with tabs.
    var effectiveDialect: CSVDialect {
        dialect.reading(format)
    }
}

extension CSVDialect {
    /// The dialect a file of `format` is read with: a `.tsv` file whose delimiter is not
    /// given is read with tabs (until detection says otherwise).
    func reading(_ format: TableFormat) -> CSVDialect {
        guard format == .tsv, !pinned.contains(.delimiter), delimiter == UInt8(ascii: ",") else { return self }
        var tsv = self
        tsv.delimiter = UInt8(ascii: "\t")
        return tsv
    }
}
