/// A `strptime` pattern (`%d/%m/%Y`), compiled once, matching as Python 3.11's
/// `_strptime` does (Lib/_strptime.py, `TimeRE` and `_strptime`): the pattern becomes
/// a case-insensitive regular expression, matched from the start with backtracking;
/// the first match must then reach the end of the cell ("unconverted data remains").
struct StrptimePattern: Sendable {
    enum Token: Sendable, Equatable {
        /// Literal bytes, ASCII letters lowercased (matched case-insensitively).
        case literal([UInt8])
        /// A run of whitespace in the pattern: `\s+`.
        case space
        /// A directive: the letter after `%`.
        case directive(UInt8)
    }

    /// The directives supported (the C locale's names for `%a %A %b %B %p`).
    static let supported = Set("aAbBdfHIjmMpSyYz%".utf8)

    let tokens: [Token]
    /// The one-pass reading of the common cell, when the pattern allows it.
    private let fixedWidth: StrptimeFixedWidth?
    /// Whether `%y` comes after `%Y` (the later one sets the year).
    private let hasYear: Bool
    private let twoDigitYearWins: Bool
    private let hasTwelveHour: Bool
    private let twelveHourWins: Bool
    /// Whether the pattern has `%z` (values are zone-aware).
    let hasZone: Bool

    /// Compiles a pattern; throws for a directive Python does not know or this reader
    /// does not support, a stray `%`, or a directive given twice.
    init(_ format: String) throws(FieldCastError) {
        var tokens: [Token] = []
        var literal: [UInt8] = []
        var seen: Set<UInt8> = []
        var order: [UInt8] = []
        let bytes = Array(format.utf8)
        var index = 0
        func flush() {
            if !literal.isEmpty { tokens.append(.literal(literal)); literal = [] }
        }
        while index < bytes.count {
            let byte = bytes[index]
            let spaceLength = bytes.withUnsafeBufferPointer { PythonText.spaceLength($0, at: index) }
            if spaceLength > 0 {
                flush()
                if tokens.last != .space { tokens.append(.space) }
                index += spaceLength
                continue
            }
            if byte == UInt8(ascii: "%") {
                guard index + 1 < bytes.count else {
                    throw FieldCastError(message: "stray % in format '\(format)'")
                }
                let directive = bytes[index + 1]
                guard Self.supported.contains(directive) else {
                    let name = String(decoding: [directive], as: UTF8.self)
                    throw FieldCastError(message: "'\(name)' is a bad or unsupported directive in format '\(format)' (supported: %Y %y %m %d %H %I %p %M %S %f %z %j %b %B %a %A %%)")
                }
                if directive == UInt8(ascii: "%") {
                    literal.append(directive)
                } else {
                    guard !seen.contains(directive) else {
                        throw FieldCastError(message: "directive %\(String(decoding: [directive], as: UTF8.self)) is given twice in format '\(format)'")
                    }
                    seen.insert(directive)
                    order.append(directive)
                    flush()
                    tokens.append(.directive(directive))
                }
                index += 2
                continue
            }
            literal.append(byte >= 65 && byte <= 90 ? byte | 0x20 : byte)
            index += 1
        }
        flush()
        self.tokens = tokens
        let upperY = order.firstIndex(of: UInt8(ascii: "Y")), lowerY = order.firstIndex(of: UInt8(ascii: "y"))
        hasYear = upperY != nil || lowerY != nil
        twoDigitYearWins = lowerY != nil && (upperY == nil || lowerY! > upperY!)
        let upperH = order.firstIndex(of: UInt8(ascii: "H")), upperI = order.firstIndex(of: UInt8(ascii: "I"))
        hasTwelveHour = upperI != nil
        twelveHourWins = upperI != nil && (upperH == nil || upperI! > upperH!)
        hasZone = seen.contains(UInt8(ascii: "z"))
        fixedWidth = StrptimeFixedWidth(tokens)
    }

