/// What a SQL engine decides of a data contract: for each column, the cells it can
/// clear as certainly breaking nothing, and for each key, how to group the rows so that
/// only rows sharing a key value are sent.
///
/// The server never reports a problem itself. Like the contract's kernels
/// (``CellKernel``), it may only ever say less than the contract's own checks: it
/// clears the rows whose every cell is of a shape it decides exactly (a plain integer
/// within integer bounds, a string of the allowed values, lengths and translated
/// pattern, …) and whose keys are unique in the table; every other row — a candidate —
/// is sent, with its row number, to the contract's own validator (``ContractValidator``),
/// which finds and records exactly what it finds in file mode. So the report is the file
/// mode's by construction, and the bytes moved are the candidates'.
struct ContractPushdownPlan: Sendable {
    /// How one column's cells are cleared.
    struct Column: Sendable {
        /// The column's position in the relation.
        var column: Int
        /// The cells that mean "no value" (a NULL reads as an empty cell).
        var missingValues: [String]
        /// Whether a missing cell breaks nothing (the field is neither required nor in
        /// the primary key).
        var missingIsClean: Bool
        /// Which present cells break nothing.
        var present: PresentRule
    }

    /// The present cells of a column that break nothing, by a rule the engine decides exactly.
    enum PresentRule: Sendable, Hashable {
        /// Every one (a string or `any` field without format or constraints).
        case every
        /// `-?[0-9]{1,18}` (18 bytes at most) within the bounds, one of `allowed` when given.
        case plainInteger(minimum: Int?, maximum: Int?, allowed: [Int]?)
        /// `-?[0-9]+(\.[0-9]+)?` with at most 15 digits (read exactly as a double)
        /// within the bounds (exclusive ones when `exclusive`).
        case plainDecimal(minimum: Double?, maximum: Double?, exclusiveMinimum: Double?, exclusiveMaximum: Double?)
        /// A string within the lengths (Unicode scalars), one of `allowed` when given
        /// (compared as bytes), matching `pattern` when given, of the common shape of
        /// its `format` when given.
        case string(minLength: Int?, maxLength: Int?, allowed: [String]?, pattern: POSIXPattern?, format: PlainFormat?)
        /// One of these texts exactly (a boolean's true and false values).
        case oneOf([String])
        /// `YYYY-MM-DD`, a real day of years 0001–9999, within `range`.
        case plainDate(TextRange)
        /// A date, datetime or time of a fixed-width `format` (``PlainMomentLayout``)
        /// whose text rearranged as the default format's is cleared by the layout's
        /// plain rule within `range` (``PlainMomentLayout/plainRule(_:)``).
        case formatted(PlainMomentLayout, TextRange)
        /// `YYYY-MM-DDTHH:MM:SS`, a real day of years 0001–9999 and a real time, within
        /// `range` (the value read as UTC, as a cell without a zone is).
        case plainDatetime(TextRange)
        /// `HH:MM:SS`, a real time of day, within `range`.
        case plainTime(TextRange)
        /// `YYYY` (four digits), within `range`.
        case plainYear(TextRange)
        /// `YYYY-MM`, a month 01–12.
        case plainYearMonth
        /// A `duration` of ``PlainShape/duration``'s shape.
        case plainDuration
        /// A default-format `geopoint` of ``PlainShape/geopoint``'s shape, its longitude
        /// within ±180 and its latitude within ±90.
        case plainGeopoint
        /// A `list` whose items are each of `item`'s shape when given (then `delimiter`, one
        /// byte of ``PlainListItem/delimiters``, is between them), any text otherwise, and
        /// number `minimum`…`maximum` when given (its `minLength` and `maxLength`): the
        /// delimiter's occurrences plus one, as Python's `split` makes them.
        case listItems(delimiter: String, item: PlainListItem?, minimum: Int?, maximum: Int?)
        /// An `object` or `array` of scalars (``PlainShape/jsonObject``,
        /// ``PlainShape/jsonArray``): its regular expression without anchors.
        case plainJSON(String)
        /// An `array` of scalars (``PlainShape/jsonArray``) of `minimum`…`maximum` elements
        /// when given (its `minLength` and `maxLength`): the matches of
        /// ``PlainShape/jsonScalar`` in it, one per element (a string's commas are inside
        /// its match).
        case jsonArrayItems(minimum: Int?, maximum: Int?)
    }

