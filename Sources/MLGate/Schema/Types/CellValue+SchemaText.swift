extension CellValue {
    /// The value as Table Schema's default format for its type writes it, for messages
    /// (a foreign key's unresolved values): `true`, `2024-02-29`, `13:05:09`,
    /// `2024-02-29T13:05:09Z` (datetimes are held in UTC), `2024-02`, `P1Y2MT3S`,
    /// `4.5, 51.25` (longitude, latitude). Fractions of a second are written to the
    /// microsecond, as Python writes them; a date or time beyond what its format can
    /// write (a year outside 1–9999, a time of day moved past midnight by its zone) falls
    /// back to its count of days or seconds.
    var schemaText: String {
        switch self {
        case .string(let text), .bigInteger(let text), .json(let text): return text
        case .integer(let number): return String(number)
        case .number(let number): return NumberFormatting.value(number)
        case .boolean(let value): return value ? "true" : "false"
        case .date(let days): return Self.dateText(days: days) ?? "\(days) days from 1970-01-01"
        case .time(let seconds):
            guard seconds >= 0, seconds < 86_400 else { return "\(NumberFormatting.value(seconds)) seconds from midnight UTC" }
            return Self.timeText(seconds)
        case .datetime(let seconds):
            let days = (seconds / 86_400).rounded(.down)
            guard seconds.isFinite, abs(days) < 3_000_000, let date = Self.dateText(days: Int(days)) else {
                return "\(NumberFormatting.value(seconds)) seconds from 1970-01-01T00:00:00Z"
            }
            return date + "T" + Self.timeText(seconds - days * 86_400) + "Z"
        case .year(let year): return String(year)
        case .yearMonth(let year, let month): return Self.padded(year, 4) + "-" + Self.padded(month, 2)
        case .duration(let months, let seconds):
            var text = "P"
            if months / 12 != 0 { text += "\(months / 12)Y" }
            if months % 12 != 0 || (months == 0 && seconds == 0) { text += "\(months % 12)M" }
            if seconds != 0 { text += "T" + NumberFormatting.value(seconds) + "S" }
            return text
        case .geopoint(let longitude, let latitude):
            return NumberFormatting.value(longitude) + ", " + NumberFormatting.value(latitude)
        case .list(let items): return items.map(\.schemaText).joined(separator: ",")
        }
    }

    /// `YYYY-MM-DD`, for years 1–9999.
    static func dateText(days: Int) -> String? {
        let (year, month, day) = CivilCalendar.civil(days: days)
        guard year >= 1, year <= 9999 else { return nil }
        return padded(year, 4) + "-" + padded(month, 2) + "-" + padded(day, 2)
    }

    /// `HH:MM:SS`, and `.ffffff` when there is a fraction of a second (to the
    /// microsecond), for `seconds` in 0..<86 400.
    static func timeText(_ seconds: Double) -> String {
        var micros = Int((seconds * 1_000_000).rounded())
        micros = min(micros, 86_400_000_000 - 1)
        let whole = micros / 1_000_000, fraction = micros % 1_000_000
        let text = padded(whole / 3600, 2) + ":" + padded(whole / 60 % 60, 2) + ":" + padded(whole % 60, 2)
        return fraction == 0 ? text : text + "." + padded(fraction, 6)
    }

    /// `value` in decimal, zero-padded to `width` digits (after a minus sign).
    static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(abs(value))
        return (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