    /// The fields captured by a match.
    struct Captures {
        var year4 = -1, year2 = -1, month = -1, monthName = -1, monthAbbreviation = -1, day = -1
        var hour24 = -1, hour12 = -1, pm = -1, minute = -1, second = -1, fraction = -1, julian = -1
        var zoneStart = -1, zoneEnd = -1
    }

    /// The moment the cell spells, or nil when it does not match or is not a valid
    /// date and time.
    func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> CivilMoment? {
        if let captures = fixedWidth?.captures(bytes) { return resolve(captures, bytes) }
        return parseMatching(bytes)
    }

    /// ``parse(_:)`` without the one-pass reading (the tests hold that reading to this).
    func parseMatching(_ bytes: UnsafeBufferPointer<UInt8>) -> CivilMoment? {
        var captures = Captures()
        guard let end = match(0, 0, bytes, &captures), end == bytes.count else { return nil }
        return resolve(captures, bytes)
    }

    private func resolve(_ c: Captures, _ bytes: UnsafeBufferPointer<UInt8>) -> CivilMoment? {
        var year: Int? = nil
        if hasYear {
            if twoDigitYearWins { year = c.year2 <= 68 ? c.year2 + 2000 : c.year2 + 1900 } else { year = c.year4 }
        }
        var month = 1
        // %m, %B, %b all set the month; the later directive in the pattern wins, and
        // patterns giving the month twice are rare enough to take them in this order.
        if c.month >= 0 { month = c.month }
        if c.monthName >= 0 { month = c.monthName }
        if c.monthAbbreviation >= 0 { month = c.monthAbbreviation }
        var day = c.day >= 0 ? c.day : 1
        var hour = 0
        if c.hour24 >= 0 { hour = c.hour24 }
        if hasTwelveHour, twelveHourWins || c.hour24 < 0 {
            hour = c.hour12
            if c.pm == 1 {
                if hour != 12 { hour += 12 }
            } else if hour == 12 {
                hour = 0
            }
        }
        var offset: Int? = nil
        var offsetMicroseconds = 0
        if hasZone {
            guard let zone = Self.zone(bytes, c.zoneStart, c.zoneEnd) else { return nil }
            offset = zone.seconds
            offsetMicroseconds = zone.microseconds
            // datetime.timezone: strictly within a day.
            guard abs(zone.seconds) < 86_400 else { return nil }
        }
        var resolvedYear = year ?? 1900
        if year == nil, month == 2, day == 29 { return nil }  // leap_year_fix: back to 1900
        if c.julian >= 0 {
            guard resolvedYear >= 1, resolvedYear <= 9999 else { return nil }
            let date = CivilCalendar.civil(days: CivilCalendar.days(year: resolvedYear, month: 1, day: 1) + c.julian - 1)
            resolvedYear = date.year
            month = date.month
            day = date.day
        }
        guard CivilCalendar.isValid(year: resolvedYear, month: month, day: day), c.second < 60 else { return nil }
        var moment = CivilMoment(days: CivilCalendar.days(year: resolvedYear, month: month, day: day))
        moment.hour = hour
        moment.minute = max(c.minute, 0)
        moment.second = max(c.second, 0)
        moment.microsecond = max(c.fraction, 0)
        moment.offset = offset
        if offsetMicroseconds != 0 {
            // A sub-second offset: fold it into the microseconds of the instant.
            moment.microsecond -= offsetMicroseconds
        }
        return moment
    }

