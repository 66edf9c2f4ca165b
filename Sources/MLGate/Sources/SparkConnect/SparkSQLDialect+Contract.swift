/// The data contract's pushdown in Spark SQL (docs/spark.md): the cluster clears what
/// ``ContractPushdownPlan`` says it decides exactly and sends the other rows — the
/// candidates — with `monotonically_increasing_id()`, from which mlgate numbers them as a
/// streamed read of the relation does (the scan's partitions in order, each partition's
/// rows in order: ``contractPartitionsStatement(_:columns:plan:)`` counts them).
///
/// A cell is judged on its text only where Spark writes the text a streamed read gives
/// (strings, integers, booleans); a double by its value (a plain decimal in pandas' repr
/// within the bounds); every other cell only by whether it is empty. Whatever else a
/// field asks of such a column makes its rows candidates: the server may say less than
/// the contract's own checks, never something else.
extension SparkSQLDialect {
    /// The column of a candidate read holding `monotonically_increasing_id()`.
    static let contractIDColumn = "mlgate_id"
    /// The bits of `monotonically_increasing_id()` that number a row within its partition.
    static let partitionShift = 33

    /// Plain integers as the contract's integer kernel reads them (18 bytes at most).
    static let plainIntegerRegex = "^" + ContractPushdownPlan.PlainShape.integer + "\\z"

    /// A statement with one row per scan partition: its index, its row count, and
    /// whether an integer key holds a present cell that is not a plain integer (its value
    /// is not its text: then every row is a candidate).
    func contractPartitionsStatement(_ relation: DatabaseTable.Relation, columns: [Column], plan: ContractPushdownPlan) -> String {
        // Whether a part's cell makes every row a candidate: an integer cell written other
        // than plainly, or any cell of a column whose text Spark does not write (`text`:
        // a text part, as a foreign key's, needs the text too; a key's takes its stand-in).
        func odd(_ part: ContractPushdownPlan.KeyPart, text: Bool) -> String? {
            guard case .text(let x)? = Self.cell(columns[part.column]) else { return text || part.hasShape ? "true" : nil }
            guard let shape = part.shape(end: "\\z") else { return nil }
            return "coalesce(NOT \(Self.missing(x, part.missingValues)) AND NOT \(x) RLIKE \(Self.literal(shape)), true)"
        }
        // A foreign key is looked up on the cluster only through text cells (and plain
        // integers): otherwise every row is sent, and the validator looks it up itself.
        let odd = plan.keys.flatMap { $0.compactMap { odd($0, text: false) } }
            + plan.foreignKeys.flatMap { ($0.parts + $0.references).compactMap { odd($0, text: true) } }
        let flag = odd.isEmpty ? "false" : odd.joined(separator: " OR ")
        return "SELECT shiftright(\(Self.contractIDColumn), \(Self.partitionShift)) AS mlgate_partition, count(*), "
            + "max(CASE WHEN mlgate_odd THEN 1 ELSE 0 END) FROM (SELECT monotonically_increasing_id() AS \(Self.contractIDColumn), "
            + "\(flag) AS mlgate_odd FROM \(Self.from(relation))) AS mlgate_ids GROUP BY 1 ORDER BY 1"
    }

