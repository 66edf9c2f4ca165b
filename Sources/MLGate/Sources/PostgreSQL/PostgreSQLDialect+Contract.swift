/// The data contract's pushdown in PostgreSQL's SQL (docs/warehouse.md, "Pushed down:
/// the data contract"): one `COPY` that numbers the rows in the order a streamed read
/// sends them, clears what ``ContractPushdownPlan`` says the server decides exactly, and
/// sends the rest — the candidates — with their row number and the line breaks before them.
extension PostgreSQLDialect {
    /// The column of a candidate read holding the row's position (1: the first row).
    static let contractRowColumn = "mlgate_row"
    /// The column of a candidate read holding the line breaks in the cells of the rows
    /// before it (a CSV file of the rows has that many more lines before the row).
    static let contractBreaksColumn = "mlgate_breaks"

    /// Plain integers as the contract's integer kernel reads them (18 bytes at most).
    static let plainIntegerRegex = "^" + ContractPushdownPlan.PlainShape.integer + "$"

    func contractCandidateStatement(
        _ relation: DatabaseTable.Relation, columns: [PostgresConnection.Column], plan: ContractPushdownPlan
    ) -> String {
        let cell = { (index: Int) in "mlgate_t\(index)" }
        // The text of each column, as a streamed read sends it.
        let texts = columns.enumerated().map { index, column in "(\(textExpression(column)))::text AS \(cell(index))" }
        // Line breaks inside cells shift the lines of the rows after them: the CSV reader
        // counts the LFs inside a quoted cell (a CR there does not end a line).
        let textual = columns.indices.filter { !TypeOID.breakless.contains(columns[$0].typeOID) }
        let breaksIn = { (x: String) in "coalesce(length(\(x)) - length(replace(\(x), E'\\n', '')), 0)" }
        let breaks = textual.isEmpty
            ? "0"
            : "coalesce(sum(" + textual.map { breaksIn(cell($0)) }.joined(separator: " + ")
                + ") OVER (ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)"
        let numbered =
            "SELECT row_number() OVER () AS \(Self.contractRowColumn), \(breaks) AS \(Self.contractBreaksColumn), "
            + columns.indices.map(cell).joined(separator: ", ")
            + " FROM (SELECT \(texts.joined(separator: ", ")) FROM \(fromClause(relation))) AS mlgate_cells"
        var source = "(\(numbered)) AS mlgate_numbered"
        var windows: [String] = [], keyConditions: [String] = []
        // An integer key cell written other than plainly (a date's other than as
        // `YYYY-MM-DD`, …) has a value that is not its text: then every row is a
        // candidate (and the validator looks foreign keys up).
        func oddIntegers(_ parts: [ContractPushdownPlan.KeyPart]) -> [String] {
            parts.compactMap { part -> String? in
                guard let shape = part.shape(end: "$") else { return nil }
                let x = cell(part.column)
                return "coalesce(NOT \(missingExpression(x, part.missingValues)) AND NOT \(x) ~ \(literal(shape)), true)"
            }
        }
        if !plan.foreignKeys.isEmpty {
            let (joined, verdicts) = foreignKeySource(relation, columns: columns, plan: plan, numbered: numbered, cell: cell)
            source = joined
            let odd = plan.foreignKeys.flatMap { oddIntegers($0.parts + $0.references) }
            windows.append("bool_or(\(odd.isEmpty ? "false" : odd.joined(separator: " OR "))) OVER () AS mlgate_of")
            keyConditions.append("mlgate_of")
            keyConditions += verdicts.map { "NOT \($0)" }
        }
        for (index, key) in plan.keys.enumerated() {
            let parts = key.map { keyExpression($0, cell: cell) }
            let anyPresent = parts.map { "\($0) IS NOT NULL" }.joined(separator: " OR ")
            windows.append(
                "count(*) FILTER (WHERE \(anyPresent)) OVER (PARTITION BY \(parts.joined(separator: ", "))) AS mlgate_k\(index)")
            keyConditions.append("mlgate_k\(index) > 1")
            let odd = oddIntegers(key)
            if !odd.isEmpty {
                windows.append("bool_or(\(odd.joined(separator: " OR "))) OVER () AS mlgate_o\(index)")
                keyConditions.append("mlgate_o\(index)")
            }
        }
        if !windows.isEmpty {
            source = "(SELECT *, \(windows.joined(separator: ", ")) FROM \(source)) AS mlgate_keyed"
        }
        let missing = plan.columns.map { missingExpression(cell($0.column), $0.missingValues) }
        let clean = plan.columns.map { column -> String in
            let x = cell(column.column)
            return "coalesce(CASE WHEN \(missing[column.column]) THEN \(column.missingIsClean) ELSE \(presentExpression(column.present, x)) END, false)"
        }
        let notBlank = "NOT (\(missing.joined(separator: " AND ")))"
        let candidate = (["NOT (\(([notBlank] + clean).joined(separator: " AND ")))"] + keyConditions).joined(separator: " OR ")
        // Each foreign key's verdict: unknown (NULL) when every row is sent.
        let verdicts = plan.foreignKeys.indices.map { "CASE WHEN mlgate_of THEN NULL ELSE mlgate_f\($0) END AS mlgate_f\($0)" }
        let list = [Self.contractRowColumn, Self.contractBreaksColumn] + verdicts
            + columns.indices.map { "\(cell($0)) AS \(quoteIdentifier(columns[$0].name))" }
        return "COPY (SELECT \(list.joined(separator: ", ")) FROM \(source) WHERE \(candidate) ORDER BY \(Self.contractRowColumn)) TO STDOUT WITH (FORMAT csv, HEADER true)"
    }