    /// Bounds and allowed values on cells of one fixed width (dates as `YYYY-MM-DD`,
    /// years as `YYYY`), whose text orders as their values do: compared as bytes.
    struct TextRange: Sendable, Hashable {
        var minimum: String?
        var maximum: String?
        var exclusiveMinimum: String?
        var exclusiveMaximum: String?
        /// The allowed values' texts (an `enum`).
        var allowed: [String]?

        /// No bounds and no `enum`.
        static let unbounded = TextRange()

        /// The field's bounds and `enum` as texts, `text` writing a value of the
        /// field's type; nil when a value has no text of the shape (a year before 1).
        init?(_ field: CompiledField, text: (CellValue) -> String?) {
            guard let bounds = FieldBounds(field, read: text) else { return nil }
            var allowed: [String]?
            if let values = field.enumeration {
                // A value without a text of the shape is no plain cell's value.
                allowed = values.compactMap(text).sorted()
            }
            self.init(
                minimum: bounds.minimum, maximum: bounds.maximum, exclusiveMinimum: bounds.exclusiveMinimum,
                exclusiveMaximum: bounds.exclusiveMaximum, allowed: allowed)
        }

        init(minimum: String? = nil, maximum: String? = nil, exclusiveMinimum: String? = nil, exclusiveMaximum: String? = nil, allowed: [String]? = nil) {
            self.minimum = minimum
            self.maximum = maximum
            self.exclusiveMinimum = exclusiveMinimum
            self.exclusiveMaximum = exclusiveMaximum
            self.allowed = allowed
        }

        /// The conditions on a cell `x` of the shape, `literal` quoting a text and
        /// `bytes` making a comparison by bytes (PostgreSQL's text compares by collation).
        func conditions(_ x: String, literal: (String) -> String, bytes: (String) -> String = { $0 }) -> [String] {
            var conditions: [String] = []
            let cell = bytes(x)
            if let minimum { conditions.append("\(cell) >= \(literal(minimum))") }
            if let maximum { conditions.append("\(cell) <= \(literal(maximum))") }
            if let exclusiveMinimum { conditions.append("\(cell) > \(literal(exclusiveMinimum))") }
            if let exclusiveMaximum { conditions.append("\(cell) < \(literal(exclusiveMaximum))") }
            if let allowed { conditions.append(allowed.isEmpty ? "false" : "\(x) IN (\(allowed.map(literal).joined(separator: ", ")))") }
            return conditions
        }
    }

    /// How a key field's cells are grouped: equal values (as the contract compares
    /// them) must land in one group; more is harmless (more rows sent).
    enum KeyPart: Sendable, Hashable {
        /// By the text itself (strings, of any format, are compared as bytes); NULL when
        /// missing.
        case text(column: Int, missingValues: [String])
        /// Plain integers by their value; any other present cell sends every row
        /// (its value is not the text's).
        case integer(column: Int, missingValues: [String])
        /// Cells of one shape (`shape`, a regular expression without anchors) whose texts
        /// are equal exactly when their values are — a default-format date, datetime or
        /// time, a year, a year and month — by their text, `tag` telling the types apart
        /// where a foreign key compares parts; any other present cell sends every row
        /// (its value may be another cell's under another text: `2024-01-01T00:00:00Z`).
        case canonical(column: Int, missingValues: [String], tag: String, shape: String)
        /// Cells of a `format`'s shape (``PlainMomentLayout``) by the default format's text
        /// they are rearranged as, tagged as ``canonical(column:missingValues:tag:shape:)``
        /// is: equal values have equal texts (a name in either case, a weekday and a
        /// fraction of a second leave the text as it is, so such cells only group more
        /// rows); any other present cell sends every row.
        case moment(column: Int, missingValues: [String], tag: String, layout: PlainMomentLayout)
        /// Plain decimals (``PlainShape/keyNumber``) by their double, as the contract
        /// compares numbers (`1.50` and `1.5` are one key); any other present cell (`1e2`,
        /// ` 1.5`, `NaN`) sends every row. A foreign key codes an integral one below 9e15
        /// as the integer (`2.0` resolves `2`, ``ForeignKeyIndex/normalized(_:)``).
        case number(column: Int, missingValues: [String])
        /// Booleans by their value: each of the field's texts as the truth it stands for,
        /// in the field's order; a cell that is none of them is not a boolean, which the
        /// contract keys as a missing cell, as the engine does.
        case boolean(column: Int, missingValues: [String], values: [BooleanText])

