extension TableInput {
    /// The input with what its dialect does not pin detected from a sample of the file
    /// (``DialectDetector``), and ``detection`` set; once detected, it is returned as it is.
    /// JSON Lines, Parquet and database tables (read as PostgreSQL writes CSV) have
    /// nothing to detect.
    public func detectingDialect() -> TableInput {
        guard detection == nil, database == nil, spark == nil else { return self }
        var input = self
        let (dialect, detection) = DialectDetector.detect(
            url: url, displayPath: path, format: format, dialect: dialect.reading(format))
        input.dialect = dialect
        input.detection = detection
        return input
    }

    /// What detection found, for an `input` check's message (`; delimiter ';' (detected)`),
    /// or "" when the file was read with the defaults.
    var detectionSuffix: String {
        detection?.summary.map { "; \($0)" } ?? ""
    }
}