    /// The numbered rows joined with each foreign key's referenced keys (every row's
    /// referenced fields' values, not all missing, once each): `mlgate_f<i>` is whether
    /// the row's key is found there or all its fields missing. Parts are compared as the
    /// contract compares them, a missing part as one (``foreignKeyCode(_:cell:)``).
    private func foreignKeySource(
        _ relation: DatabaseTable.Relation, columns: [PostgresConnection.Column], plan: ContractPushdownPlan, numbered: String,
        cell: (Int) -> String
    ) -> (source: String, verdicts: [String]) {
        func allMissing(_ parts: [ContractPushdownPlan.KeyPart]) -> String {
            parts.map { "coalesce(\(missingExpression(cell($0.column), $0.missingValues)), false)" }.joined(separator: " AND ")
        }
        var joins = "", resolved: [String] = []
        for (index, key) in plan.foreignKeys.enumerated() {
            let referenced = Set(key.references.map(\.column)).sorted()
            let texts = referenced.map { "(\(textExpression(columns[$0])))::text AS \(cell($0))" }
            let codes = key.references.enumerated().map { "\(foreignKeyCode($1, cell: cell)) AS mlgate_r\(index)_\($0)" }
            let refs = "(SELECT DISTINCT \(codes.joined(separator: ", ")) FROM (SELECT \(texts.joined(separator: ", ")) FROM "
                + "\(fromClause(relation))) AS mlgate_rc\(index) WHERE NOT (\(allMissing(key.references)))) AS mlgate_refs\(index)"
            let on = key.parts.enumerated().map { "\(foreignKeyCode($1, cell: cell)) = mlgate_refs\(index).mlgate_r\(index)_\($0)" }
            joins += " LEFT JOIN \(refs) ON \(on.joined(separator: " AND "))"
            resolved.append("(\(allMissing(key.parts)) OR mlgate_refs\(index).mlgate_r\(index)_0 IS NOT NULL) AS mlgate_f\(index)")
        }
        let source = "(SELECT mlgate_numbered.*, \(resolved.joined(separator: ", ")) FROM (\(numbered)) AS mlgate_numbered\(joins)) AS mlgate_resolved"
        return (source, plan.foreignKeys.indices.map { "mlgate_f\($0)" })
    }

