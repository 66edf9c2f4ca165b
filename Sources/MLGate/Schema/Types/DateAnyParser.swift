import Foundation

/// The `any` format of date, time and datetime fields: frictionless calls
/// `dateutil.parser.parse`, whose fuzzy reading has no exact specification. This is a
/// documented subset of what it accepts (see Fixtures/contract/cast/README.md):
///
/// - ISO 8601 as `isoparse` reads it (`2024-01-31`, `20240131`, `2024-01-31T10:20:30Z`);
/// - `Y-M-D`, `Y/M/D`, `Y.M.D` with a four-digit year; `M/D/Y`, `M-D-Y`, `M.D.Y`
///   (month first, as dateutil's default; day first when the first number exceeds 12);
/// - month names or abbreviations in English: `Jan 31 2024`, `January 31, 2024`,
///   `31 Jan 2024`;
/// - each optionally followed by a time `H:MM[:SS[.ffffff]]` with `AM`/`PM` and a zone
///   `Z`, `UTC`, `GMT` or `±HH[:MM]`; a time alone is read on today's date (UTC), as
///   dateutil fills missing fields from today.
enum DateAnyParser {
    private enum Token: Equatable {
        case number(Int, digits: Int)
        case word(String)
        case symbol(UInt8)
    }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let fullMonths = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> CivilMoment? {
        let range = PythonText.strip(bytes)
        let s = UnsafeBufferPointer(rebasing: bytes[range])
        guard !s.isEmpty, PythonText.isASCII(s) else { return nil }
        if let iso = ISOParser.isoparse(s) { return iso }
        guard let (date, rest) = datePart(s) else { return nil }
        var moment = CivilMoment(days: date)
        guard let time = timePart(UnsafeBufferPointer(rebasing: s[rest...]), into: &moment) else { return nil }
        return time ? moment : nil
    }

