/// A date, datetime or time `format` made of `%Y` or `%y`, `%m`, `%b` or `%B`, `%d`,
/// `%j`, `%H` or `%I` (with or without `%p`), `%M`, `%S`, `%f`, `%a`, `%A` and `%z` (each
/// at most once), separators, colons, letters and single spaces (`15/06/2022` for `%d/%m/%Y`,
/// `15.06.2022 14:30` for `%d.%m.%Y %H:%M`, `15-Jun-22` for `%d-%b-%y`, `02:30 PM` for
/// `%I:%M %p`, `Wednesday, 15 June 2022` for `%A, %d %B %Y`, `2022-166` for `%Y-%j`,
/// `14:30:00.250` for `%H:%M:%S.%f`): an engine clears a cell of the layout's shape by
/// rearranging it as the default format's text (`YYYY-MM-DD`, `YYYY-MM-DDTHH:MM:SS`,
/// `HH:MM:SS`; a directive the format lacks reads as Python's default, `00`; `%y`'s
/// `00`–`68` as 2000–2068 and `69`–`99` as 1969–1999, as Python reads them; `%b`'s and
/// `%B`'s month name in either case as its number; `%j`'s day of the year counted from the
/// year's first day, as Python counts it (day 366 of a common year is the next year's
/// first); `%I` as the hour before noon, or after it with a `PM` in either case; `%a`'s
/// and `%A`'s weekday dropped, as Python drops it: one of the seven names, not
/// necessarily the date's; `%f`'s fraction of a second left out, the bounds then read so
/// that it cannot matter, ``bounds(_:)``; `%z`'s UTC offset left out, its shape alone
/// deciding it, ``zoneShape``) and judging that text as it judges a default-format
/// cell's (``ContractPushdownPlan/PresentRule/formatted(_:_:)``).
///
/// The directive fields of fixed width are read by place (`substr`), those after a field
/// of varying width (`%B`, `%A`, `%f`) by the engine's regular expressions
/// (``MomentSQL/capture(_:_:)``); `%j` by the engine's date arithmetic
/// (``MomentSQL/dayOfYear(year:day:)``).
///
/// Python's `%d`, `%m`, `%H`, `%M` and `%S` also read one digit (`5/6/2022`), `%j` one or
/// two, `%S` reads `60` and `61`, a letter matches either case and a space any run of
/// whitespace: such cells, and every other cell, are candidates, which the validator
/// judges. A field of varying width must be followed by a separator, a colon, a space,
/// `%z` (which starts with no digit or letter a field ends with) or the end (so that
/// where it ends is never in doubt), and `%j` takes no month or day.
struct PlainMomentLayout: Sendable, Hashable {
    /// What the format's field holds, which decides the text a cell is rearranged as.
    enum Kind: Sendable, Hashable {
        case date, datetime, time
    }

    /// One directive or literal of the layout, in order.
    struct Piece: Sendable, Hashable {
        /// The directive's letter; nil for literal text.
        var letter: UInt8?
        /// The piece's regular expression, without capturing groups.
        var regex: String
    }

    let kind: Kind
    /// The cell's shape as a regular expression without anchors or capturing groups, in
    /// the syntax PostgreSQL's and Java's engines share (ASCII only: bytes are characters).
    let shape: String
    /// Where each directive of a fixed place starts (from 1, as SQL's `substr` counts), by
    /// the directive's letter; a directive after one of varying width has none.
    let places: [UInt8: Int]
    /// The layout's directives and literals, in order.
    let pieces: [Piece]

    /// The separators a layout may hold, each matched as a one-character bracket
    /// expression (the same in both engines' syntax).
    static let separators = Set("/-.,_".utf8)

