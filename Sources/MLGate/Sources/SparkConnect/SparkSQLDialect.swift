/// Spark SQL as mlgate writes it for a data gate's pushdown (docs/spark.md): names, each
/// column's cells as the text a streamed read gives (``ArrowColumn``'s, pandas' `to_csv`
/// text), and the dataset checks' aggregates with the file mode's definitions — exact
/// functions only (`percentile_disc` for order statistics, never `approx_percentile`).
/// The contract's candidates: ``SparkSQLDialect+Contract``.
struct SparkSQLDialect: Sendable {
    /// A column of the relation as Spark sends it (an Arrow field).
    struct Column: Sendable, Hashable {
        var name: String
        var type: ArrowType
    }

    /// The most select-list expressions one statement holds (Spark sets no limit; long
    /// plans compile slowly).
    static let expressionsPerStatement = 1000

    /// `name` quoted as an identifier.
    static func quote(_ name: String) -> String { "`" + name.replacingOccurrences(of: "`", with: "``") + "`" }

    /// A relation as the operand of FROM: a quoted name (part by part), or the query as a subquery.
    static func from(_ relation: DatabaseTable.Relation) -> String {
        switch relation {
        case .table(let name): name.split(separator: ".", omittingEmptySubsequences: false).map { quote(String($0)) }.joined(separator: ".")
        case .query(let text):
            // A query's closing semicolons end nothing inside a subquery.
            "(\(String(text.reversed().drop { $0 == ";" || $0.isWhitespace }.reversed()))) AS mlgate_relation"
        }
    }

    /// `text` as a string literal: Spark unescapes backslash sequences (`\u0061`, `\n`) in
    /// literals, so a backslash is doubled and a quote escaped.
    static func literal(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }

    /// A double as a literal that Spark reads back as the same double.
    static func literal(_ value: Double) -> String { "CAST('\(value)' AS DOUBLE)" }

    /// What a column's cells are, as SQL: the text a streamed read gives, or a stand-in.
    enum Cell: Sendable, Hashable {
        /// The text itself (NULL: an empty cell): strings, integers, booleans.
        case text(String)
        /// A double's value (NULL for NULL and NaN, which a streamed read writes as an
        /// empty cell); its text (pandas' repr) is not Spark's `CAST … AS STRING`.
        case double(String)
        /// A value whose text Spark does not write as a streamed read does (dates,
        /// timestamps, decimals, floats, binary): `key` is a text equal for equal cells
        /// and only for them (distinct counts, keys); `present` says the cell is not empty.
        case other(key: String, present: String)
    }

    /// How `column`'s cells read in SQL; nil for a type mlgate does not read (structs,
    /// lists, …: such a table streams, and the column's read reports it).
    static func cell(_ column: Column) -> Cell? {
        let name = quote(column.name)
        switch column.type {
        case .utf8: return .text(name)
        case .int: return .text("CAST(\(name) AS STRING)")
        case .bool: return .text("CASE WHEN \(name) THEN 'True' WHEN NOT \(name) THEN 'False' END")
        case .null: return .text("CAST(NULL AS STRING)")
        case .float(64): return .double("CASE WHEN isnan(\(name)) THEN NULL ELSE \(name) END")
        // At most 15 digits: the double nearest the decimal is the one its text reads as.
        case .decimal(let precision, _, _) where precision <= 15: return .double("CAST(\(name) AS DOUBLE)")
        // `YYYY-MM-DD` as a streamed read writes it for years 1 to 9999 (and beyond); a
        // year before 1 is marked by a leading NUL, which no cell is cleared with.
        case .date(false):
            return .text("CASE WHEN year(\(name)) >= 1 THEN date_format(\(name), 'yyyy-MM-dd') ELSE concat(chr(0), CAST(\(name) AS STRING)) END")
        case .float:
            return .other(key: "CAST(\(name) AS STRING)", present: "(\(name) IS NOT NULL AND NOT isnan(\(name)))")
        // Empty bytes are an empty cell.
        case .binary, .fixedSizeBinary: return .other(key: "hex(\(name))", present: "(octet_length(\(name)) > 0)")
        case .decimal, .date, .time, .timestamp: return .other(key: "CAST(\(name) AS STRING)", present: "(\(name) IS NOT NULL)")
        case .structure, .unsupported: return nil
        }
    }

