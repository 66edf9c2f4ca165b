/// A point in time read from a cell: a calendar day, the time of day, and the UTC
/// offset when the cell gave one.
struct CivilMoment: Sendable {
    var days: Int
    var hour = 0, minute = 0, second = 0, microsecond = 0
    /// Seconds east of UTC; nil for a naive value.
    var offset: Int?

    /// Seconds since midnight, minus the offset.
    var secondsOfDay: Double {
        Double(hour * 3600 + minute * 60 + second - (offset ?? 0)) + Double(microsecond) / 1_000_000
    }

    /// Seconds since the epoch, UTC-normalised (naive = UTC).
    var epochSeconds: Double {
        Double(days * 86_400 + hour * 3600 + minute * 60 + second - (offset ?? 0)) + Double(microsecond) / 1_000_000
    }
}

/// dateutil's `isoparser` (dateutil/parser/isoparser.py, `isoparse` with `sep=None`),
/// which frictionless uses for the `default` datetime and time formats.
enum ISOParser {
    /// frictionless/fields/datetime.py, `default`: `cell[16] == ":"`, `len(cell) >= 19`,
    /// then `isoparse(cell)`.
    static func datetime(_ bytes: UnsafeBufferPointer<UInt8>) -> CivilMoment? {
        guard bytes.count >= 19, bytes[16] == UInt8(ascii: ":"), PythonText.isASCII(bytes) else { return nil }
        return isoparse(bytes)
    }

    /// frictionless/fields/time.py, `default`: `cell[5] == ":"`, `len(cell) >= 8`, then
    /// `isoparse("2000-01-01T" + cell).timetz()`.
    static func time(_ bytes: UnsafeBufferPointer<UInt8>) -> CivilMoment? {
        guard bytes.count >= 8, bytes[5] == UInt8(ascii: ":"), PythonText.isASCII(bytes) else { return nil }
        guard let time = parseTime(bytes, 0, bytes.count) else { return nil }
        var moment = CivilMoment(days: 0, hour: time.hour, minute: time.minute, second: time.second, microsecond: time.microsecond, offset: time.offset)
        guard moment.hour <= 24, moment.minute <= 59, moment.second <= 59 else { return nil }
        if moment.hour == 24 { moment.hour = 0 }
        return moment
    }

    /// `isoparse` on ASCII bytes.
    static func isoparse(_ s: UnsafeBufferPointer<UInt8>) -> CivilMoment? {
        guard let (date, position) = parseDate(s) else { return nil }
        var moment = CivilMoment(days: 0)
        var hour = 0
        if s.count > position {
            guard let time = parseTime(s, position + 1, s.count) else { return nil }
            hour = time.hour
            moment.minute = time.minute
            moment.second = time.second
            moment.microsecond = time.microsecond
            moment.offset = time.offset
        }
        guard CivilCalendar.isValid(year: date.year, month: date.month, day: date.day),
              hour <= 24, moment.minute <= 59, moment.second <= 59 else { return nil }
        moment.days = CivilCalendar.days(year: date.year, month: date.month, day: date.day)
        if hour == 24 {
            // datetime(...) + timedelta(days=1); past 9999-12-31 it overflows.
            guard !(date.year == 9999 && date.month == 12 && date.day == 31) else { return nil }
            moment.days += 1
            hour = 0
        }
        moment.hour = hour
        return moment
    }

