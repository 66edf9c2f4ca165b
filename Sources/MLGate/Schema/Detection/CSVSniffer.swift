/// The delimiter and `skipInitialSpace` of delimited text, guessed as Python 3.11's
/// `csv.Sniffer().sniff(sample, delimiters)` guesses them (frictionless calls it with the
/// first 100 lines and the candidates `,`, tab, `;`, `|`).
///
/// A port of `Lib/csv.py`: first `_guess_quote_and_delimiter` (text between two equal
/// quotes, with the same character before and after), else `_guess_delimiter` (the
/// candidate that occurs equally often on the most lines, checked 10 lines at a time).
/// The four regular expressions of the first step are matched by hand, each lazy `.*?`
/// found by a binary search in the positions of its closing quote, so that a sample of
/// 100,000 characters costs linear time (Python's engine can take quadratic time).
/// Only the delimiter and `skipInitialSpace` are returned: frictionless ignores the
/// sniffed quote (a `'` is reset to `"`), escape and line terminator.
enum CSVSniffer {
    /// The delimiter and whether initial spaces are skipped; `nil` when Python raises
    /// "Could not determine delimiter".
    static func sniff(_ text: [Unicode.Scalar], delimiters: [Unicode.Scalar]) -> (delimiter: Unicode.Scalar, skipInitialSpace: Bool)? {
        if let quoted = guessQuoteAndDelimiter(text, delimiters: delimiters) { return quoted }
        return guessDelimiter(text, delimiters: delimiters)
    }

    // MARK: - _guess_quote_and_delimiter