    /// The statement sending the candidates in row order: `mlgate_id`, then every column
    /// as the relation has it (read as a streamed read reads it). With `everyRow`, every row.
    func contractCandidateStatement(
        _ relation: DatabaseTable.Relation, columns: [Column], plan: ContractPushdownPlan, everyRow: Bool
    ) -> String {
        let names = columns.map { Self.quote($0.name) }
        let id = Self.contractIDColumn
        guard !everyRow else {
            return "SELECT monotonically_increasing_id() AS \(id), \(names.joined(separator: ", ")) FROM \(Self.from(relation))"
        }
        let missing = plan.columns.map { column in Self.cell(columns[column.column]).flatMap { Self.isMissing($0, column.missingValues) } ?? "true" }
        let clean = plan.columns.map { column in
            Self.cell(columns[column.column]).map { Self.clean($0, column) } ?? "false"
        }
        let notBlank = "NOT (\(missing.map { "coalesce(\($0), false)" }.joined(separator: " AND ")))"
        var inner = ["monotonically_increasing_id() AS \(id)", "(\(([notBlank] + clean).joined(separator: " AND "))) AS mlgate_clean"]
        var windows: [String] = []
        var conditions = ["NOT mlgate_clean"]
        for (index, key) in plan.keys.enumerated() {
            let parts = key.enumerated().map { position, part in "mlgate_k\(index)_\(position)" }
            for (position, part) in key.enumerated() { inner.append("\(keyExpression(part, columns)) AS \(parts[position])") }
            let anyPresent = parts.map { "\($0) IS NOT NULL" }.joined(separator: " OR ")
            windows.append("count(CASE WHEN \(anyPresent) THEN 1 END) OVER (PARTITION BY \(parts.joined(separator: ", "))) AS mlgate_n\(index)")
            conditions.append("mlgate_n\(index) > 1")
        }
        // Each foreign key's codes and whether its fields are all missing, looked up
        // among the referenced keys (``foreignKeyJoins(_:columns:plan:)``).
        var verdicts: [String] = []
        for (index, key) in plan.foreignKeys.enumerated() {
            for (position, part) in key.parts.enumerated() { inner.append("\(Self.foreignKeyCode(part, columns)) AS mlgate_c\(index)_\(position)") }
            inner.append("(\(Self.allMissing(key.parts, columns))) AS mlgate_m\(index)")
            verdicts.append("mlgate_f\(index)")
            conditions.append("NOT mlgate_f\(index)")
        }
        var source = "(SELECT \((inner + names).joined(separator: ", ")) FROM \(Self.from(relation))) AS mlgate_cells"
        if !plan.foreignKeys.isEmpty { source = foreignKeyJoins(source, columns: columns, plan: plan, relation: relation) }
        if !windows.isEmpty { source = "(SELECT *, \(windows.joined(separator: ", ")) FROM \(source)) AS mlgate_keyed" }
        // A key's window and a foreign key's join shuffle the rows: they are put back in order.
        let order = windows.isEmpty && verdicts.isEmpty ? "" : " ORDER BY \(id)"
        return "SELECT \(([id] + verdicts + names).joined(separator: ", ")) FROM \(source) WHERE \(conditions.joined(separator: " OR "))\(order)"
    }

    /// `cells` joined with each foreign key's referenced keys (every row's referenced
    /// fields' codes, not all missing, once each): `mlgate_f<i>` is whether the row's key
    /// is found there or all its fields missing.
    private func foreignKeyJoins(_ cells: String, columns: [Column], plan: ContractPushdownPlan, relation: DatabaseTable.Relation) -> String {
        var joins = "", resolved: [String] = []
        for (index, key) in plan.foreignKeys.enumerated() {
            let codes = key.references.enumerated().map { "\(Self.foreignKeyCode($1, columns)) AS mlgate_r\(index)_\($0)" }
            let refs = "(SELECT DISTINCT \(codes.joined(separator: ", ")) FROM \(Self.from(relation)) "
                + "WHERE NOT (\(Self.allMissing(key.references, columns)))) AS mlgate_refs\(index)"
            let on = key.parts.indices.map { "mlgate_cells.mlgate_c\(index)_\($0) = mlgate_refs\(index).mlgate_r\(index)_\($0)" }
            joins += " LEFT JOIN \(refs) ON \(on.joined(separator: " AND "))"
            resolved.append("(mlgate_m\(index) OR mlgate_refs\(index).mlgate_r\(index)_0 IS NOT NULL) AS mlgate_f\(index)")
        }
        return "(SELECT mlgate_cells.*, \(resolved.joined(separator: ", ")) FROM \(cells)\(joins)) AS mlgate_resolved"
    }

