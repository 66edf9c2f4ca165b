/// A date `format` made of `%Y`, `%m` and `%d` (each once) and separators only, whose
/// common cell has a fixed width (`15/06/2022` for `%d/%m/%Y`): an engine clears a cell
/// of that shape by rearranging it as `YYYY-MM-DD` and judging that text as it judges a
/// default-format date's (``ContractPushdownPlan/PresentRule/formattedDate(_:_:)``).
/// Python's `%d` and `%m` also read one digit (`5/6/2022`): such cells, and every other
/// cell, are candidates, which the validator judges.
struct PlainDateLayout: Sendable, Hashable {
    /// The cell's shape as a regular expression without anchors, in the syntax
    /// PostgreSQL's and Java's engines share.
    let shape: String
    /// Where the year's four digits, the month's two and the day's two start (from 1,
    /// as SQL's `substr` counts; the cell is ASCII).
    let year: Int
    let month: Int
    let day: Int

    /// The separators a layout may hold, each matched as a one-character bracket
    /// expression (the same in both engines' syntax).
    static let separators = Set("/-.,_".utf8)

    /// The layout of `pattern`; nil for a pattern with any other directive or literal
    /// (letters, which Python matches without case; spaces, which match any run of
    /// whitespace).
    init?(_ pattern: StrptimePattern) {
        var shape = "", offset = 1
        var year: Int?, month: Int?, day: Int?
        for token in pattern.tokens {
            switch token {
            case .directive(UInt8(ascii: "Y")) where year == nil:
                (year, shape, offset) = (offset, shape + "[0-9]{4}", offset + 4)
            case .directive(UInt8(ascii: "m")) where month == nil:
                (month, shape, offset) = (offset, shape + "(0[1-9]|1[0-2])", offset + 2)
            case .directive(UInt8(ascii: "d")) where day == nil:
                (day, shape, offset) = (offset, shape + "(0[1-9]|[12][0-9]|3[01])", offset + 2)
            case .literal(let bytes) where !bytes.isEmpty && bytes.allSatisfy(Self.separators.contains):
                shape += bytes.map { "[" + String(UnicodeScalar($0)) + "]" }.joined()
                offset += bytes.count
            default:
                return nil
            }
        }
        guard let year, let month, let day else { return nil }
        (self.shape, self.year, self.month, self.day) = (shape, year, month, day)
    }

    /// The SQL of cell `x` (of the shape) rearranged as `YYYY-MM-DD`.
    func isoText(_ x: String) -> String {
        "(substr(\(x), \(year), 4) || '-' || substr(\(x), \(month), 2) || '-' || substr(\(x), \(day), 2))"
    }
}