        /// One of a boolean field's texts and the truth it stands for.
        struct BooleanText: Sendable, Hashable {
            var text: String
            var value: Bool
        }

        /// The part's column.
        var column: Int {
            switch self {
            case .text(let column, _), .integer(let column, _), .canonical(let column, _, _, _), .moment(let column, _, _, _),
                .number(let column, _), .boolean(let column, _, _): column
            }
        }

        /// Whether the part reads its cells' texts by a rule rather than as they are (every
        /// part but a text part): a cell whose text an engine does not give sends every row.
        var hasShape: Bool {
            if case .text = self { false } else { true }
        }

        /// The shape of such a part's cells, anchored at the start and by `end` (each
        /// engine's end anchor), a present cell of another shape sending every row; nil for
        /// a text or boolean part (a text that is no boolean is keyed as missing).
        func shape(end: String) -> String? {
            switch self {
            case .text, .boolean: nil
            case .number: "^" + PlainShape.keyNumber + end
            case .integer: "^" + PlainShape.integer + end
            case .canonical(_, _, _, let shape): "^" + shape + end
            case .moment(_, _, _, let layout): "^" + layout.shape + end
            }
        }

        /// The cells that mean "no value" in the part's column.
        var missingValues: [String] {
            switch self {
            case .text(_, let missing), .integer(_, let missing), .canonical(_, let missing, _, _), .moment(_, let missing, _, _),
                .number(_, let missing), .boolean(_, let missing, _): missing
            }
        }
    }

    /// A self-referencing foreign key the engine resolves: each row's key (`parts`) is
    /// looked up among every row's referenced fields' keys (`references`), each part as
    /// the contract compares it. The engine sends, with each candidate, whether its key
    /// is found or all missing (``ContractCandidate/resolved``), and a row whose key is
    /// not found is a candidate: the validator, which sees only candidates, takes that
    /// answer instead of looking the key up among them.
    struct ForeignKeyPlan: Sendable, Hashable {
        var parts: [KeyPart]
        var references: [KeyPart]
    }

    /// Every column of the relation, in order.
    var columns: [Column]
    /// Each key that must be unique, by its fields' parts.
    var keys: [[KeyPart]]
    /// Each foreign key of the schema that the validator checks, in its order.
    var foreignKeys: [ForeignKeyPlan]

    /// The plan for `validator`'s schema over the relation's columns, or nil when the
    /// engine cannot clear a field's cells or group a key exactly (a type or format it
    /// does not decide, a pattern it cannot translate, a key field of another type than
    /// a plain string, an integer, a year, a year and month, or a date, datetime or time
    /// of the default format or of a ``PlainMomentLayout``, a foreign key to a field the
    /// header lacks): the table is then streamed, as without pushdown.
    init?(_ validator: ContractValidator) {
        var primaryKeyColumns: Set<Int> = []
        for key in validator.keys where key.codes.contains(.primaryKey) { primaryKeyColumns.formUnion(key.fields) }
        var columns: [Column] = []
        for field in validator.fields {
            guard let present = Self.presentRule(field) else { return nil }
            columns.append(
                Column(
                    column: field.column, missingValues: field.missingValues.map { String(decoding: $0, as: UTF8.self) },
                    missingIsClean: !field.required && !primaryKeyColumns.contains(field.column), present: present))
        }
        // A key field's part: its text, its integer, its double, its truth or its
        // canonical text, as the contract compares them. A foreign key's must be found
        // only where the contract finds it: a formatted instant's fraction of a second,
        // which its text leaves out, keeps it from being one.
        func part(_ column: Int?, foreign: Bool = false) -> KeyPart? {
            guard let column else { return nil }
            let field = validator.fields[column]
            guard field.typedRule == nil else { return nil }
            let missing = columns[column].missingValues
            func canonical(_ tag: String, _ shape: String) -> KeyPart { .canonical(column: column, missingValues: missing, tag: tag, shape: shape) }
            func moment(_ tag: String, _ format: StrptimePattern, _ kind: PlainMomentLayout.Kind) -> KeyPart? {
                guard !format.hasZone, let layout = PlainMomentLayout(format, kind: kind), !(foreign && layout.has("f")) else { return nil }
                return .moment(column: column, missingValues: missing, tag: tag, layout: layout)
            }
            switch field.caster.kind {
            case .date(.pattern(let format)): return moment("d", format, .date)
            case .datetime(.pattern(let format)): return moment("dt", format, .datetime)
            case .time(.pattern(let format)): return moment("tm", format, .time)
            case .string, .any: return .text(column: column, missingValues: missing)
            case .number(let reader) where !reader.processes: return .number(column: column, missingValues: missing)
            case .boolean(let values):
                let texts = values.map { KeyPart.BooleanText(text: String(decoding: $0.0, as: UTF8.self), value: $0.1) }
                return .boolean(column: column, missingValues: missing, values: texts)
            case .integer(bareNumber: true): return .integer(column: column, missingValues: missing)
            case .date(.default): return canonical("d", PlainShape.day)
            case .datetime(.default): return canonical("dt", PlainShape.day + "T" + PlainShape.time)
            case .time(.default): return canonical("tm", PlainShape.time)
            case .year: return canonical("y", "[0-9]{4}")
            case .yearmonth: return canonical("ym", PlainShape.yearMonth)
            default: return nil
            }
        }
        var keys: [[KeyPart]] = []
        for key in validator.keys {
            let parts = key.fields.compactMap { part($0) }
            guard parts.count == key.fields.count else { return nil }
            keys.append(parts)
        }
        var foreignKeys: [ForeignKeyPlan] = []
        for key in validator.foreignKeys {
            let parts = key.columns.compactMap { part($0, foreign: true) }, references = key.referenceColumns.compactMap { part($0, foreign: true) }
            guard parts.count == key.columns.count, references.count == key.referenceColumns.count else { return nil }
            foreignKeys.append(ForeignKeyPlan(parts: parts, references: references))
        }
        self.columns = columns
        self.keys = keys
        self.foreignKeys = foreignKeys
    }