    /// A foreign key part's value as one text that is never NULL: `t` and the text, `i`
    /// and the integer's value (`007` and `7` are one), `m` for a missing cell. The part's
    /// column holds text (``contractPartitionsStatement(_:columns:plan:)`` sends every
    /// row otherwise).
    private static func foreignKeyCode(_ part: ContractPushdownPlan.KeyPart, _ columns: [Column]) -> String {
        guard case .text(let x)? = cell(columns[part.column]) else { return "'m'" }
        let missing = "coalesce(\(Self.missing(x, part.missingValues)), false)"
        let coded = { (tag: String) in "coalesce(concat(\(literal(tag)), CASE WHEN \(missing) THEN NULL ELSE \(grouping(part, x)) END), 'm')" }
        switch part {
        case .text: return coded("t")
        case .integer:
            return "coalesce(concat('i', CAST(CASE WHEN \(missing) THEN NULL WHEN \(x) RLIKE \(literal(plainIntegerRegex)) THEN CAST(\(x) AS BIGINT) END AS STRING)), 'm')"
        case .canonical(_, _, let tag, _), .moment(_, _, let tag, _): return coded(tag)
        case .number:
            // As the contract normalizes it: an integral double below 9e15 is the integer
            // (`2.0` resolves `2`); another by its text (Java's, one per double).
            let d = "CAST(\(x) AS DOUBLE)"
            return "coalesce(CASE WHEN \(missing) THEN NULL WHEN \(x) RLIKE \(literal("^" + ContractPushdownPlan.PlainShape.keyNumber + "\\z")) THEN "
                + "(CASE WHEN \(d) = floor(\(d)) AND abs(\(d)) < 9e15 THEN concat('i', CAST(CAST(\(d) AS BIGINT) AS STRING)) ELSE concat('n', CAST(\(d) AS STRING)) END) END, 'm')"
        case .boolean: return coded("b")
        }
    }

    /// A key part's grouping value for its text cell `x`: NULL for a cell whose value is
    /// not its text (which makes every row a candidate).
    private static func grouping(_ part: ContractPushdownPlan.KeyPart, _ x: String) -> String {
        switch part {
        case .text: x
        case .integer: "CASE WHEN \(x) RLIKE \(literal(plainIntegerRegex)) THEN CAST(\(x) AS BIGINT) END"
        case .canonical(_, _, _, let shape): "CASE WHEN \(x) RLIKE \(literal("^" + shape + "\\z")) THEN \(x) END"
        case .moment(_, _, _, let layout): "CASE WHEN \(x) RLIKE \(literal("^" + layout.shape + "\\z")) THEN \(layout.isoText(x, SparkSQLDialect())) END"
        case .number: "CASE WHEN \(x) RLIKE \(literal("^" + ContractPushdownPlan.PlainShape.keyNumber + "\\z")) THEN CAST(\(x) AS DOUBLE) END"
        case .boolean(_, _, let values):
            values.isEmpty
                ? "CAST(NULL AS STRING)" : "CASE " + values.map { "WHEN \(x) = \(literal($0.text)) THEN '\($0.value)'" }.joined(separator: " ") + " END"
        }
    }

    /// Whether every one of `parts`' cells is missing.
    private static func allMissing(_ parts: [ContractPushdownPlan.KeyPart], _ columns: [Column]) -> String {
        parts.map { part in
            guard case .text(let x)? = cell(columns[part.column]) else { return "false" }
            return "coalesce(\(Self.missing(x, part.missingValues)), false)"
        }.joined(separator: " AND ")
    }