    /// A text equal for equal cells and only for them; NULL for an empty cell.
    static func key(_ cell: Cell) -> String {
        switch cell {
        case .text(let text): "NULLIF(\(text), '')"
        case .double(let value): "CAST(\(value) AS STRING)"
        case .other(let key, let present): "CASE WHEN \(present) THEN \(key) END"
        }
    }

    /// Plain decimals as the file mode reads them exactly (at most 15 digits: Java's and
    /// Swift's parsers both round them correctly to the same double).
    static let plainNumberRegex = "^-?[0-9]+(\\.[0-9]+)?\\z"

    /// A text cell's number when it is a plain decimal the file mode reads the same way.
    static func plainNumber(_ text: String) -> String {
        "CASE WHEN \(text) RLIKE \(literal(plainNumberRegex)) AND octet_length(\(text)) <= 17 AND octet_length(translate(\(text), '-.', '')) <= 15 THEN CAST(\(text) AS DOUBLE) END"
    }

    /// The select-list expressions computing `aggregate` over `column` (nil for
    /// ``TableAggregate/rowCount``), as ``TableAggregateValues`` reads them; nil when Spark
    /// cannot compute it with the file mode's definition. A quantile's expressions are its
    /// column's number count: its order statistics need a second statement
    /// (``SparkPushdownSession``).
    func aggregateExpressions(_ aggregate: TableAggregate, column: Column?) -> [String]? {
        guard let column else { return aggregate == .rowCount ? ["count(*)"] : nil }
        guard let cell = Self.cell(column) else { return nil }
        let key = Self.key(cell)
        switch aggregate {
        case .rowCount:
            return ["count(*)"]
        case .missingCount:
            return ["count(*) - count(\(key))"]
        case .distinctCount:
            return ["count(DISTINCT \(key))"]
        case .numericSummary:
            // The sixth value counts the cells the file mode reads otherwise (a text that is
            // not a plain decimal, an infinity): when there are any, the table streams.
            guard let (number, odd) = Self.number(column) else { return nil }
            return [
                "count(\(number))", "min(\(number))", "max(\(number))", "avg(\(number))", "var_samp(\(number))",
                "count(CASE WHEN \(odd) THEN 1 END)",
            ]
        case .quantile:
            guard let (number, _) = Self.number(column) else { return nil }
            return ["count(\(number))"]
        }
    }

    /// A column's numbers as the file mode reads them, and the condition of a present cell
    /// it would read otherwise; nil for a type whose text is no number (booleans) or is
    /// not read exactly (32-bit floats, decimals of more than 15 digits).
    static func number(_ column: Column) -> (number: String, odd: String)? {
        let name = quote(column.name)
        switch column.type {
        case .int:
            return ("CAST(\(name) AS DOUBLE)", "false")
        case .utf8:
            return (plainNumber(name), "\(name) <> '' AND \(plainNumber(name)) IS NULL")
        case .decimal(let precision, _, _) where precision <= 15:
            return ("CAST(\(name) AS DOUBLE)", "false")
        case .float(64):
            let infinite = "abs(\(name)) = CAST('Infinity' AS DOUBLE)"
            return ("CASE WHEN isnan(\(name)) OR \(infinite) THEN NULL ELSE \(name) END", infinite)
        default:
            return nil
        }
    }

    /// The statement reading the order statistics at `positions` (0-based among the
    /// column's `count` numbers, in ascending order) with `percentile_disc`, which returns
    /// the first value whose cumulative share reaches the fraction: `(k + 0.5) / count`
    /// lands between the k-th and the next value's share, whatever the rounding.
    static func orderStatistics(_ positions: [(number: String, position: Int, count: Int)], from relation: DatabaseTable.Relation) -> String {
        let list = positions.map { item in
            "percentile_disc(\(literal((Double(item.position) + 0.5) / Double(item.count)))) WITHIN GROUP (ORDER BY \(item.number))"
        }
        return "SELECT \(list.joined(separator: ", ")) FROM \(from(relation))"
    }
}