    /// Each directive's width (nil when it varies) and shape.
    private static let directives: [UInt8: (width: Int?, shape: String)] = [
        UInt8(ascii: "Y"): (4, "[0-9]{4}"),
        UInt8(ascii: "y"): (2, "[0-9]{2}"),
        UInt8(ascii: "b"): (3, "(?:" + monthNames.map { eitherCase(String($0.prefix(3))) }.joined(separator: "|") + ")"),
        UInt8(ascii: "B"): (nil, "(?:" + monthNames.map(eitherCase).joined(separator: "|") + ")"),
        UInt8(ascii: "m"): (2, "(?:0[1-9]|1[0-2])"),
        UInt8(ascii: "d"): (2, "(?:0[1-9]|[12][0-9]|3[01])"),
        UInt8(ascii: "j"): (3, "(?:00[1-9]|0[1-9][0-9]|[12][0-9][0-9]|3[0-5][0-9]|36[0-6])"),
        UInt8(ascii: "H"): (2, "(?:[01][0-9]|2[0-3])"),
        UInt8(ascii: "I"): (2, "(?:0[1-9]|1[0-2])"),
        UInt8(ascii: "p"): (2, "[aApP][mM]"),
        UInt8(ascii: "a"): (3, "(?:" + weekdayNames.map { eitherCase(String($0.prefix(3))) }.joined(separator: "|") + ")"),
        UInt8(ascii: "A"): (nil, "(?:" + weekdayNames.map(eitherCase).joined(separator: "|") + ")"),
        UInt8(ascii: "M"): (2, "[0-5][0-9]"),
        UInt8(ascii: "S"): (2, "[0-5][0-9]"),
        UInt8(ascii: "f"): (nil, "[0-9]{1,6}"),
        UInt8(ascii: "z"): (nil, zoneShape),
    ]

    /// The UTC offsets `%z` reads whose value Python's `datetime.timezone` takes: `Z`
    /// (capital only), or a sign, hours below 24 and minutes, with or without a colon, then
    /// seconds (with a fraction of one to six digits) written as the minutes are. Python
    /// also reads other digits than ASCII's and hours to 99 (an error past 23): such
    /// cells are candidates.
    static let zoneShape = "(?:Z|[-+](?:[01][0-9]|2[0-3])(?::[0-5][0-9](?::[0-5][0-9](?:[.][0-9]{1,6})?)?|[0-5][0-9](?:[0-5][0-9](?:[.][0-9]{1,6})?)?))"