    @inline(__always)
    static func digits(_ s: UnsafeBufferPointer<UInt8>, _ position: Int, _ count: Int, end: Int? = nil) -> Int? {
        let limit = end ?? s.count
        guard position >= 0, position + count <= limit else { return nil }
        var value = 0
        for index in position..<(position + count) {
            let digit = s[index] &- 48
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        return value
    }

    /// `_parse_isodate`: the common forms, then (on failure) the uncommon ones.
    static func parseDate(_ s: UnsafeBufferPointer<UInt8>) -> ((year: Int, month: Int, day: Int), Int)? {
        if let common = parseDateCommon(s) { return common }
        return parseDateUncommon(s)
    }

    private static func parseDateCommon(_ s: UnsafeBufferPointer<UInt8>) -> ((year: Int, month: Int, day: Int), Int)? {
        let length = s.count
        guard length >= 4, let year = digits(s, 0, 4) else { return nil }
        var position = 4
        if position >= length { return ((year: year, month: 1, day: 1), position) }
        let hasSeparator = s[position] == UInt8(ascii: "-")
        if hasSeparator { position += 1 }
        guard length - position >= 2, let month = digits(s, position, 2) else { return nil }
        position += 2
        if position >= length {
            guard hasSeparator else { return nil }
            return ((year: year, month: month, day: 1), position)
        }
        if hasSeparator {
            guard s[position] == UInt8(ascii: "-") else { return nil }
            position += 1
        }
        guard length - position >= 2, let day = digits(s, position, 2) else { return nil }
        return ((year: year, month: month, day: day), position + 2)
    }

    private static func parseDateUncommon(_ s: UnsafeBufferPointer<UInt8>) -> ((year: Int, month: Int, day: Int), Int)? {
        let length = s.count
        guard length >= 4, let year = digits(s, 0, 4) else { return nil }
        let hasSeparator = length > 4 && s[4] == UInt8(ascii: "-")
        var position = 4 + (hasSeparator ? 1 : 0)
        let days: Int
        if position < length, s[position] == UInt8(ascii: "W") {
            position += 1
            guard let week = digits(s, position, 2) else { return nil }
            position += 2
            var weekday = 1
            if length > position {
                guard (s[position] == UInt8(ascii: "-")) == hasSeparator else { return nil }
                position += hasSeparator ? 1 : 0
                guard let d = digits(s, position, 1) else { return nil }
                weekday = d
                position += 1
            }
            guard week > 0, week < 54, weekday > 0, weekday < 8, year >= 1 else { return nil }
            let january4 = CivilCalendar.days(year: year, month: 1, day: 4)
            let isoWeekday = ((january4 % 7) + 7 + 3) % 7 + 1  // 1970-01-01 was a Thursday (4)
            days = january4 - (isoWeekday - 1) + (week - 1) * 7 + (weekday - 1)
        } else {
            guard length - position >= 3, let ordinal = digits(s, position, 3) else { return nil }
            position += 3
            guard year >= 1, ordinal >= 1, ordinal <= 365 + (CivilCalendar.isLeap(year) ? 1 : 0) else { return nil }
            days = CivilCalendar.days(year: year, month: 1, day: 1) + ordinal - 1
        }
        let date = CivilCalendar.civil(days: days)
        guard date.year >= 1, date.year <= 9999 else { return nil }
        return ((year: date.year, month: date.month, day: date.day), position)
    }

    /// `_parse_isotime` on `s[start..<end]`.
    static func parseTime(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> (hour: Int, minute: Int, second: Int, microsecond: Int, offset: Int?)? {
        guard end - start >= 2 else { return nil }
        var components = (0, 0, 0, 0)
        var offset: Int?
        var position = start
        var component = -1
        var hasSeparator = false
        while position < end, component < 5 {
            component += 1
            let c = s[position]
            if c == UInt8(ascii: "-") || c == UInt8(ascii: "+") || c == UInt8(ascii: "Z") || c == UInt8(ascii: "z") {
                guard let zone = parseZone(s, position, end) else { return nil }
                offset = zone
                position = end
                break
            }
            if component == 1, c == UInt8(ascii: ":") {
                hasSeparator = true
                position += 1
            } else if component == 2, hasSeparator {
                guard c == UInt8(ascii: ":") else { return nil }
                position += 1
            }
            if component < 3 {
                guard let value = digits(s, position, 2, end: end) else { return nil }
                switch component {
                case 0: components.0 = value
                case 1: components.1 = value
                default: components.2 = value
                }
                position += 2
            }
            if component == 3 {
                // [\.,]([0-9]+), truncated to microseconds
                guard position < end, s[position] == UInt8(ascii: ".") || s[position] == UInt8(ascii: ",") else { continue }
                var index = position + 1
                var micro = 0, count = 0
                while index < end, s[index] &- 48 < 10 {
                    if count < 6 { micro = micro * 10 + Int(s[index] &- 48) }
                    count += 1
                    index += 1
                }
                guard count > 0 else { continue }
                for _ in min(count, 6)..<6 { micro *= 10 }
                components.3 = micro
                position = index
            }
        }
        guard position >= end else { return nil }
        if components.0 == 24, components.1 != 0 || components.2 != 0 || components.3 != 0 { return nil }
        return (components.0, components.1, components.2, components.3, offset)
    }

    /// `_parse_tzstr`: `Z`, `±HH`, `±HHMM`, `±HH:MM`; seconds east of UTC.
    static func parseZone(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        let length = end - start
        if length == 1, s[start] == UInt8(ascii: "Z") || s[start] == UInt8(ascii: "z") { return 0 }
        guard length == 3 || length == 5 || length == 6 else { return nil }
        let sign: Int
        switch s[start] {
        case UInt8(ascii: "-"): sign = -1
        case UInt8(ascii: "+"): sign = 1
        default: return nil
        }
        guard let hours = digits(s, start + 1, 2, end: end) else { return nil }
        var minutes = 0
        if length != 3 {
            let position = s[start + 3] == UInt8(ascii: ":") ? start + 4 : start + 3
            guard end == position + 2, let m = digits(s, position, 2, end: end) else { return nil }
            minutes = m
        }
        if hours == 0 && minutes == 0 { return 0 }
        guard minutes <= 59, hours <= 23 else { return nil }
        return sign * (hours * 60 + minutes) * 60
    }
}
