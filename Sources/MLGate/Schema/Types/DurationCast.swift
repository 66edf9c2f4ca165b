/// `duration` cells: `isodate.parse_duration` (isodate/isoduration.py), which
/// frictionless calls (frictionless/fields/duration.py).
enum DurationCast {
    /// The duration as (months, seconds), or nil.
    ///
    /// The main form is `ISO8601_PERIOD_REGEX`: `[+-]P` then optional `nY nM nW nD`
    /// and `T nH nM nS`, each number `[0-9]+` with an optional `,`/`.` fraction; `P`
    /// must be followed by something, `$` may stand before one final newline. Years
    /// and months count as months (a fractional month count is rounded to the nearest
    /// whole month); the rest is a `timedelta` in seconds. The alternative form
    /// `PYYYY-MM-DDThh:mm:ss` / `PYYYYMMDDThhmmss` is read for valid calendar dates
    /// (isodate's `parse_datetime`; its rarer date and time shapes are not).
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> (months: Int, seconds: Double)? {
        var end = bytes.count
        if end > 0, bytes[end - 1] == 10 { end -= 1 }
        var index = 0
        var negative = false
        if index < end, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        if let result = designators(bytes, from: index, end: end) {
            return negative ? (-result.months, -result.seconds) : result
        }
        if bytes.count > 0, bytes[0] == UInt8(ascii: "P") {
            return alternative(UnsafeBufferPointer(rebasing: bytes[1...]))
        }
        return nil
    }

    private static func designators(_ s: UnsafeBufferPointer<UInt8>, from start: Int, end: Int) -> (months: Int, seconds: Double)? {
        guard start < end, s[start] == UInt8(ascii: "P") else { return nil }
        var index = start + 1
        // P(?!\b): the next character is a word character.
        guard index < s.count else { return nil }
        let next = s[index]
        guard (next | 0x20) &- 97 < 26 || next &- 48 < 10 || next == UInt8(ascii: "_") || next >= 0x80 else { return nil }
        let dateOrder: [UInt8] = [UInt8(ascii: "Y"), UInt8(ascii: "M"), UInt8(ascii: "W"), UInt8(ascii: "D")]
        let timeOrder: [UInt8] = [UInt8(ascii: "H"), UInt8(ascii: "M"), UInt8(ascii: "S")]
        var values: [Double] = [0, 0, 0, 0, 0, 0, 0]  // Y M W D H M S
        var inTime = false
        var nextSlot = 0
        while index < end {
            if !inTime, s[index] == UInt8(ascii: "T") {
                inTime = true
                nextSlot = 0
                index += 1
                continue
            }
            guard s[index] &- 48 < 10 else { return nil }
            let numberStart = index
            while index < end, s[index] &- 48 < 10 { index += 1 }
            if index + 1 < end, s[index] == UInt8(ascii: ",") || s[index] == UInt8(ascii: "."), s[index + 1] &- 48 < 10 {
                index += 1
                while index < end, s[index] &- 48 < 10 { index += 1 }
            }
            guard index < end else { return nil }
            let designator = s[index]
            let order = inTime ? timeOrder : dateOrder
            guard let slot = order[nextSlot...].firstIndex(of: designator) else { return nil }
            var text = String(decoding: UnsafeBufferPointer(rebasing: s[numberStart..<index]), as: UTF8.self)
            text = text.replacingOccurrences(of: ",", with: ".")
            guard let value = Double(text) else { return nil }
            values[(inTime ? 4 : 0) + slot] = value
            nextSlot = slot + 1
            index += 1
        }
        let months = values[0] * 12 + values[1]
        let seconds = values[2] * 604_800 + values[3] * 86_400 + values[4] * 3600 + values[5] * 60 + values[6]
        // timedelta: at most 999 999 999 days; microsecond resolution.
        guard abs(seconds) < 999_999_999 * 86_400 + 86_400, months.isFinite, abs(months) < 1e15 else { return nil }
        return (Int(months.rounded()), (seconds * 1_000_000).rounded() / 1_000_000)
    }

    private static func alternative(_ s: UnsafeBufferPointer<UInt8>) -> (months: Int, seconds: Double)? {
        var tIndex = -1
        for (index, byte) in s.enumerated() where byte == UInt8(ascii: "T") {
            if tIndex >= 0 { return nil }
            tIndex = index
        }
        guard tIndex >= 0 else { return nil }
        let date = UnsafeBufferPointer(rebasing: s[0..<tIndex])
        let time = UnsafeBufferPointer(rebasing: s[(tIndex + 1)...])
        let year: Int, month: Int, day: Int
        if date.count == 10, date[4] == UInt8(ascii: "-"), date[7] == UInt8(ascii: "-"),
           let y = ISOParser.digits(date, 0, 4), let m = ISOParser.digits(date, 5, 2), let d = ISOParser.digits(date, 8, 2) {
            (year, month, day) = (y, m, d)
        } else if date.count == 8, let y = ISOParser.digits(date, 0, 4), let m = ISOParser.digits(date, 4, 2), let d = ISOParser.digits(date, 6, 2) {
            (year, month, day) = (y, m, d)
        } else {
            return nil
        }
        guard CivilCalendar.isValid(year: year, month: month, day: day) else { return nil }
        var parts: [Int] = []
        switch time.count {
        case 2, 4, 6:
            for offset in stride(from: 0, to: time.count, by: 2) {
                guard let v = ISOParser.digits(time, offset, 2) else { return nil }
                parts.append(v)
            }
        case 5, 8:
            for offset in stride(from: 0, to: time.count, by: 3) {
                guard let v = ISOParser.digits(time, offset, 2) else { return nil }
                if offset + 2 < time.count, time[offset + 2] != UInt8(ascii: ":") { return nil }
                parts.append(v)
            }
        default:
            return nil
        }
        while parts.count < 3 { parts.append(0) }
        guard parts[0] <= 23, parts[1] <= 59, parts[2] <= 59 else { return nil }
        let seconds = Double(day * 86_400 + parts[0] * 3600 + parts[1] * 60 + parts[2])
        return (year * 12 + month, seconds)
    }
}
