/// A date, datetime or time `format` made of `%Y` or `%y`, `%m` or `%b`, `%d`, `%H` or
/// `%I` (with or without `%p`), `%M`, `%S` and `%a` (each at most once), separators,
/// colons, letters and single spaces, whose common cell has a fixed width (`15/06/2022`
/// for `%d/%m/%Y`, `15.06.2022 14:30` for `%d.%m.%Y %H:%M`, `15-Jun-22` for `%d-%b-%y`,
/// `02:30 PM` for `%I:%M %p`): an engine clears a cell of that shape by rearranging it
/// as the default format's text (`YYYY-MM-DD`, `YYYY-MM-DDTHH:MM:SS`, `HH:MM:SS`; a
/// directive the format lacks reads as Python's default, `00`; `%y`'s `00`–`68` as
/// 2000–2068 and `69`–`99` as 1969–1999, as Python reads them; `%b`'s month abbreviation
/// in either case as its number; `%I` as the hour before noon, or after it with a `PM`
/// in either case; `%a`'s weekday dropped, as Python drops it: one of the seven names,
/// not necessarily the date's) and judging that text as it judges a default-format
/// cell's (``ContractPushdownPlan/PresentRule/formatted(_:_:)``).
///
/// Python's `%d`, `%m`, `%H`, `%M` and `%S` also read one digit (`5/6/2022`), `%S` reads
/// `60` and `61`, a letter matches either case and a space any run of whitespace: such
/// cells, and every other cell, are candidates, which the validator judges.
struct PlainMomentLayout: Sendable, Hashable {
    /// What the format's field holds, which decides the text a cell is rearranged as.
    enum Kind: Sendable, Hashable {
        case date, datetime, time
    }

    let kind: Kind
    /// The cell's shape as a regular expression without anchors, in the syntax
    /// PostgreSQL's and Java's engines share (ASCII only: bytes are characters).
    let shape: String
    /// Where each directive's digits start (from 1, as SQL's `substr` counts), by the
    /// directive's letter; a directive the format lacks has none.
    let places: [UInt8: Int]

    /// The separators a layout may hold, each matched as a one-character bracket
    /// expression (the same in both engines' syntax).
    static let separators = Set("/-.,_".utf8)

    /// Each directive's width and shape (two digits but the year's four).
    private static let directives: [UInt8: (width: Int, shape: String)] = [
        UInt8(ascii: "Y"): (4, "[0-9]{4}"),
        UInt8(ascii: "y"): (2, "[0-9]{2}"),
        UInt8(ascii: "b"): (3, "(" + monthAbbreviations.map(eitherCase).joined(separator: "|") + ")"),
        UInt8(ascii: "m"): (2, "(0[1-9]|1[0-2])"),
        UInt8(ascii: "d"): (2, "(0[1-9]|[12][0-9]|3[01])"),
        UInt8(ascii: "H"): (2, "([01][0-9]|2[0-3])"),
        UInt8(ascii: "I"): (2, "(0[1-9]|1[0-2])"),
        UInt8(ascii: "p"): (2, "[aApP][mM]"),
        UInt8(ascii: "a"): (3, "(" + weekdayAbbreviations.map(eitherCase).joined(separator: "|") + ")"),
        UInt8(ascii: "M"): (2, "[0-5][0-9]"),
        UInt8(ascii: "S"): (2, "[0-5][0-9]"),
    ]

    /// The C locale's month abbreviations, which `%b` reads in either case.
    static let monthAbbreviations = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    /// The C locale's weekday abbreviations, which `%a` reads in either case (and Python
    /// then ignores: the date comes from the year, month and day alone).
    static let weekdayAbbreviations = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    /// `text`'s ASCII letters each as a bracket of both cases (`[jJ][aA][nN]`).
    private static func eitherCase(_ text: String) -> String {
        text.map { "[" + $0.lowercased() + $0.uppercased() + "]" }.joined()
    }