    /// The rule clearing a field's present cells, or nil when the engine cannot decide them.
    static func presentRule(_ field: CompiledField) -> PresentRule? {
        guard field.typedRule == nil else { return nil }
        let constraints = field.field.constraints
        let lengths = constraints.minLength != nil || constraints.maxLength != nil
        let pattern = constraints.pattern
        if !field.checksCells { return .every }
        switch field.caster.kind {
        case .string(let format):
            // A binary field's value is its text, as in frictionless (base64 only checked):
            // its lengths, pattern and `enum` are its text's, as any string's.
            var translated: POSIXPattern?
            if let pattern {
                guard let posix = POSIXPattern(pattern) else { return nil }
                translated = posix
            }
            let allowed = field.enumBytes.map { $0.map { String(decoding: $0, as: UTF8.self) } }
            let plain: PlainFormat? = switch format {
            case .email: .email
            case .uri: .uri
            case .uuid: .uuid
            case .binary: .base64
            case .default: nil
            }
            return .string(minLength: constraints.minLength, maxLength: constraints.maxLength, allowed: allowed, pattern: translated, format: plain)
        case .any:
            return field.hasValueConstraints ? nil : .every
        case .integer(bareNumber: true):
            guard !lengths, pattern == nil, field.exclusiveMinimum == nil, field.exclusiveMaximum == nil,
                  let bounds = FieldBounds(field, read: \.integerValue)
            else { return nil }
            // Values beyond Int (`bigInteger`) can never equal a plain integer.
            let allowed = field.enumeration.map { $0.compactMap(\.integerValue).sorted() }
            return .plainInteger(minimum: bounds.minimum, maximum: bounds.maximum, allowed: allowed)
        case .number(let reader) where !reader.processes:
            guard !lengths, pattern == nil, field.enumeration == nil else { return nil }
            let finite = { (value: CellValue) -> Double? in if case .number(let number) = value, number.isFinite { number } else { nil } }
            guard let bounds = FieldBounds(field, read: finite) else { return nil }
            return .plainDecimal(
                minimum: bounds.minimum, maximum: bounds.maximum, exclusiveMinimum: bounds.exclusiveMinimum,
                exclusiveMaximum: bounds.exclusiveMaximum)
        case .boolean(let values):
            guard !field.hasValueConstraints else { return nil }
            return .oneOf(values.map { String(decoding: $0.0, as: UTF8.self) })
        case .date(.default):
            guard !lengths, pattern == nil, let range = TextRange(field, text: Self.dateText) else { return nil }
            return .plainDate(range)
        case .date(.pattern(let format)):
            guard !lengths, pattern == nil, let layout = PlainMomentLayout(format, kind: .date), let range = TextRange(field, text: Self.dateText)
            else { return nil }
            return .formatted(layout, range)
        case .datetime(.pattern(let format)):
            // A zoned instant's bounds compare instants, which the text left without its
            // offset cannot: only an unbounded one is decided.
            guard !lengths, pattern == nil, let layout = PlainMomentLayout(format, kind: .datetime),
                  let range = TextRange(field, text: Self.datetimeText).flatMap(layout.bounds), !format.hasZone || range == .unbounded
            else { return nil }
            return .formatted(layout, range)
        case .time(.pattern(let format)):
            guard !lengths, pattern == nil, let layout = PlainMomentLayout(format, kind: .time),
                  let range = TextRange(field, text: Self.timeText).flatMap(layout.bounds), !format.hasZone || range == .unbounded
            else { return nil }
            return .formatted(layout, range)
        case .datetime(.default):
            guard !lengths, pattern == nil, let range = TextRange(field, text: Self.datetimeText) else { return nil }
            return .plainDatetime(range)
        case .time(.default):
            guard !lengths, pattern == nil, let range = TextRange(field, text: Self.timeText) else { return nil }
            return .plainTime(range)
        case .year:
            guard !lengths, pattern == nil, let range = TextRange(field, text: Self.yearText) else { return nil }
            return .plainYear(range)
        case .yearmonth:
            return field.hasValueConstraints ? nil : .plainYearMonth
        case .duration:
            return field.hasValueConstraints ? nil : .plainDuration
        case .object:
            return field.hasValueConstraints ? nil : .plainJSON(PlainShape.jsonObject)
        case .array:
            guard field.hasValueConstraints else { return .plainJSON(PlainShape.jsonArray) }
            // An array's lengths count its elements (its only constraints decided here).
            guard lengths, pattern == nil, field.enumeration == nil, !field.hasBounds else { return nil }
            return .jsonArrayItems(minimum: constraints.minLength, maximum: constraints.maxLength)
        case .geopoint(.default):
            return field.hasValueConstraints ? nil : .plainGeopoint
        case .list(let delimiter, let item):
            // A list's constraints are its lengths, its items' count (frictionless's
            // supported ones).
            guard pattern == nil, field.enumeration == nil, !field.hasBounds else { return nil }
            let plain: PlainListItem
            switch item.kind {
            case .string(.default), .any:
                guard lengths else { return .every }
                guard !delimiter.isEmpty, let text = String(validating: delimiter, as: UTF8.self), !text.contains("\0") else { return nil }
                return .listItems(delimiter: text, item: nil, minimum: constraints.minLength, maximum: constraints.maxLength)
            case .integer(bareNumber: true): plain = .integer
            case .number(let reader) where !reader.processes: plain = .number
            default: return nil
            }
            guard delimiter.count == 1, PlainListItem.delimiters.contains(delimiter[0]) else { return nil }
            return .listItems(
                delimiter: String(UnicodeScalar(delimiter[0])), item: plain, minimum: constraints.minLength, maximum: constraints.maxLength)
        default:
            return nil
        }
    }