    /// Python's `\w` for text: letters, digits and other numbers, `_`.
    static func isWord(_ c: Unicode.Scalar) -> Bool {
        if c.isASCII {
            let v = c.value
            return (0x30...0x39).contains(v) || (0x41...0x5A).contains(v) || (0x61...0x7A).contains(v) || v == 0x5F
        }
        switch c.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber,
            .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    /// `[^\w\n"\']`.
    static func isDelimiterClass(_ c: Unicode.Scalar) -> Bool {
        c != "\n" && c != "\"" && c != "'" && !isWord(c)
    }

    static func isQuote(_ c: Unicode.Scalar) -> Bool { c == "\"" || c == "'" }

    /// The first position in a sorted list at or after `start`.
    static func first(_ positions: [Int]?, from start: Int) -> Int? {
        guard let positions else { return nil }
        var low = 0, high = positions.count
        while low < high {
            let middle = (low + high) / 2
            if positions[middle] < start { low = middle + 1 } else { high = middle }
        }
        return low < positions.count ? positions[low] : nil
    }

    private struct Match {
        var end: Int
        var quote: Unicode.Scalar
        var delimiter: Unicode.Scalar?
        var space: Bool
    }

    static func guessQuoteAndDelimiter(_ s: [Unicode.Scalar], delimiters: [Unicode.Scalar]) -> (delimiter: Unicode.Scalar, skipInitialSpace: Bool)? {
        let n = s.count
        // Positions k of a quote, by (quote, the character after it); by quote, where a
        // delimiter-class character follows; by quote, at a line's end.
        var quoteThen: [UInt64: [Int]] = [:]
        var quoteThenDelimiter: [Unicode.Scalar: [Int]] = [:]
        var quoteAtLineEnd: [Unicode.Scalar: [Int]] = [:]
        for k in 0..<n where isQuote(s[k]) {
            if k + 1 < n {
                quoteThen[UInt64(s[k].value) << 32 | UInt64(s[k + 1].value), default: []].append(k)
                if isDelimiterClass(s[k + 1]) { quoteThenDelimiter[s[k], default: []].append(k) }
            }
            if k + 1 == n || s[k + 1] == "\n" { quoteAtLineEnd[s[k], default: []].append(k) }
        }
        // The quote opening at p: the match's end and parts, or nil.
        typealias Closing = (_ quote: Unicode.Scalar, _ p: Int, _ delimiter: Unicode.Scalar?) -> (end: Int, delimiter: Unicode.Scalar?, space: Bool)?
        // 1: ,".*?",   3: ,".*?"$   (a delimiter, a space or not, a quote …)
        func delimited(_ i: Int, _ close: Closing) -> Match? {
            let c = s[i]
            guard isDelimiterClass(c) else { return nil }
            for space in [true, false] {
                let p = i + 1 + (space ? 1 : 0)
                if space && !(i + 1 < n && s[i + 1] == " ") { continue }
                guard p < n, isQuote(s[p]) else { continue }
                if let found = close(s[p], p, c) { return Match(end: found.end, quote: s[p], delimiter: c, space: space) }
            }
            return nil
        }
        // 2: ^".*?",   4: ^".*?"$   (a quote at a line's start …)
        func lineStart(_ i: Int, _ close: Closing) -> Match? {
            var starts: [Int] = []
            if i == 0 || s[i - 1] == "\n" { starts.append(i) }
            if s[i] == "\n" { starts.append(i + 1) }
            for p in starts where p < n && isQuote(s[p]) {
                if let found = close(s[p], p, nil) { return Match(end: found.end, quote: s[p], delimiter: found.delimiter, space: found.space) }
            }
            return nil
        }
        let patterns: [(Int) -> Match?] = [
            { i in
                delimited(i) { q, p, c in
                    first(quoteThen[UInt64(q.value) << 32 | UInt64(c!.value)], from: p + 1).map { ($0 + 2, c, false) }
                }
            },
            { i in
                lineStart(i) { q, p, _ in
                    first(quoteThenDelimiter[q], from: p + 1).map { k in
                        let space = k + 2 < n && s[k + 2] == " "
                        return (k + 2 + (space ? 1 : 0), s[k + 1], space)
                    }
                }
            },
            { i in delimited(i) { q, p, c in first(quoteAtLineEnd[q], from: p + 1).map { ($0 + 1, c, false) } } },
            { i in lineStart(i) { q, p, _ in first(quoteAtLineEnd[q], from: p + 1).map { ($0 + 1, nil, false) } } },
        ]
        for (index, pattern) in patterns.enumerated() {
            var matches: [Match] = []
            var i = 0
            while i < n {
                if let match = pattern(i) {
                    matches.append(match)
                    i = max(match.end, i + 1)
                } else {
                    i += 1
                }
            }
            guard !matches.isEmpty else { continue }
            // The pattern without a delimiter (4) gives a single column: no delimiter.
            guard index != 3 else { return nil }
            var counts: [(Unicode.Scalar, Int)] = []
            var spaces = 0
            for match in matches {
                if let d = match.delimiter, delimiters.contains(d) {
                    if let at = counts.firstIndex(where: { $0.0 == d }) { counts[at].1 += 1 } else { counts.append((d, 1)) }
                }
                if match.space { spaces += 1 }
            }
            guard let best = counts.max(by: { $0.1 < $1.1 }).map({ top in counts.first { $0.1 == top.1 }! }) else { return nil }
            return (best.0, best.1 == spaces)
        }
        return nil
    }

    // MARK: - _guess_delimiter

    /// Python's preference when several candidates are equally consistent.
    static let preferred: [Unicode.Scalar] = [",", "\t", ";", " ", ":"]

    static func guessDelimiter(_ text: [Unicode.Scalar], delimiters: [Unicode.Scalar]) -> (delimiter: Unicode.Scalar, skipInitialSpace: Bool)? {
        let data = text.split(separator: "\n", omittingEmptySubsequences: true)
        guard !data.isEmpty else { return nil }
        let candidates = delimiters.sorted { $0.value < $1.value }.reduce(into: [Unicode.Scalar]()) { if !$0.contains($1) { $0.append($1) } }
        func skipsSpace(_ d: Unicode.Scalar) -> Bool {
            let line = Array(data[0])
            var pairs = 0
            var index = 0
            while index < line.count {
                if line[index] == d, index + 1 < line.count, line[index + 1] == " " {
                    pairs += 1
                    index += 2
                } else {
                    index += 1
                }
            }
            return line.filter { $0 == d }.count == pairs
        }
        let chunkLength = min(10, data.count)
        var iteration = 0
        // Per candidate: (frequency on a line, lines with it), in order of first sight.
        var charFrequency: [Unicode.Scalar: [(Int, Int)]] = [:]
        var modes: [(Unicode.Scalar, (Int, Int))] = []
        var delims: [(Unicode.Scalar, (Int, Int))] = []
        var start = 0, end = chunkLength
        while start < data.count {
            iteration += 1
            for line in data[start..<min(end, data.count)] {
                for c in candidates {
                    let frequency = line.reduce(0) { $1 == c ? $0 + 1 : $0 }
                    var meta = charFrequency[c, default: []]
                    if let at = meta.firstIndex(where: { $0.0 == frequency }) { meta[at].1 += 1 } else { meta.append((frequency, 1)) }
                    charFrequency[c] = meta
                }
            }
            for c in candidates {
                guard let items = charFrequency[c], !(items.count == 1 && items[0].0 == 0) else { continue }
                var mode = items[0]
                if items.count > 1 {
                    let top = items.map(\.1).max()!
                    let at = items.firstIndex { $0.1 == top }!
                    mode = items[at]
                    let others = items.enumerated().filter { $0.offset != at }.reduce(0) { $0 + $1.element.1 }
                    mode = (mode.0, mode.1 - others)
                }
                if let at = modes.firstIndex(where: { $0.0 == c }) { modes[at].1 = mode } else { modes.append((c, mode)) }
            }
            let total = Double(min(chunkLength * iteration, data.count))
            var consistency = 1.0
            while delims.isEmpty && consistency >= 0.9 {
                for (k, v) in modes where v.0 > 0 && v.1 > 0 && Double(v.1) / total >= consistency && delimiters.contains(k) {
                    delims.append((k, v))
                }
                consistency -= 0.01
            }
            if delims.count == 1 {
                return (delims[0].0, skipsSpace(delims[0].0))
            }
            start = end
            end += chunkLength
        }
        guard !delims.isEmpty else { return nil }
        for d in preferred where delims.contains(where: { $0.0 == d }) {
            return (d, skipsSpace(d))
        }
        let last = delims.max { ($0.1.0, $0.1.1, $0.0.value) < ($1.1.0, $1.1.1, $1.0.value) }!
        return (last.0, skipsSpace(last.0))
    }
}
