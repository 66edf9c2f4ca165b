/// How a delimited file is written. Field names follow the Frictionless CSV dialect.
public struct CSVDialect: Sendable, Hashable {
    /// The byte between fields (`,` by default).
    public var delimiter: UInt8
    /// The byte that quotes a field (`"`); a doubled quote inside stands for one.
    public var quoteChar: UInt8

    /// RFC 4180: comma, double quote.
    public static let csv = CSVDialect(delimiter: UInt8(ascii: ","), quoteChar: UInt8(ascii: "\""))
    /// Tab-separated.
    public static let tsv = CSVDialect(delimiter: UInt8(ascii: "\t"), quoteChar: UInt8(ascii: "\""))

    /// Creates a dialect.
    public init(delimiter: UInt8, quoteChar: UInt8) {
        self.delimiter = delimiter
        self.quoteChar = quoteChar
    }
}