    /// Whether the text `x` is one of the missing values (a NULL reads as an empty cell).
    static func missing(_ x: String, _ values: [String]) -> String {
        let isNull = values.contains("") ? "\(x) IS NULL OR " : ""
        // A text holding NUL is never cleared (``clean(_:_:)``), so such values need no literal.
        let listed = values.filter { !$0.contains("\0") }
        guard !listed.isEmpty else { return values.contains("") ? "(\(x) IS NULL)" : "false" }
        return "(\(isNull)\(x) IN (\(listed.map { literal($0) }.joined(separator: ", "))))"
    }

    /// Whether a cell is one of the missing values; nil when that cannot be said of a
    /// column whose text Spark does not write (a missing value that such a text could be).
    static func isMissing(_ cell: Cell, _ values: [String]) -> String? {
        switch cell {
        case .text(let x): return missing(x, values)
        case .double(let value): return textlessMissing(values, binary: false).map { _ in "\(value) IS NULL" }
        case .other(let key, let present):
            return textlessMissing(values, binary: key.hasPrefix("hex(")).map { _ in "NOT \(present)" }
        }
    }

    /// Whether only an empty cell can be missing in a column whose text Spark does not
    /// write: the missing values hold the empty text, and no other a number, a date or a
    /// time could print as (none holds a digit or `inf`); a binary column's any text.
    private static func textlessMissing(_ values: [String], binary: Bool) -> Void? {
        guard values.contains("") else { return nil }
        for value in values where !value.isEmpty {
            if binary || value.contains(where: \.isNumber) || value.lowercased().contains("inf") { return nil }
        }
        return ()
    }

    /// Whether a cell certainly breaks nothing.
    static func clean(_ cell: Cell, _ column: ContractPushdownPlan.Column) -> String {
        guard let missing = isMissing(cell, column.missingValues) else { return "false" }
        let present: String
        switch cell {
        case .text(let x):
            // Spark's strings may hold NUL, which no literal here does.
            present = "CASE WHEN instr(\(x), chr(0)) > 0 THEN false ELSE \(presentExpression(column.present, x)) END"
        case .double(let value): present = doubleExpression(column.present, value)
        case .other: present = column.present == .every ? "true" : "false"
        }
        return "coalesce(CASE WHEN \(missing) THEN \(column.missingIsClean) ELSE \(present) END, false)"
    }

    /// Whether a double breaks nothing: pandas writes it as a plain decimal when it is 0
    /// or its magnitude lies in [1e-4, 1e15), which a `number` field reads back as the same double.
    private static func doubleExpression(_ rule: ContractPushdownPlan.PresentRule, _ value: String) -> String {
        switch rule {
        case .every: return "true"
        case .plainDecimal(let minimum, let maximum, let exclusiveMinimum, let exclusiveMaximum):
            var conditions = ["(\(value) = 0 OR (abs(\(value)) >= CAST('0.0001' AS DOUBLE) AND abs(\(value)) < CAST('1e15' AS DOUBLE)))"]
            if let minimum { conditions.append("\(value) >= \(literal(minimum))") }
            if let maximum { conditions.append("\(value) <= \(literal(maximum))") }
            if let exclusiveMinimum { conditions.append("\(value) > \(literal(exclusiveMinimum))") }
            if let exclusiveMaximum { conditions.append("\(value) < \(literal(exclusiveMaximum))") }
            return conditions.joined(separator: " AND ")
        default: return "false"
        }
    }

    /// A key field's grouping value: NULL for a missing cell (and for a cell whose value
    /// is not its text, which makes every row a candidate).
    private func keyExpression(_ part: ContractPushdownPlan.KeyPart, _ columns: [Column]) -> String {
        switch part {
        case .text(let column, let missing):
            guard let cell = Self.cell(columns[column]) else { return "NULL" }
            guard case .text(let x) = cell else { return Self.key(cell) }
            return "CASE WHEN coalesce(\(Self.missing(x, missing)), false) THEN NULL ELSE \(x) END"
        case .integer(let column, _), .canonical(let column, _, _, _), .moment(let column, _, _, _), .number(let column, _), .boolean(let column, _, _):
            guard case .text(let x)? = Self.cell(columns[column]) else { return "NULL" }
            return Self.grouping(part, x)
        }
    }

