/// Numbers that a PostgreSQL-wire server holds as text (a CSV loaded into `text` or
/// `varchar` columns): the server reads a cell as a double only when its text has the
/// shape of a plain decimal (``decimalShape``), which its cast and mlgate's reader
/// (``NumberParser``) both round correctly to the same double; any other text is NULL
/// to it. The statements that sum such values (a regressor's, a binary model's
/// ranking) count a NULL as a refused row, and the gate then reads the rows, which
/// reports the cell as the file mode does (or reads it as a number the shape leaves
/// out: `1e300`, `0x1p-3`); the reads in a column's order
/// (``DatabaseTable/Grouping/ranked(score:)``, ``DatabaseTable/Grouping/classScores(_:)``,
/// ``DatabaseTable/Grouping/ordered(_:)``) send such rows last, and their consumers,
/// which check the order as the rows come, then read the rows again.
extension PostgreSQLDialect {
    /// Text types: `text`, `varchar`, `char(n)` (whose padding both the server's
    /// comparison and mlgate's reader ignore).
    static let textTypes: Set<UInt32> = [25, 1043, 1042]

    /// A plain decimal, as PostgreSQL's regular expressions write it: an optional sign,
    /// digits with a point among them or before them, an optional exponent of one or two
    /// digits, spaces around (written plainly: Redshift's expressions know few character
    /// classes, `[:blank:]` not among them); at most ``decimalLength`` characters in all.
    /// Within these bounds every value is a finite, normal double (below 10¹⁹⁷ in
    /// magnitude, at least 10⁻¹⁹⁵ unless 0), which `float8in` (the C library's `strtod`)
    /// and ``NumberParser/double(_:)`` (exact fast paths, else the same `strtod`) round
    /// alike; the server's `~` and `char_length` on a `char(n)` take the text without its
    /// padding, as the reader trims it. The length is tested apart: bounded repetitions
    /// cost PostgreSQL's expressions several times the unbounded form's time.
    static let decimalShape = "^ *[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9][0-9]?)? *$"

    /// The most characters a text read as a plain decimal has (``decimalShape``).
    static let decimalLength = 100

    /// Whether the server can order a streamed read by the column's values: a number
    /// type, or a text type (by the double its text spells, ``decimalDouble(_:)``).
    static func isOrderable(_ column: PostgresConnection.Column) -> Bool {
        isNumber(column) || textTypes.contains(column.typeOID)
    }

    /// The double the text `text` (an SQL expression of a text type) spells when it has
    /// ``decimalShape`` and at most ``decimalLength`` characters; NULL otherwise.
    func decimalDouble(_ text: String) -> String {
        "CASE WHEN char_length(\(text)) <= \(Self.decimalLength) AND \(text) ~ '\(Self.decimalShape)' THEN CAST(\(text) AS float8) END"
    }

    /// The double a file's cell of `column` reads as, for the statements that count a
    /// NULL as a refused row: a number type's (``doubleExpression(_:)``), or a text
    /// type's when it has a plain decimal's shape (``decimalDouble(_:)``); nil for any
    /// other type.
    func readDoubleExpression(_ column: PostgresConnection.Column) -> String? {
        if let number = doubleExpression(column) { return number }
        return Self.textTypes.contains(column.typeOID) ? decimalDouble(quoteIdentifier(column.name)) : nil
    }

    /// The double a streamed read orders a row by, of `value` (an alias of `column`'s
    /// text expression): a number type's value as it is (`cast`: as a double), a text
    /// type's by ``decimalDouble(_:)``.
    func orderValue(_ value: String, of column: PostgresConnection.Column, cast: Bool) -> String {
        guard Self.isNumber(column) else { return decimalDouble(value) }
        return cast ? "CAST(\(value) AS float8)" : value
    }
}