    /// A foreign key part's value as one text that is never NULL: `t` and the text, `i`
    /// and the integer's value (`007` and `7` are one), `m` for a missing cell.
    private func foreignKeyCode(_ part: ContractPushdownPlan.KeyPart, cell: (Int) -> String) -> String {
        let x = cell(part.column)
        let missing = "coalesce(\(missingExpression(x, part.missingValues)), false)"
        // A tag and the part's grouping value (Spark's foreignKeyCode has the same).
        func coded(_ tag: String) -> String {
            "coalesce(\(literal(tag)) || CASE WHEN \(missing) THEN NULL ELSE \(keyExpression(part, cell: cell)) END, 'm')"
        }
        switch part {
        case .text:
            return "coalesce('t' || CASE WHEN \(missing) THEN NULL ELSE \(x) END, 'm')"
        case .integer:
            return "coalesce('i' || (CASE WHEN \(missing) THEN NULL WHEN \(x) ~ \(literal(Self.plainIntegerRegex)) THEN \(x)::numeric END)::text, 'm')"
        case .canonical(_, _, let tag, _), .moment(_, _, let tag, _):
            return coded(tag)
        case .number:
            // As the contract normalizes it: an integral double below 9e15 is the integer
            // (`2.0` resolves `2`); another by its shortest exact text.
            let d = "(\(x))::float8"
            return "coalesce(CASE WHEN \(missing) THEN NULL WHEN \(x) ~ \(literal("^" + ContractPushdownPlan.PlainShape.keyNumber + "$")) THEN "
                + "(CASE WHEN \(d) = trunc(\(d)) AND abs(\(d)) < 9e15 THEN 'i' || (\(d))::int8::text ELSE 'n' || (\(d))::text END) END, 'm')"
        case .boolean:
            return coded("b")
        }
    }

    /// Whether the cell `x` is one of the missing values (a NULL reads as an empty cell).
    private func missingExpression(_ x: String, _ values: [String]) -> String {
        let listed = values.filter { !$0.contains("\0") }
        let isNull = values.contains("") ? "\(x) IS NULL OR " : ""
        guard !listed.isEmpty else { return values.contains("") ? "(\(x) IS NULL)" : "false" }
        return "(\(isNull)\(x) IN (\(listed.map(literal).joined(separator: ", "))))"
    }

    /// A key field's grouping value: NULL for a missing cell (and a cell whose value is
    /// not its text).
    private func keyExpression(_ part: ContractPushdownPlan.KeyPart, cell: (Int) -> String) -> String {
        switch part {
        case .text(let column, let missing):
            let x = cell(column)
            return "CASE WHEN coalesce(\(missingExpression(x, missing)), false) THEN NULL ELSE \(x) END"
        case .integer(let column, _):
            let x = cell(column)
            return "CASE WHEN \(x) ~ \(literal(Self.plainIntegerRegex)) THEN \(x)::numeric END"
        case .canonical(let column, _, _, let shape):
            let x = cell(column)
            return "CASE WHEN \(x) ~ \(literal("^" + shape + "$")) THEN \(x) END"
        case .moment(let column, _, _, let layout):
            let x = cell(column)
            return "CASE WHEN \(x) ~ \(literal("^" + layout.shape + "$")) THEN \(layout.isoText(x, self)) END"
        case .number(let column, _):
            let x = cell(column)
            return "CASE WHEN \(x) ~ \(literal("^" + ContractPushdownPlan.PlainShape.keyNumber + "$")) THEN \(x)::float8 END"
        case .boolean(let column, _, let values):
            let x = cell(column)
            guard !values.isEmpty else { return "NULL::text" }
            return "CASE " + values.map { "WHEN \(x) = \(literal($0.text)) THEN '\($0.value)'" }.joined(separator: " ") + " END"
        }
    }

