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

    /// A demand whose consumer is of a known type.
    init<Consumer: TableConsumer>(
        _ input: TableInput, recovering: Bool = false,
        consumer: @escaping @Sendable ([String]) throws(TableReadError) -> Consumer
    ) {
        self.input = input
        self.recovering = recovering
        makeConsumer = { header throws(TableReadError) in try consumer(header) }
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
