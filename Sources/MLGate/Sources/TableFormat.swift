/// The format of a tabular input file.
public enum TableFormat: String, Sendable, Hashable, Codable, CaseIterable {
    /// Comma-separated values (RFC 4180), or another delimiter given in the config.
    case csv
    /// Tab-separated values.
    case tsv
    /// JSON Lines: one JSON object per line.
    case jsonl
    /// Apache Parquet (flat columns and structs of scalars; see docs/parquet.md).
    case parquet

    /// Whether the format is delimited text (CSV or TSV), read by the CSV reader.
    public var isDelimited: Bool { self == .csv || self == .tsv }

    /// The format a file name suggests, if its extension is one mlgate knows.
    public init?(inferringFrom path: String) {
        let lowered = path.lowercased()
        let name = lowered.hasSuffix(".gz") ? String(lowered.dropLast(3)) : lowered
        guard let dot = name.lastIndex(of: ".") else { return nil }
        switch name[name.index(after: dot)...] {
        case "csv": self = .csv
        case "tsv", "tab": self = .tsv
        case "jsonl", "ndjson": self = .jsonl
        case "parquet", "pq": self = .parquet
        default: return nil
        }
    }
}