    /// Whether a present cell `x` certainly breaks nothing.
    private func presentExpression(_ rule: ContractPushdownPlan.PresentRule, _ x: String) -> String {
        func all(_ conditions: [String]) -> String { conditions.isEmpty ? "true" : conditions.joined(separator: " AND ") }
        switch rule {
        case .every:
            return "true"
        case .plainInteger(let minimum, let maximum, let allowed):
            var conditions: [String] = []
            if let minimum { conditions.append("\(x)::int8 >= \(minimum)") }
            if let maximum { conditions.append("\(x)::int8 <= \(maximum)") }
            if let allowed { conditions.append(allowed.isEmpty ? "false" : "\(x)::int8 IN (\(allowed.map(String.init).joined(separator: ", ")))") }
            return "CASE WHEN \(x) ~ \(literal(Self.plainIntegerRegex)) THEN \(all(conditions)) ELSE false END"
        case .plainDecimal(let minimum, let maximum, let exclusiveMinimum, let exclusiveMaximum):
            let number = "\(x)::float8"
            var conditions: [String] = []
            if let minimum { conditions.append("\(number) >= \(literal("\(minimum)"))::float8") }
            if let maximum { conditions.append("\(number) <= \(literal("\(maximum)"))::float8") }
            if let exclusiveMinimum { conditions.append("\(number) > \(literal("\(exclusiveMinimum)"))::float8") }
            if let exclusiveMaximum { conditions.append("\(number) < \(literal("\(exclusiveMaximum)"))::float8") }
            return "CASE WHEN \(x) ~ \(literal("^-?[0-9]+(\\.[0-9]+)?$")) AND octet_length(\(x)) <= 17 AND octet_length(translate(\(x), '-.', '')) <= 15 THEN \(all(conditions)) ELSE false END"
        case .string(let minLength, let maxLength, let allowed, let pattern, let format):
            var conditions: [String] = []
            if let format {
                conditions.append("\(x) ~ \(literal(format.regex(end: "$")))")
                conditions += format.lengthConditions(x)
            }
            if let minLength { conditions.append("char_length(\(x)) >= \(minLength)") }
            if let maxLength { conditions.append("char_length(\(x)) <= \(maxLength)") }
            if let allowed {
                let listed = allowed.filter { !$0.contains("\0") }
                conditions.append(listed.isEmpty ? "false" : "\(x) IN (\(listed.map(literal).joined(separator: ", ")))")
            }
            if let pattern {
                if pattern.asciiOnly { conditions.append("octet_length(\(x)) = char_length(\(x))") }
                conditions.append("\(x) ~ \(literal(pattern.regex))")
            }
            return all(conditions)
        case .oneOf(let values):
            let listed = values.filter { !$0.contains("\0") }
            return listed.isEmpty ? "false" : "\(x) IN (\(listed.map(literal).joined(separator: ", ")))"
        case .plainDate(let range):
            return dateExpression(x, time: false, range)
        case .formatted(let layout, let range):
            return "CASE WHEN \(x) ~ \(literal("^" + layout.shape + "$")) THEN \(presentExpression(layout.plainRule(range), layout.isoText(x, self))) ELSE false END"
        case .plainDatetime(let range):
            return dateExpression(x, time: true, range)
        case .plainTime(let range):
            return all(["\(x) ~ \(literal("^" + ContractPushdownPlan.PlainShape.time + "$"))"] + range.conditions(x, literal: literal, bytes: Self.byteOrder))
        case .plainYear(let range):
            return all(["\(x) ~ '^[0-9]{4}$'"] + range.conditions(x, literal: literal, bytes: Self.byteOrder))
        case .plainYearMonth:
            return "\(x) ~ \(literal("^" + ContractPushdownPlan.PlainShape.yearMonth + "$"))"
        case .plainDuration:
            return "(\(x) ~ \(literal("^" + ContractPushdownPlan.PlainShape.duration + "$")) AND right(\(x), 1) <> 'P')"
        case .plainGeopoint:
            let part = { (index: Int) in "abs(trim(split_part(\(x), ',', \(index)))::float8)" }
            return "CASE WHEN \(x) ~ \(literal("^" + ContractPushdownPlan.PlainShape.geopoint + "$")) THEN \(part(1)) <= 180 AND \(part(2)) <= 90 ELSE false END"
        case .listItems(let delimiter, let item, let minimum, let maximum):
            // Each occurrence removed takes the delimiter's bytes away.
            let d = literal(delimiter)
            let items = "((octet_length(\(x)) - octet_length(replace(\(x), \(d), ''))) / octet_length(\(d)) + 1)"
            var conditions: [String] = []
            if let item, let byte = delimiter.utf8.first { conditions.append("\(x) ~ \(literal("^" + item.list(delimiter: byte) + "$"))") }
            if let minimum { conditions.append("\(items) >= \(minimum)") }
            if let maximum { conditions.append("\(items) <= \(maximum)") }
            return all(conditions)
        case .plainJSON(let shape):
            return "\(x) ~ \(literal("^" + shape + "$"))"
        case .jsonArrayItems(let minimum, let maximum):
            // A greedy match takes each element whole (PostgreSQL 15's `regexp_count`).
            let items = "regexp_count(\(x), \(literal(ContractPushdownPlan.PlainShape.jsonScalar)))"
            var conditions = ["\(x) ~ \(literal("^" + ContractPushdownPlan.PlainShape.jsonArray + "$"))"]
            if let minimum { conditions.append("\(items) >= \(minimum)") }
            if let maximum { conditions.append("\(items) <= \(maximum)") }
            return all(conditions)
        }
    }