    /// A date as `YYYY-MM-DD`; nil outside years 0001–9999 (no plain cell's value).
    static func dateText(_ value: CellValue) -> String? {
        guard case .date(let days) = value else { return nil }
        return CellValue.dateText(days: days)
    }

    /// An instant as `YYYY-MM-DDTHH:MM:SS` in UTC (a cell of that shape has no zone and
    /// reads as UTC, so such texts order as their values do); nil for an instant with a
    /// fraction of a second or outside years 0001–9999 (no plain cell's value).
    static func datetimeText(_ value: CellValue) -> String? {
        guard case .datetime(let seconds) = value, seconds.rounded(.down) == seconds, abs(seconds) < 1e12 else { return nil }
        let days = (seconds / 86_400).rounded(.down)
        guard let day = CellValue.dateText(days: Int(days)) else { return nil }
        return day + "T" + CellValue.timeText(seconds - days * 86_400)
    }

    /// A time as `HH:MM:SS`; nil for one with a fraction of a second or outside the day
    /// (a time with a zone away from UTC can be: no plain cell's value).
    static func timeText(_ value: CellValue) -> String? {
        guard case .time(let seconds) = value, seconds.rounded(.down) == seconds, seconds >= 0, seconds < 86_400 else { return nil }
        return CellValue.timeText(seconds)
    }

    /// A year as `YYYY`.
    static func yearText(_ value: CellValue) -> String? {
        guard case .year(let year) = value, year >= 0, year <= 9999 else { return nil }
        return CellValue.padded(year, 4)
    }
}