    /// The layout of `pattern` for a field of `kind`; nil for a pattern with any other
    /// directive or literal, or without what the kind needs: a date and a datetime need
    /// one year (`%Y` or `%y`), one month (`%m` or `%b`) and `%d`; a time needs `%H` and
    /// takes no part of a day (whose validity it would then have to decide).
    init?(_ pattern: StrptimePattern, kind: Kind) {
        var shape = "", offset = 1
        var places: [UInt8: Int] = [:]
        for token in pattern.tokens {
            switch token {
            case .directive(let letter):
                guard let directive = Self.directives[letter], places[letter] == nil else { return nil }
                places[letter] = offset
                shape += directive.shape
                offset += directive.width
            case .literal(let bytes) where !bytes.isEmpty:
                for byte in bytes {
                    if Self.separators.contains(byte) {
                        shape += "[" + String(UnicodeScalar(byte)) + "]"
                    } else if byte == UInt8(ascii: ":") {
                        shape += ":"
                    } else if byte &- UInt8(ascii: "a") < 26 {
                        // The pattern's letters are held lower case; Python matches either case.
                        shape += Self.eitherCase(String(UnicodeScalar(byte)))
                    } else {
                        return nil
                    }
                }
                offset += bytes.count
            case .space:
                shape += "[ ]"
                offset += 1
            default:
                return nil
            }
        }
        let given = { (letters: String) in letters.utf8.filter { places[$0] != nil }.count }
        // One hour at most: `%H`, or `%I` (with `%p`, or read as before noon).
        guard given("HI") <= 1 else { return nil }
        switch kind {
        case .date, .datetime:
            guard given("Yy") == 1, given("mb") == 1, given("d") == 1 else { return nil }
        case .time:
            guard given("HI") == 1, given("Yymbd") == 0 else { return nil }
        }
        (self.kind, self.shape, self.places) = (kind, shape, places)
    }

    /// Where a directive's digits start, by its letter.
    func place(_ letter: Character) -> Int? { places[letter.asciiValue!] }

    /// The SQL of cell `x` (of the shape) rearranged as the default format's text.
    func isoText(_ x: String) -> String {
        func part(_ letter: Character) -> String {
            guard let start = place(letter) else { return "'00'" }
            return "substr(\(x), \(start), \(letter == "Y" ? 4 : 2))"
        }
        var year = part("Y"), month = part("m")
        if let start = place("y") {
            let digits = "substr(\(x), \(start), 2)"
            year = "(CASE WHEN CAST(\(digits) AS INT) <= 68 THEN '20' ELSE '19' END || \(digits))"
        }
        if let start = place("b") {
            let names = Self.monthAbbreviations.enumerated().map { "WHEN '\($1)' THEN '\($0 < 9 ? "0" : "")\($0 + 1)'" }
            month = "(CASE lower(substr(\(x), \(start), 3)) \(names.joined(separator: " ")) END)"
        }
        var hour = part("H")
        if let start = place("I") {
            // Python's `%I`: 12 is midnight's hour before noon, noon's after; `%p` absent
            // reads as before noon.
            let twelve = "substr(\(x), \(start), 2)"
            let morning = "(CASE \(twelve) WHEN '12' THEN '00' ELSE \(twelve) END)"
            let evening = "(CASE \(twelve) " + (1...11).map { "WHEN '\($0 < 10 ? "0" : "")\($0)' THEN '\($0 + 12)'" }.joined(separator: " ")
                + " ELSE '12' END)"
            if let meridian = place("p") {
                hour = "(CASE lower(substr(\(x), \(meridian), 2)) WHEN 'pm' THEN \(evening) ELSE \(morning) END)"
            } else {
                hour = morning
            }
        }
        let date = [year, "'-'", month, "'-'", part("d")]
        let time = [hour, "':'", part("M"), "':'", part("S")]
        let parts = switch kind {
        case .date: date
        case .datetime: date + ["'T'"] + time
        case .time: time
        }
        return "(" + parts.joined(separator: " || ") + ")"
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