    /// The C locale's month names, which `%B` reads in either case and `%b` by their first
    /// three letters.
    static let monthNames = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]
    /// The C locale's weekday names, which `%A` reads in either case and `%a` by their
    /// first three letters (and Python then ignores: the date comes from the year, month
    /// and day alone).
    static let weekdayNames = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

    /// `text`'s ASCII letters each as a bracket of both cases (`[jJ][aA][nN]`).
    private static func eitherCase(_ text: String) -> String {
        text.map { "[" + $0.lowercased() + $0.uppercased() + "]" }.joined()
    }

    /// The layout of `pattern` for a field of `kind`; nil for a pattern with any other
    /// directive or literal, or without what the kind needs: a date and a datetime need
    /// one year (`%Y` or `%y`) and either one month (`%m`, `%b` or `%B`) and `%d`, or `%j`
    /// alone; a time needs `%H` or `%I` and takes no part of a day (whose validity it would
    /// then have to decide).
    init?(_ pattern: StrptimePattern, kind: Kind) {
        var pieces: [Piece] = []
        var offset: Int? = 1
        var places: [UInt8: Int] = [:], letters: Set<UInt8> = []
        // Whether the piece before was a directive of varying width, which needs a
        // separator, a colon, a space or the end after it.
        var varying = false
        for token in pattern.tokens {
            switch token {
            case .directive(let letter):
                guard !varying || letter == UInt8(ascii: "z"), let directive = Self.directives[letter], letters.insert(letter).inserted
                else { return nil }
                if let start = offset { places[letter] = start }
                pieces.append(Piece(letter: letter, regex: directive.shape))
                offset = directive.width.flatMap { width in offset.map { $0 + width } }
                varying = directive.width == nil
            case .literal(let bytes) where !bytes.isEmpty:
                var regex = ""
                for byte in bytes {
                    if Self.separators.contains(byte) {
                        regex += "[" + String(UnicodeScalar(byte)) + "]"
                    } else if byte == UInt8(ascii: ":") {
                        regex += ":"
                    } else if byte &- UInt8(ascii: "a") < 26, !varying {
                        // The pattern's letters are held lower case; Python matches either case.
                        regex += Self.eitherCase(String(UnicodeScalar(byte)))
                    } else {
                        return nil
                    }
                    varying = false
                }
                pieces.append(Piece(letter: nil, regex: regex))
                offset = offset.map { $0 + bytes.count }
            case .space:
                pieces.append(Piece(letter: nil, regex: "[ ]"))
                offset = offset.map { $0 + 1 }
                varying = false
            default:
                return nil
            }
        }
        let given = { (some: String) in some.utf8.filter(letters.contains).count }
        // One hour at most: `%H`, or `%I` (with `%p`, or read as before noon).
        guard given("HI") <= 1 else { return nil }
        switch kind {
        case .date, .datetime:
            let monthAndDay = given("mbB") == 1 && given("d") == 1 && given("j") == 0
            guard given("Yy") == 1, monthAndDay || (given("mbBd") == 0 && given("j") == 1) else { return nil }
        case .time:
            guard given("HI") == 1, given("YymbBdj") == 0 else { return nil }
        }
        (self.kind, self.places, self.pieces) = (kind, places, pieces)
        shape = pieces.map(\.regex).joined()
    }

    /// Where a directive's digits start, by its letter; nil for one the layout lacks or
    /// reads by its regular expression.
    func place(_ letter: Character) -> Int? { places[letter.asciiValue!] }

    /// Whether the layout has the directive.
    func has(_ letter: Character) -> Bool { pieces.contains { $0.letter == letter.asciiValue! } }

    /// The SQL of cell `x` (of the shape) rearranged as the default format's text, `sql`
    /// giving what an engine spells its own way.
    func isoText(_ x: String, _ sql: some MomentSQL) -> String {
        // A directive's own text: by place, or captured after a field of varying width.
        func raw(_ letter: Character) -> String? {
            let byte = letter.asciiValue!
            guard has(letter) else { return nil }
            if let start = places[byte], let width = Self.directives[byte]?.width {
                return "substr(\(x), \(start), \(width))"
            }
            return sql.capture(x, pieces.map { $0.letter == byte ? "(" + $0.regex + ")" : $0.regex }.joined())
        }
        func number(_ names: [String], _ text: String) -> String {
            let cases = names.enumerated().map { "WHEN '\($1)' THEN '\($0 < 9 ? "0" : "")\($0 + 1)'" }
            return "(CASE lower(\(text)) \(cases.joined(separator: " ")) END)"
        }
        var year = raw("Y") ?? "'00'"
        if let digits = raw("y") {
            year = "(CASE WHEN CAST(\(digits) AS INT) <= 68 THEN '20' ELSE '19' END || \(digits))"
        }
        var month = raw("m") ?? "'00'"
        if let name = raw("b") { month = number(Self.monthNames.map { String($0.prefix(3)) }, name) }
        if let name = raw("B") { month = number(Self.monthNames, name) }
        var hour = raw("H") ?? "'00'"
        if let twelve = raw("I") {
            // Python's `%I`: 12 is midnight's hour before noon, noon's after; `%p` absent
            // reads as before noon.
            let morning = "(CASE \(twelve) WHEN '12' THEN '00' ELSE \(twelve) END)"
            let evening = "(CASE \(twelve) " + (1...11).map { "WHEN '\($0 < 10 ? "0" : "")\($0)' THEN '\($0 + 12)'" }.joined(separator: " ")
                + " ELSE '12' END)"
            if let meridian = raw("p") {
                hour = "(CASE lower(\(meridian)) WHEN 'pm' THEN \(evening) ELSE \(morning) END)"
            } else {
                hour = morning
            }
        }
        let date = if let day = raw("j") {
            [sql.dayOfYear(year: year, day: day)]
        } else {
            [year, "'-'", month, "'-'", raw("d") ?? "'00'"]
        }
        let time = [hour, "':'", raw("M") ?? "'00'", "':'", raw("S") ?? "'00'"]
        let parts = switch kind {
        case .date: date
        case .datetime: date + ["'T'"] + time
        case .time: time
        }
        return "(" + parts.joined(separator: " || ") + ")"
    }

    /// `range` read so that a cell's `%f` cannot matter: the rearranged text leaves the
    /// fraction out, so a value is at least its text's second and less than the next one.
    /// A minimum (exclusive or not) holds as it is; a maximum `m` holds when the text is
    /// below `m` (a cell within `m`'s second is a candidate); an exclusive maximum holds as
    /// it is. Nil with an `enum` (a value with a fraction is none of the whole seconds
    /// listed): the field is then streamed. Without `%f`, `range` itself.
    func bounds(_ range: ContractPushdownPlan.TextRange) -> ContractPushdownPlan.TextRange? {
        guard has("f"), kind != .date else { return range }
        guard range.allowed == nil else { return nil }
        var bounds = range
        if let maximum = range.maximum {
            bounds.maximum = nil
            bounds.exclusiveMaximum = min(maximum, range.exclusiveMaximum ?? maximum)
        }
        return bounds
    }

    /// The rule that judges the rearranged text, as a default-format cell's.
    func plainRule(_ range: ContractPushdownPlan.TextRange) -> ContractPushdownPlan.PresentRule {
        switch kind {
        case .date: .plainDate(range)
        case .datetime: .plainDatetime(range)
        case .time: .plainTime(range)
        }
    }
}