    /// Whether `x` is `YYYY-MM-DD` (and `THH:MM:SS` when `time`) naming a real day of
    /// years 0001–9999 within `range` (Spark compares strings by their bytes).
    private static func dateExpression(_ x: String, time: Bool, _ range: ContractPushdownPlan.TextRange) -> String {
        let shape = "^" + ContractPushdownPlan.PlainShape.day + (time ? "T" + ContractPushdownPlan.PlainShape.time : "") + "\\z"
        // The day exists: at most the month's last day (make_date only sees valid months).
        let lastDay = "day(last_day(make_date(CAST(substr(\(x), 1, 4) AS INT), CAST(substr(\(x), 6, 2) AS INT), 1)))"
        let conditions = ["CAST(substr(\(x), 9, 2) AS INT) <= \(lastDay)"] + range.conditions(x, literal: { literal($0) })
        return "CASE WHEN \(x) RLIKE \(literal(shape)) AND left(\(x), 4) <> '0000' THEN \(conditions.joined(separator: " AND ")) ELSE false END"
    }

    /// Whether a present text cell `x` certainly breaks nothing.
    private static func presentExpression(_ rule: ContractPushdownPlan.PresentRule, _ x: String) -> String {
        func all(_ conditions: [String]) -> String { conditions.isEmpty ? "true" : conditions.joined(separator: " AND ") }
        func listed(_ values: [String]) -> String {
            let values = values.filter { !$0.contains("\0") }
            return values.isEmpty ? "false" : "\(x) IN (\(values.map { literal($0) }.joined(separator: ", ")))"
        }
        switch rule {
        case .every:
            return "true"
        case .plainInteger(let minimum, let maximum, let allowed):
            let integer = "CAST(\(x) AS BIGINT)"
            var conditions: [String] = []
            if let minimum { conditions.append("\(integer) >= \(minimum)") }
            if let maximum { conditions.append("\(integer) <= \(maximum)") }
            if let allowed { conditions.append(allowed.isEmpty ? "false" : "\(integer) IN (\(allowed.map(String.init).joined(separator: ", ")))") }
            return "CASE WHEN \(x) RLIKE \(literal(plainIntegerRegex)) THEN \(all(conditions)) ELSE false END"
        case .plainDecimal(let minimum, let maximum, let exclusiveMinimum, let exclusiveMaximum):
            let number = "CAST(\(x) AS DOUBLE)"
            var conditions: [String] = []
            if let minimum { conditions.append("\(number) >= \(literal(minimum))") }
            if let maximum { conditions.append("\(number) <= \(literal(maximum))") }
            if let exclusiveMinimum { conditions.append("\(number) > \(literal(exclusiveMinimum))") }
            if let exclusiveMaximum { conditions.append("\(number) < \(literal(exclusiveMaximum))") }
            return "CASE WHEN \(x) RLIKE \(literal(plainNumberRegex)) AND octet_length(\(x)) <= 17 AND octet_length(translate(\(x), '-.', '')) <= 15 THEN \(all(conditions)) ELSE false END"
        case .string(let minLength, let maxLength, let allowed, let pattern, let format):
            var conditions: [String] = []
            if let format {
                conditions.append("\(x) RLIKE \(literal(format.regex(end: "\\z")))")
                conditions += format.lengthConditions(x)
            }
            if let minLength { conditions.append("char_length(\(x)) >= \(minLength)") }
            if let maxLength { conditions.append("char_length(\(x)) <= \(maxLength)") }
            if let allowed { conditions.append(listed(allowed)) }
            if let pattern {
                // The pattern was translated for PostgreSQL; Spark takes the Java form of the same tree.
                guard let java = pattern.translated(.java) else { return "false" }
                if java.asciiOnly { conditions.append("octet_length(\(x)) = char_length(\(x))") }
                conditions.append("\(x) RLIKE \(literal(java.regex))")
            }
            return all(conditions)
        case .oneOf(let values):
            return listed(values)
        case .plainDate(let range):
            return dateExpression(x, time: false, range)
        case .formatted(let layout, let range):
            return "CASE WHEN \(x) RLIKE \(literal("^" + layout.shape + "\\z")) THEN \(presentExpression(layout.plainRule(range), layout.isoText(x, SparkSQLDialect()))) ELSE false END"
        case .plainDatetime(let range):
            return dateExpression(x, time: true, range)
        case .plainTime(let range):
            return all(["\(x) RLIKE \(literal("^" + ContractPushdownPlan.PlainShape.time + "\\z"))"] + range.conditions(x, literal: { literal($0) }))
        case .plainYear(let range):
            return all(["\(x) RLIKE \(literal("^[0-9]{4}\\z"))"] + range.conditions(x, literal: { literal($0) }))
        case .plainYearMonth:
            return "\(x) RLIKE \(literal("^" + ContractPushdownPlan.PlainShape.yearMonth + "\\z"))"
        case .plainDuration:
            return "(\(x) RLIKE \(literal("^" + ContractPushdownPlan.PlainShape.duration + "\\z")) AND right(\(x), 1) <> 'P')"
        case .plainGeopoint:
            let part = { (index: Int) in "abs(CAST(trim(split_part(\(x), ',', \(index))) AS DOUBLE))" }
            return "CASE WHEN \(x) RLIKE \(literal("^" + ContractPushdownPlan.PlainShape.geopoint + "\\z")) THEN \(part(1)) <= 180 AND \(part(2)) <= 90 ELSE false END"
        case .listItems(let delimiter, let item, let minimum, let maximum):
            // Each occurrence removed takes the delimiter's characters away.
            let d = literal(delimiter)
            let items = "((char_length(\(x)) - char_length(replace(\(x), \(d), ''))) div char_length(\(d)) + 1)"
            var conditions: [String] = []
            if let item, let byte = delimiter.utf8.first { conditions.append("\(x) RLIKE \(literal("^" + item.list(delimiter: byte) + "\\z"))") }
            if let minimum { conditions.append("\(items) >= \(minimum)") }
            if let maximum { conditions.append("\(items) <= \(maximum)") }
            return all(conditions)
        case .plainJSON(let shape):
            return "\(x) RLIKE \(literal("^" + shape + "\\z"))"
        case .jsonArrayItems(let minimum, let maximum):
            // Java's alternation takes a string or a number whole (Spark's `regexp_count`).
            let items = "regexp_count(\(x), \(literal(ContractPushdownPlan.PlainShape.jsonScalar)))"
            var conditions = ["\(x) RLIKE \(literal("^" + ContractPushdownPlan.PlainShape.jsonArray + "\\z"))"]
            if let minimum { conditions.append("\(items) >= \(minimum)") }
            if let maximum { conditions.append("\(items) <= \(maximum)") }
            return all(conditions)
        }
    }
}

extension SparkSQLDialect: MomentSQL {
    /// `regexp_extract` gives the first group's text (Java's regular expressions).
    func capture(_ x: String, _ regex: String) -> String {
        "regexp_extract(\(x), \(Self.literal("^" + regex + "\\z")), 1)"
    }

    /// Year 0 gives `x` (Spark's dates run from year 1), as does the day after
    /// `9999-12-31` (day 366 of 9999, a common year).
    func dayOfYear(year: String, day: String) -> String {
        "(CASE WHEN \(year) = '0000' OR (\(year) = '9999' AND \(day) = '366') THEN 'x' "
            + "ELSE date_format(date_add(make_date(CAST(\(year) AS INT), 1, 1), CAST(\(day) AS INT) - 1), 'yyyy-MM-dd') END)"
    }
}
