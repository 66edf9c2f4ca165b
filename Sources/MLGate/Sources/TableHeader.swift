extension TableInput {
    /// The table's column names, read from its start (a CSV header row, or the keys of
    /// the first JSON Lines object).
    public func readHeader() throws(TableReadError) -> [String] {
        if let database { return try PostgresTableReader.columns(of: database, location: location) }
        if let spark { return try spark.reader(location: location, limit: 0).columns }
        switch format {
        case .csv, .tsv:
            return try CSVReader(url: url, dialect: effectiveDialect, displayPath: path).columns
        case .jsonl:
            return try JSONLinesReader(url: url, displayPath: path).columns
        case .parquet:
            return try ParquetReader(url: url, displayPath: path).columns
        }
    }
}