    /// The day count and where the rest starts; a missing date reads as today.
    private static func datePart(_ s: UnsafeBufferPointer<UInt8>) -> (Int, Int)? {
        var tokens: [(Token, Int)] = []  // token and its end
        var index = 0
        while index < s.count, tokens.count < 6 {
            let byte = s[index]
            if byte &- 48 < 10 {
                let start = index
                var value = 0
                while index < s.count, s[index] &- 48 < 10, index - start < 9 { value = value * 10 + Int(s[index] &- 48); index += 1 }
                // A number followed by ':' starts the time.
                if index < s.count, s[index] == UInt8(ascii: ":") { index = start; break }
                tokens.append((.number(value, digits: index - start), index))
            } else if (byte | 0x20) &- 97 < 26 {
                let start = index
                while index < s.count, (s[index] | 0x20) &- 97 < 26 { index += 1 }
                let word = String(decoding: UnsafeBufferPointer(rebasing: s[start..<index]), as: UTF8.self).lowercased()
                if monthNumber(word) == nil { index = start; break }
                tokens.append((.word(word), index))
            } else if byte == 32 || byte == UInt8(ascii: ",") {
                index += 1
            } else if byte == UInt8(ascii: "/") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") {
                tokens.append((.symbol(byte), index + 1))
                index += 1
            } else {
                break
            }
            if tokens.count == 3, case .word = tokens[0].0 { break }
            if tokens.count == 3, case .number = tokens[0].0, case .word = tokens[1].0 { break }
            if tokens.count == 5 { break }
        }
        if tokens.isEmpty {
            let now = Int(Date().timeIntervalSince1970)
            return (Int((Double(now) / 86_400).rounded(.down)), 0)
        }
        let kinds = tokens.map { $0.0 }
        var year = 0, month = 0, day = 0
        switch kinds.count {
        case 5:
            guard case let .number(a, da) = kinds[0], case let .symbol(s1) = kinds[1], case let .number(b, _) = kinds[2],
                  case let .symbol(s2) = kinds[3], s1 == s2, case let .number(c, dc) = kinds[4] else { return nil }
            if da == 4 {
                (year, month, day) = (a, b, c)
            } else if dc == 4 || dc == 2 {
                year = dc == 2 ? (c <= 68 ? 2000 + c : 1900 + c) : c
                (month, day) = a > 12 && b <= 12 ? (b, a) : (a, b)
            } else {
                return nil
            }
        case 3:
            if case let .word(w) = kinds[0], case let .number(d, _) = kinds[1], case let .number(y, dy) = kinds[2], dy == 4 {
                (year, month, day) = (y, monthNumber(w)!, d)
            } else if case let .number(d, _) = kinds[0], case let .word(w) = kinds[1], case let .number(y, dy) = kinds[2], dy == 4 {
                (year, month, day) = (y, monthNumber(w)!, d)
            } else {
                return nil
            }
        default:
            return nil
        }
        guard CivilCalendar.isValid(year: year, month: month, day: day) else { return nil }
        return (CivilCalendar.days(year: year, month: month, day: day), tokens.last!.1)
    }

    private static func monthNumber(_ word: String) -> Int? {
        if let index = fullMonths.firstIndex(of: word) { return index + 1 }
        if let index = months.firstIndex(of: word) { return index + 1 }
        if word == "sept" { return 9 }
        return nil
    }

    /// Reads `[T| ]H:MM[:SS[.f]] [AM|PM] [zone]` into the moment; true when the rest
    /// is empty or such a time.
    private static func timePart(_ s: UnsafeBufferPointer<UInt8>, into moment: inout CivilMoment) -> Bool? {
        var index = 0
        func skipSpaces() { while index < s.count, s[index] == 32 { index += 1 } }
        skipSpaces()
        if index == s.count { return true }
        if s[index] == UInt8(ascii: "T") || s[index] == UInt8(ascii: "t") { index += 1 }
        func number(maxDigits: Int) -> (Int, Int)? {
            let start = index
            var value = 0
            while index < s.count, s[index] &- 48 < 10, index - start < maxDigits { value = value * 10 + Int(s[index] &- 48); index += 1 }
            return index > start ? (value, index - start) : nil
        }
        guard let (hour, _) = number(maxDigits: 2), index < s.count, s[index] == UInt8(ascii: ":") else { return false }
        index += 1
        guard let (minute, md) = number(maxDigits: 2), md == 2 else { return false }
        var second = 0, micro = 0
        if index < s.count, s[index] == UInt8(ascii: ":") {
            index += 1
            guard let (sec, sd) = number(maxDigits: 2), sd == 2 else { return false }
            second = sec
            if index < s.count, s[index] == UInt8(ascii: ".") {
                index += 1
                guard let (fraction, fd) = number(maxDigits: 6) else { return false }
                micro = fraction
                for _ in fd..<6 { micro *= 10 }
                while index < s.count, s[index] &- 48 < 10 { index += 1 }
            }
        }
        var hour24 = hour
        skipSpaces()
        if s.count - index >= 2, s[index + 1] | 0x20 == UInt8(ascii: "m"), s[index] | 0x20 == UInt8(ascii: "a") || s[index] | 0x20 == UInt8(ascii: "p") {
            guard hour >= 1, hour <= 12 else { return false }
            let pm = s[index] | 0x20 == UInt8(ascii: "p")
            hour24 = pm ? (hour == 12 ? 12 : hour + 12) : (hour == 12 ? 0 : hour)
            index += 2
            skipSpaces()
        }
        var offset: Int? = nil
        if index < s.count {
            let rest = String(decoding: UnsafeBufferPointer(rebasing: s[index...]), as: UTF8.self)
            if rest == "Z" || rest == "z" || rest.uppercased() == "UTC" || rest.uppercased() == "GMT" {
                offset = 0
            } else if let zone = ISOParser.parseZone(s, index, s.count) {
                offset = zone
            } else {
                return false
            }
        }
        guard hour24 <= 23, minute <= 59, second <= 59 else { return false }
        moment.hour = hour24
        moment.minute = minute
        moment.second = second
        moment.microsecond = micro
        moment.offset = offset
        return true
    }
}