    /// `%z` after its match: `Z`, or `±HH[:]MM[[:]SS[.ffffff]]` with consistent colons.
    private static func zone(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> (seconds: Int, microseconds: Int)? {
        if end - start == 1 { return (0, 0) }
        var z: [UInt8] = Array(bytes[start..<end])
        if z[3] == UInt8(ascii: ":") {
            z.remove(at: 3)
            if z.count > 5 {
                guard z[5] == UInt8(ascii: ":") else { return nil }
                z.remove(at: 5)
            }
        } else if z.count > 5, z[5] == UInt8(ascii: ":") {
            // `+0100:30`: Python's `int(z[5:7])` reads `:3` and fails.
            return nil
        }
        func number(_ range: Range<Int>) -> Int {
            var value = 0
            for index in range where index < z.count { value = value * 10 + Int(z[index] &- 48) }
            return value
        }
        var seconds = number(1..<3) * 3600 + number(3..<5) * 60 + (z.count > 5 ? number(5..<7) : 0)
        var micro = 0
        if z.count > 8 {
            let digits = z.count - 8
            micro = number(8..<z.count)
            for _ in digits..<6 { micro *= 10 }
        }
        if z[0] == UInt8(ascii: "-") { seconds = -seconds; micro = -micro }
        return (seconds, micro)
    }

    // MARK: Matching

    private static let monthNames: [[UInt8]] = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"].map { Array($0.utf8) }
    private static let weekdayNames: [[UInt8]] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"].map { Array($0.utf8) }
    /// `__seqToRE`: alternatives sorted longest first (stable for equal lengths).
    private static let monthNamesByLength: [(Int, [UInt8])] = longestFirst(monthNames)
    private static let weekdayNamesByLength: [(Int, [UInt8])] = longestFirst(weekdayNames)

    private static func longestFirst(_ names: [[UInt8]]) -> [(Int, [UInt8])] {
        let indexed = names.enumerated().map { ($0.offset + 1, $0.element) }
        // Python: sorted(seq, key=len, reverse=True) keeps equal lengths in order.
        return indexed.enumerated().sorted { a, b in
            a.element.1.count != b.element.1.count ? a.element.1.count > b.element.1.count : a.offset < b.offset
        }.map { $0.element }
    }

    @inline(__always)
    private static func digit(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Int? {
        guard index < bytes.count else { return nil }
        let d = bytes[index] &- 48
        return d < 10 ? Int(d) : nil
    }

    @inline(__always)
    private static func lower(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte | 0x20 : byte }

    /// The end of the first match of tokens[`token`...] at `position`, or nil.
    private func match(_ token: Int, _ position: Int, _ bytes: UnsafeBufferPointer<UInt8>, _ c: inout Captures) -> Int? {
        if token == tokens.count { return position }
        switch tokens[token] {
        case let .literal(literal):
            guard bytes.count - position >= literal.count else { return nil }
            for offset in 0..<literal.count where Self.lower(bytes[position + offset]) != literal[offset] { return nil }
            return match(token + 1, position + literal.count, bytes, &c)
        case .space:
            var ends: [Int] = []
            var index = position
            while index < bytes.count {
                let length = PythonText.spaceLength(bytes, at: index)
                if length == 0 { break }
                index += length
                ends.append(index)
            }
            for end in ends.reversed() {
                if let result = match(token + 1, end, bytes, &c) { return result }
            }
            return nil
        case let .directive(directive):
            return matchDirective(directive, token, position, bytes, &c)
        }
    }

    /// Tries the alternatives of one directive in the order of its regular expression.
    private func matchDirective(_ directive: UInt8, _ token: Int, _ p: Int, _ s: UnsafeBufferPointer<UInt8>, _ c: inout Captures) -> Int? {
        let d0 = Self.digit(s, p), d1 = Self.digit(s, p + 1)
        func attempt(_ length: Int, _ set: (inout Captures) -> Void) -> Int? {
            set(&c)
            return match(token + 1, p + length, s, &c)
        }
        switch directive {
        case UInt8(ascii: "Y"):
            // \d\d\d\d
            guard let a = d0, let b = d1, let x = Self.digit(s, p + 2), let y = Self.digit(s, p + 3) else { return nil }
            return attempt(4) { $0.year4 = a * 1000 + b * 100 + x * 10 + y }
        case UInt8(ascii: "y"):
            guard let a = d0, let b = d1 else { return nil }
            return attempt(2) { $0.year2 = a * 10 + b }
        case UInt8(ascii: "m"), UInt8(ascii: "I"):
            // 1[0-2]|0[1-9]|[1-9]
            let isMonth = directive == UInt8(ascii: "m")
            if d0 == 1, let b = d1, b <= 2, let r = attempt(2, { isMonth ? ($0.month = 10 + b) : ($0.hour12 = 10 + b) }) { return r }
            if d0 == 0, let b = d1, b >= 1, let r = attempt(2, { isMonth ? ($0.month = b) : ($0.hour12 = b) }) { return r }
            if let a = d0, a >= 1 { return attempt(1) { isMonth ? ($0.month = a) : ($0.hour12 = a) } }
            return nil
        case UInt8(ascii: "d"):
            // 3[01]|[12]\d|0[1-9]|[1-9]| [1-9]
            if d0 == 3, let b = d1, b <= 1, let r = attempt(2, { $0.day = 30 + b }) { return r }
            if let a = d0, a == 1 || a == 2, let b = d1, let r = attempt(2, { $0.day = a * 10 + b }) { return r }
            if d0 == 0, let b = d1, b >= 1, let r = attempt(2, { $0.day = b }) { return r }
            if let a = d0, a >= 1, let r = attempt(1, { $0.day = a }) { return r }
            if p < s.count, s[p] == 32, let b = d1, b >= 1 { return attempt(2) { $0.day = b } }
            return nil
        case UInt8(ascii: "H"):
            // 2[0-3]|[0-1]\d|\d
            if d0 == 2, let b = d1, b <= 3, let r = attempt(2, { $0.hour24 = 20 + b }) { return r }
            if let a = d0, a <= 1, let b = d1, let r = attempt(2, { $0.hour24 = a * 10 + b }) { return r }
            if let a = d0 { return attempt(1) { $0.hour24 = a } }
            return nil
        case UInt8(ascii: "M"):
            // [0-5]\d|\d
            if let a = d0, a <= 5, let b = d1, let r = attempt(2, { $0.minute = a * 10 + b }) { return r }
            if let a = d0 { return attempt(1) { $0.minute = a } }
            return nil
        case UInt8(ascii: "S"):
            // 6[0-1]|[0-5]\d|\d
            if d0 == 6, let b = d1, b <= 1, let r = attempt(2, { $0.second = 60 + b }) { return r }
            if let a = d0, a <= 5, let b = d1, let r = attempt(2, { $0.second = a * 10 + b }) { return r }
            if let a = d0 { return attempt(1) { $0.second = a } }
            return nil
        case UInt8(ascii: "f"):
            // [0-9]{1,6}, greedy
            var count = 0
            while count < 6, Self.digit(s, p + count) != nil { count += 1 }
            while count > 0 {
                var value = 0
                for i in 0..<count { value = value * 10 + Self.digit(s, p + i)! }
                for _ in count..<6 { value *= 10 }
                if let r = attempt(count, { $0.fraction = value }) { return r }
                count -= 1
            }
            return nil
        case UInt8(ascii: "j"):
            // 36[0-6]|3[0-5]\d|[1-2]\d\d|0[1-9]\d|00[1-9]|[1-9]\d|0[1-9]|[1-9]
            let d2 = Self.digit(s, p + 2)
            var candidates: [(Int, Int)] = []
            if let a = d0, let b = d1, let x = d2 {
                let v = a * 100 + b * 10 + x
                if (a == 3 && b == 6 && x <= 6) || (a == 3 && b <= 5) || (a == 1 || a == 2) || (a == 0 && b >= 1) || (a == 0 && b == 0 && x >= 1) {
                    candidates.append((3, v))
                }
            }
            if let a = d0, let b = d1 {
                if a >= 1 { candidates.append((2, a * 10 + b)) }
                if a == 0, b >= 1 { candidates.append((2, b)) }
            }
            if let a = d0, a >= 1 { candidates.append((1, a)) }
            for (length, value) in candidates {
                if let r = attempt(length, { $0.julian = value }) { return r }
            }
            return nil
        case UInt8(ascii: "B"), UInt8(ascii: "b"), UInt8(ascii: "A"), UInt8(ascii: "a"):
            let full = directive == UInt8(ascii: "B") || directive == UInt8(ascii: "A")
            let isMonth = directive == UInt8(ascii: "B") || directive == UInt8(ascii: "b")
            let names = isMonth ? Self.monthNamesByLength : Self.weekdayNamesByLength
            for (number, name) in names {
                let word = full ? name : Array(name.prefix(3))
                guard s.count - p >= word.count else { continue }
                var same = true
                for i in 0..<word.count where Self.lower(s[p + i]) != word[i] { same = false; break }
                guard same else { continue }
                if let r = attempt(word.count, { captures in
                    if directive == UInt8(ascii: "B") { captures.monthName = number }
                    if directive == UInt8(ascii: "b") { captures.monthAbbreviation = number }
                }) { return r }
            }
            return nil
        case UInt8(ascii: "p"):
            guard s.count - p >= 2, Self.lower(s[p + 1]) == UInt8(ascii: "m") else { return nil }
            let first = Self.lower(s[p])
            guard first == UInt8(ascii: "a") || first == UInt8(ascii: "p") else { return nil }
            return attempt(2) { $0.pm = first == UInt8(ascii: "p") ? 1 : 0 }
        case UInt8(ascii: "z"):
            return matchZone(token, p, s, &c)
        default:
            return nil
        }
    }

    /// `[+-]\d\d:?[0-5]\d(:?[0-5]\d(\.\d{1,6})?)?|(?-i:Z)`, alternatives in regex order.
    private func matchZone(_ token: Int, _ p: Int, _ s: UnsafeBufferPointer<UInt8>, _ c: inout Captures) -> Int? {
        func digitAt(_ i: Int) -> Int? { Self.digit(s, i) }
        func sixty(_ i: Int) -> Bool { if let a = digitAt(i), a <= 5, digitAt(i + 1) != nil { return true }; return false }
        func attempt(_ end: Int) -> Int? {
            c.zoneStart = p
            c.zoneEnd = end
            return match(token + 1, end, s, &c)
        }
        if p < s.count, s[p] == UInt8(ascii: "+") || s[p] == UInt8(ascii: "-"), digitAt(p + 1) != nil, digitAt(p + 2) != nil {
            var minuteStarts: [Int] = []
            if p + 3 < s.count, s[p + 3] == UInt8(ascii: ":") { minuteStarts.append(p + 4) }
            minuteStarts.append(p + 3)
            for minuteStart in minuteStarts where sixty(minuteStart) {
                let afterMinutes = minuteStart + 2
                // optional group (:?[0-5]\d(\.\d{1,6})?), greedy
                var secondStarts: [Int] = []
                if afterMinutes < s.count, s[afterMinutes] == UInt8(ascii: ":") { secondStarts.append(afterMinutes + 1) }
                secondStarts.append(afterMinutes)
                for secondStart in secondStarts where sixty(secondStart) {
                    let afterSeconds = secondStart + 2
                    if afterSeconds < s.count, s[afterSeconds] == UInt8(ascii: ".") {
                        var count = 0
                        while count < 6, digitAt(afterSeconds + 1 + count) != nil { count += 1 }
                        while count > 0 {
                            if let r = attempt(afterSeconds + 1 + count) { return r }
                            count -= 1
                        }
                    }
                    if let r = attempt(afterSeconds) { return r }
                }
                if let r = attempt(afterMinutes) { return r }
            }
        }
        if p < s.count, s[p] == UInt8(ascii: "Z") { return attempt(p + 1) }
        return nil
    }
}
