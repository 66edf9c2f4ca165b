/// What a ``PlainMomentLayout`` needs of an engine's SQL beyond `substr`, `CAST`, `lower`,
/// `CASE` and `||`.
protocol MomentSQL {
    /// The text matched by the one capturing group of `regex` (without anchors; the
    /// engine anchors it at both ends) in `x`, a cell known to match it.
    func capture(_ x: String, _ regex: String) -> String
    /// Day `day` (a text of three digits, `001`–`366`) of year `year` (a text of four
    /// digits) as `YYYY-MM-DD`, counted from the year's first day as Python counts it; a
    /// text of no date's shape when the year is `0000` or the day is past `9999-12-31`.
    func dayOfYear(year: String, day: String) -> String
}