    /// `x` compared by its bytes, not by the database's collation.
    private static func byteOrder(_ x: String) -> String { "(\(x) COLLATE \"C\")" }

    /// Whether `x` is `YYYY-MM-DD` (and `THH:MM:SS` when `time`) naming a real day of
    /// years 0001–9999 within `range`.
    private func dateExpression(_ x: String, time: Bool, _ range: ContractPushdownPlan.TextRange) -> String {
        let shape = "^" + ContractPushdownPlan.PlainShape.day + (time ? "T" + ContractPushdownPlan.PlainShape.time : "") + "$"
        // The day exists: at most the month's last day (make_date only sees valid months).
        let lastDay = "extract(day from make_date(substr(\(x), 1, 4)::int, substr(\(x), 6, 2)::int, 1) + interval '1 month' - interval '1 day')"
        let conditions = ["substr(\(x), 9, 2)::int <= \(lastDay)"] + range.conditions(x, literal: literal, bytes: Self.byteOrder)
        return "CASE WHEN \(x) ~ \(literal(shape)) AND left(\(x), 4) <> '0000' THEN \(conditions.joined(separator: " AND ")) ELSE false END"
    }

    /// `text` as a string literal (standard_conforming_strings, PostgreSQL's default
    /// since 9.1: a backslash is itself).
    func literal(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }
}

extension PostgreSQLDialect: MomentSQL {
    /// `substring … from` gives the first parenthesized group's text.
    func capture(_ x: String, _ regex: String) -> String {
        "substring(\(x) from \(literal("^" + regex + "$")))"
    }

    /// `make_date` raises an error for year 0, so such a year gives `x`; a date past year
    /// 9999 has five digits.
    func dayOfYear(year: String, day: String) -> String {
        "(CASE WHEN \(year) = '0000' THEN 'x' ELSE to_char(make_date(CAST(\(year) AS INT), 1, 1) + (CAST(\(day) AS INT) - 1), 'YYYY-MM-DD') END)"
    }
}

extension PostgreSQLDialect.TypeOID {
    /// Types whose text never holds a line break: numbers, booleans, dates and times.
    static let breakless: Set<UInt32> = exactNumbers.union(floatingPoint).union([boolean, timestamp, timestampWithTimeZone, 1082, 1083, 1266, 1186])
}
