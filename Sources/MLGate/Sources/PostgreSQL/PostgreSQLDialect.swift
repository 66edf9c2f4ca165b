/// The SQL of PostgreSQL and the engines that speak its wire protocol and dialect
/// (docs/warehouse.md says what differs on Redshift and Citus).
struct PostgreSQLDialect: SQLDialect {
    /// The engine: where it differs from PostgreSQL, the SQL takes the form it accepts.
    var engine: WarehouseDialect = .postgresql

    /// Type OIDs (pg_type) rendered specially.
    enum TypeOID {
        static let boolean: UInt32 = 16
        static let timestamp: UInt32 = 1114
        static let timestampWithTimeZone: UInt32 = 1184
        /// smallint, integer, bigint, numeric: no NaN but numeric's, exact averages.
        static let exactNumbers: Set<UInt32> = [21, 23, 20, 1700]
        /// real, double precision.
        static let floatingPoint: Set<UInt32> = [700, 701]
        /// The types a grouped read groups by as they are (``textExpression(_:)``): the
        /// numbers, `text`, `varchar`, `char(n)`, `name`, `date` and `uuid`; any other is
        /// grouped and sent as its text.
        static let groupedAsThemselves: Set<UInt32> = exactNumbers.union(floatingPoint).union(textTypes).union([19, 1082, 2950])
    }

    func quoteIdentifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A table name as written in the config: dot-separated parts, each quoted unless
    /// it is already (`analytics.loans` → `"analytics"."loans"`; `"My.Schema".t` keeps its dot).
    func quoteTableName(_ name: String) -> String {
        var parts: [String] = []
        var current = ""
        var quoted = false
        for character in name {
            if character == "\"" { quoted.toggle() }
            if character == "." && !quoted {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current)
        return parts.map { part in
            part.hasPrefix("\"") && part.hasSuffix("\"") && part.count >= 2 ? part : quoteIdentifier(part)
        }.joined(separator: ".")
    }

    func fromClause(_ relation: DatabaseTable.Relation) -> String {
        switch relation {
        case .table(let name): return quoteTableName(name)
        case .query(let sql): return "(\(Self.trimmed(sql))) AS mlgate_query"
        }
    }

    /// Opens the transaction a data gate's pushdown runs in, so that its statements (the
    /// columns, the aggregates, the contract's candidates) read one snapshot of the
    /// table: read only, `REPEATABLE READ` (Redshift and CockroachDB accept it and run
    /// it as serializable, which is also one snapshot).
    static let snapshotStatement = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"

    func describeStatement(_ relation: DatabaseTable.Relation) -> String {
        "SELECT * FROM \(fromClause(relation)) LIMIT 0"
    }

    func copyStatement(
        _ relation: DatabaseTable.Relation, columns: [PostgresConnection.Column], kept: Set<Int>?, limit: Int?
    ) -> String {
        let list = Self.sentColumns(columns.count, kept: kept).map { index in
            let column = columns[index], name = quoteIdentifier(column.name)
            if let kept, !kept.contains(index) { return "NULL AS \(name)" }
            let expression = textExpression(column)
            return expression == name ? name : "\(expression) AS \(name)"
        }
        let limited = limit.map { " LIMIT \($0)" } ?? ""
        return "COPY (SELECT \(list.joined(separator: ", ")) FROM \(fromClause(relation))\(limited)) TO STDOUT WITH (FORMAT csv, HEADER true)"
    }

    /// The relation's columns a streamed read (``copyStatement(_:columns:kept:limit:)``)
    /// sends of `count` when the consumers read `kept` (all when nil): those, in order;
    /// when none is, the first, as NULL, so that each row is a line.
    static func sentColumns(_ count: Int, kept: Set<Int>?) -> [Int] {
        guard let kept else { return Array(0..<count) }
        let sent = kept.filter { $0 < count }.sorted()
        return sent.isEmpty ? [0] : sent
    }

    func groupedCopyStatement(
        _ relation: DatabaseTable.Relation, columns: [PostgresConnection.Column], grouped: Set<Int>, grouping: DatabaseTable.Grouping
    ) -> String {
        let count = "count(*) AS \(quoteIdentifier(DatabaseTable.rowCountColumn))"
        let copy = { (select: String) in "COPY (\(select)) TO STDOUT WITH (FORMAT csv, HEADER true)" }
        // The columns sent, as the reader expects them (the score columns of a class
        // scores read come unpivoted, not as themselves).
        let kept = grouping.sentColumns(kept: grouped, of: columns.map(\.name))
        // The reader asks for a ranked read only of a number or text column (``isOrderable(_:)``).
        if case .ranked(let score, let ties) = grouping, let position = columns.firstIndex(where: { $0.name == score }) {
            let tied = ties.compactMap { name in columns.firstIndex { $0.name == name } }.filter(kept.contains)
            return copy(rankedSelect(relation, columns: columns, kept: kept, score: position, ties: tied, count: count))
        }
        if case .ordered(let key) = grouping {
            let positions = key.columns.compactMap { name in columns.firstIndex { $0.name == name } }
            if positions.count == key.columns.count, positions.allSatisfy(kept.contains) {
                return copy(orderedSelect(relation, columns: columns, kept: kept, key: key, positions: positions, count: count))
            }
        }
        if case .classScores(let scores) = grouping {
            return copy(classScoresSelect(relation, columns: columns, kept: kept, scores: scores.positions(in: columns.map(\.name)), count: count))
        }
        guard grouping == .eachColumn else {
            let list = kept.map { "\(textExpression(columns[$0])) AS \(quoteIdentifier(columns[$0].name))" }
            // Grouped by position: the rendered text, as a file would hold it, is the key.
            let groupBy = kept.isEmpty ? "" : " GROUP BY " + kept.indices.map { String($0 + 1) }.joined(separator: ", ")
            return copy("SELECT \((list + [count]).joined(separator: ", ")) FROM \(fromClause(relation))\(groupBy)")
        }
        guard engine.groupingSets else {
            return copy(eachColumnUnion(relation, columns: columns, kept: kept, count: count))
        }
        // One scan: the text of each column read, then one grouping set per column and
        // one for the whole table; GROUPING(c) = 0 says the row groups by c.
        let value = { (index: Int) in "mlgate_c\(index)" }
        let inner = kept.map { "\(textExpression(columns[$0])) AS \(value($0))" }.joined(separator: ", ")
        let list = kept.map { "\(value($0)) AS \(quoteIdentifier(columns[$0].name))" }
        let position = kept.isEmpty
            ? "-1" : "CASE " + kept.map { "WHEN GROUPING(\(value($0))) = 0 THEN \($0) " }.joined() + "ELSE -1 END"
        let sets = (["()"] + kept.map { "(\(value($0)))" }).joined(separator: ", ")
        return copy(
            "SELECT \((list + [count, "\(position) AS \(quoteIdentifier(DatabaseTable.columnPositionColumn))"]).joined(separator: ", ")) "
                + "FROM (SELECT \(inner) FROM \(fromClause(relation))) AS mlgate_values GROUP BY GROUPING SETS (\(sets))")
    }

    /// Whether a column holds numbers the server orders by value (a text column orders
    /// as text, unless read by ``decimalDouble(_:)``: ``isOrderable(_:)``).
    static func isNumber(_ column: PostgresConnection.Column) -> Bool {
        TypeOID.exactNumbers.contains(column.typeOID) || TypeOID.floatingPoint.contains(column.typeOID)
    }

    /// The rows grouped by the `kept` columns' text, in descending order of the score
    /// column (a number type: its text is the column itself; a text type: the double
    /// its text spells, computed once per group, ``decimalDouble(_:)``, other texts
    /// last), the first with the number of distinct scores
    /// (``DatabaseTable/distinctScoresColumn``; NULL on the others): one sort, which the
    /// windows that count the scores follow (`lag` finds each score's first row, a sum
    /// over every row counts them). Rows of one score are in descending order of the
    /// `ties` columns, as ``orderedSelect(_:columns:kept:key:positions:count:)`` orders them.
    private func rankedSelect(
        _ relation: DatabaseTable.Relation, columns: [PostgresConnection.Column], kept: [Int], score: Int, ties: [Int] = [], count: String
    ) -> String {
        let value = { (index: Int) in "mlgate_c\(index)" }
        var inner = kept.map { "\(textExpression(columns[$0])) AS \(value($0))" }
        let groupBy = kept.isEmpty ? "" : " GROUP BY " + kept.indices.map { String($0 + 1) }.joined(separator: ", ")
        let list = kept.map { "\(value($0)) AS \(quoteIdentifier(columns[$0].name))" }
        var key = value(score), descending = "\(value(score)) DESC"
        if !Self.isNumber(columns[score]) {
            inner.append("\(decimalDouble(textExpression(columns[score]))) AS mlgate_key")
            (key, descending) = ("mlgate_key", "mlgate_key DESC NULLS LAST")
        }
        descending += ties.map { ", " + descendingValue($0, columns: columns) }.joined()
        let scores = "CASE WHEN mlgate_previous IS NULL THEN sum(CASE WHEN mlgate_previous = \(key) THEN 0 ELSE 1 END) OVER () END "
            + "AS \(quoteIdentifier(DatabaseTable.distinctScoresColumn))"
        let previous = "lag(\(key)) OVER (ORDER BY \(descending)) AS mlgate_previous"
        return "SELECT \((list + [quoteIdentifier(DatabaseTable.rowCountColumn), scores]).joined(separator: ", ")) "
            + "FROM (SELECT *, \(previous) FROM (SELECT \((inner + [count]).joined(separator: ", ")) FROM \(fromClause(relation))\(groupBy)) AS mlgate_groups) AS mlgate_previous_scores "
            + "ORDER BY \(descending)"
    }

    /// Column `index`'s grouped value (`mlgate_c<index>`) in descending order: a number
    /// as it is, a text by the double it spells, other texts last.
    private func descendingValue(_ index: Int, columns: [PostgresConnection.Column]) -> String {
        Self.isNumber(columns[index]) ? "mlgate_c\(index) DESC" : "\(decimalDouble("mlgate_c\(index)")) DESC NULLS LAST"
    }

    /// The rows grouped by the `kept` columns' text (the key's columns, at `positions`,
    /// among them, number or text types), in the order of `key`: a column descending, or
    /// `abs(a − b)` of two columns as doubles ascending (the difference the file mode
    /// takes of the two values read as doubles: PostgreSQL casts a `numeric` to the
    /// nearest double, as the file mode parses its text). A text column's values are
    /// the doubles their texts spell (``orderValue(_:of:cast:)``), other texts last.
    private func orderedSelect(
        _ relation: DatabaseTable.Relation, columns: [PostgresConnection.Column], kept: [Int], key: DatabaseTable.Grouping.OrderKey,
        positions: [Int], count: String
    ) -> String {
        let value = { (index: Int) in "mlgate_c\(index)" }
        let inner = kept.map { "\(textExpression(columns[$0])) AS \(value($0))" }
        let groupBy = kept.isEmpty ? "" : " GROUP BY " + kept.indices.map { String($0 + 1) }.joined(separator: ", ")
        let list = kept.map { "\(value($0)) AS \(quoteIdentifier(columns[$0].name))" }
        let order =
            switch key {
            case .descending: positions.map { descendingValue($0, columns: columns) }.joined(separator: ", ")
            case .absoluteDifference:
                "abs(\(orderValue(value(positions[0]), of: columns[positions[0]], cast: true)) - \(orderValue(value(positions[1]), of: columns[positions[1]], cast: true)))"
            }
        return "SELECT \((list + [quoteIdentifier(DatabaseTable.rowCountColumn)]).joined(separator: ", ")) "
            + "FROM (SELECT \((inner + [count]).joined(separator: ", ")) FROM \(fromClause(relation))\(groupBy)) AS mlgate_groups "
            + "ORDER BY \(order)"
    }

    /// The rows grouped by the `kept` columns' text (the score columns are not among them) and by
    /// each score column in turn: its position among the relation's columns
    /// (``DatabaseTable/classColumn``) and its value (``DatabaseTable/classScoreColumn``,
    /// of number types, or of text types, ordered by the doubles their texts spell,
    /// ``decimalDouble(_:)``, other texts last), in descending score order. PostgreSQL
    /// unpivots the score columns with `LATERAL (VALUES …)` in one scan; Citus and
    /// Redshift (``WarehouseDialect``) read the relation once per score column, joined by
    /// `UNION ALL`.
    private func classScoresSelect(
        _ relation: DatabaseTable.Relation, columns: [PostgresConnection.Column], kept: [Int], scores: [Int], count: String
    ) -> String {
        let value = { (index: Int) in "mlgate_c\(index)" }
        let inner = kept.map { "\(textExpression(columns[$0])) AS \(value($0))" }
        let classColumn = quoteIdentifier(DatabaseTable.classColumn), scoreColumn = quoteIdentifier(DatabaseTable.classScoreColumn)
        let unpivoted: String
        if engine.lateralValues {
            let pairs = scores.map { "(\($0), \(quoteIdentifier(columns[$0].name)))" }.joined(separator: ", ")
            unpivoted = "SELECT \((inner + ["mlgate_u.mlgate_class", "mlgate_u.mlgate_score"]).joined(separator: ", ")) "
                + "FROM \(fromClause(relation)) CROSS JOIN LATERAL (VALUES \(pairs)) AS mlgate_u(mlgate_class, mlgate_score)"
        } else {
            unpivoted = scores.map { score in
                "SELECT \((inner + ["\(score) AS mlgate_class", "\(quoteIdentifier(columns[score].name)) AS mlgate_score"]).joined(separator: ", ")) FROM \(fromClause(relation))"
            }.joined(separator: " UNION ALL ")
        }
        // Grouped and ordered in one query level, the score first: PostgreSQL then sorts
        // once, by the score descending, for both (a grouping in a subquery sorted twice).
        let list = kept.map { "\(value($0)) AS \(quoteIdentifier(columns[$0].name))" }
        let select = "SELECT \((list + [count, "mlgate_class AS \(classColumn)", "mlgate_score AS \(scoreColumn)"]).joined(separator: ", ")) "
        guard scores.contains(where: { !Self.isNumber(columns[$0]) }) else {
            let groupBy = (["mlgate_score", "mlgate_class"] + kept.map(value)).joined(separator: ", ")
            return select + "FROM (\(unpivoted)) AS mlgate_unpivoted GROUP BY \(groupBy) ORDER BY mlgate_score DESC"
        }
        // Texts: grouped by the double each spells first, so that the one sort is by it
        // (grouped by the text first, then ordered by its double: two sorts, 8.5 s
        // against 5.3 s for 1M rows × 3 classes here).
        let groupBy = (["mlgate_key", "mlgate_score", "mlgate_class"] + kept.map(value)).joined(separator: ", ")
        return select
            + "FROM (SELECT *, \(decimalDouble("mlgate_score")) AS mlgate_key FROM (\(unpivoted)) AS mlgate_texts) AS mlgate_unpivoted "
            + "GROUP BY \(groupBy) ORDER BY mlgate_key DESC NULLS LAST"
    }

    /// Each column's value counts without `GROUPING SETS` (Citus refuses them on a
    /// distributed table, citusdata/citus#2219): one `GROUP BY` per column read, and a
    /// row counting the table's rows, joined by `UNION ALL` (one scan per part).
    private func eachColumnUnion(
        _ relation: DatabaseTable.Relation, columns: [PostgresConnection.Column], kept: [Int], count: String
    ) -> String {
        let position = quoteIdentifier(DatabaseTable.columnPositionColumn)
        let parts = kept.map { index in
            let list = kept.map { other in "\(other == index ? "mlgate_c\(index)" : "NULL") AS \(quoteIdentifier(columns[other].name))" }
            return "SELECT \((list + [count, "\(index) AS \(position)"]).joined(separator: ", ")) "
                + "FROM (SELECT \(textExpression(columns[index])) AS mlgate_c\(index) FROM \(fromClause(relation))) AS mlgate_values GROUP BY mlgate_c\(index)"
        }
        let total = "SELECT \((kept.map { "NULL AS \(quoteIdentifier(columns[$0].name))" } + [count, "-1 AS \(position)"]).joined(separator: ", ")) FROM \(fromClause(relation))"
        return (parts + [total]).joined(separator: " UNION ALL ")
    }

    func textExpression(_ column: PostgresConnection.Column) -> String {
        let name = quoteIdentifier(column.name)
        switch column.typeOID {
        case TypeOID.boolean:
            return "CASE WHEN \(name) THEN 'true' WHEN NOT \(name) THEN 'false' END"
        case TypeOID.timestamp, TypeOID.timestampWithTimeZone:
            return "replace(\(name)::text, ' ', 'T')"
        case _ where TypeOID.groupedAsThemselves.contains(column.typeOID):
            return name
        default:
            // Grouped by its text: `json`, `xml` and the geometric types have no equality
            // to group by, and others' (`interval`, `citext`) holds for other texts too.
            return "\(name)::text"
        }
    }

    func aggregateExpressions(_ aggregate: TableAggregate, column: PostgresConnection.Column?) -> [String]? {
        guard let column else { return aggregate == .rowCount ? ["count(*)"] : nil }
        let name = quoteIdentifier(column.name)
        let text = "(\(textExpression(column)))::text"
        let isNumber = TypeOID.exactNumbers.contains(column.typeOID) || TypeOID.floatingPoint.contains(column.typeOID)
        // A NaN is not a number to the file mode (it is a failing cell): such columns stream.
        let number = "NULLIF(\(name)::float8, 'NaN')"
        switch aggregate {
        case .rowCount:
            return ["count(*)"]
        case .missingCount:
            return ["count(*) - count(NULLIF(\(text), ''))"]
        case .distinctCount:
            return ["count(DISTINCT NULLIF(\(text), ''))"]
        case .numericSummary:
            guard isNumber else { return nil }
            let exact = TypeOID.exactNumbers.contains(column.typeOID)
            // Integers and numeric average and vary exactly (numeric), rounded once to double.
            let mean = exact ? "avg(\(name))::float8" : "avg(\(number))"
            let variance = exact ? "var_samp(\(name))::float8" : "var_samp(\(number))"
            return [
                "count(\(number))", "min(\(number))", "max(\(number))", mean, variance,
                "count(*) FILTER (WHERE \(name)::float8 = 'NaN')",
            ]
        case .quantile(_, let q):
            guard isNumber else { return nil }
            return ["percentile_cont(\(q)::float8) WITHIN GROUP (ORDER BY \(number))"]
        }
    }

    /// The most expressions one statement holds (PostgreSQL allows 1664 target entries).
    static let expressionsPerStatement = 1000

    func countStatement(_ relation: DatabaseTable.Relation, columns: [String]) -> String {
        let counts = ["count(*)"] + columns.map { "count(\(quoteIdentifier($0)))" }
        return "SELECT \(counts.joined(separator: ", ")) FROM \(fromClause(relation))"
    }

    /// A query without the white space and semicolons that would end it early inside parentheses.
    static func trimmed(_ sql: String) -> String {
        var text = Substring(sql)
        while let last = text.last, last == ";" || last.isWhitespace { text = text.dropLast() }
        return String(text)
    }
}
