/// An XML Schema `pattern` translated to a PostgreSQL advanced regular expression (ARE,
/// the `~` operator) that matches exactly the same strings, for the contract's pushdown.
///
/// The translation starts from the tree the contract's own automaton is built from
/// (``PatternParser``, which reads the dialect as libxml2 does and throws for every
/// construct it does not read exactly), so the two agree by construction: each position's
/// set of code points becomes a bracket expression of code-point ranges written as
/// `\uXXXX` escapes, sequences and alternations become non-capturing groups, counted
/// repetitions ARE bounds, and the whole is anchored (`^(?:…)$`: `$` in an ARE matches
/// only at the end of the string). What cannot be translated exactly is refused (nil):
/// a pattern the automaton leaves to libxml2, a count above 255 (the ARE limit), an
/// empty set, a translation longer than ``maximumLength``.
///
/// `\d \D \w \W` (and classes holding them) read non-ASCII characters from Unicode's
/// tables, which ARE classes do not share: their translation holds only their ASCII
/// members, so a cell is judged by the translation only when it is ASCII
/// (``asciiOnly``); the contract's own engine judges the others.
///
/// The same tree also becomes a Java regular expression (``Flavor/java``, Spark's
/// `RLIKE`): the same brackets and groups, supplementary code points as `\x{…}`, and the
/// end anchored by `\z` (Java's `$` also matches before a final line break).
struct POSIXPattern: Sendable, Hashable {
    /// The engine's regular-expression language.
    enum Flavor: Sendable, Hashable {
        /// PostgreSQL's advanced regular expressions (`~`).
        case postgres
        /// `java.util.regex` (Spark's `RLIKE`, matched with `find`).
        case java
    }

    /// The anchored regular expression.
    let regex: String
    /// The XML Schema pattern it translates.
    let source: String
    /// Whether the translation is exact only for ASCII cells.
    let asciiOnly: Bool

    /// The longest translation sent (a longer one is refused: the server's regex
    /// compiler has limits of its own).
    static let maximumLength = 4000
    /// The largest count of an ARE bound (`{m,n}`: RE_DUP_MAX).
    static let maximumCount = 255

    /// The translation of the XML Schema pattern `pattern`, or nil when it cannot be
    /// translated exactly.
    init?(_ pattern: String, flavor: Flavor = .postgres) {
        guard let syntax = try? XMLSchemaPattern.syntax(of: XMLSchemaPattern.withoutAnchors(pattern)) else { return nil }
        var asciiOnly = false
        guard let body = Self.translate(syntax.root, flavor, asciiOnly: &asciiOnly) else { return nil }
        let regex = flavor == .postgres ? "^(?:\(body))$" : "^(?:\(body))\\z"
        guard regex.utf8.count <= Self.maximumLength else { return nil }
        self.regex = regex
        self.source = pattern
        self.asciiOnly = asciiOnly
    }

    /// The same pattern in another engine's language (nil when it cannot be translated exactly).
    func translated(_ flavor: Flavor) -> POSIXPattern? { POSIXPattern(source, flavor: flavor) }

    private static func translate(_ node: PatternNode, _ flavor: Flavor, asciiOnly: inout Bool) -> String? {
        switch node {
        case .set(let set):
            if set.nonASCIIFromTables { asciiOnly = true }
            return bracket(set, flavor)
        case .sequence(let parts):
            var text = ""
            for part in parts {
                guard let piece = translate(part, flavor, asciiOnly: &asciiOnly) else { return nil }
                if case .alternation = part { text += "(?:\(piece))" } else { text += piece }
            }
            return text
        case .alternation(let branches):
            var pieces: [String] = []
            for branch in branches {
                guard let piece = translate(branch, flavor, asciiOnly: &asciiOnly) else { return nil }
                pieces.append(piece)
            }
            return pieces.joined(separator: "|")
        case .repetition(let body, let min, let max):
            guard min <= maximumCount, (max ?? 0) <= maximumCount,
                  let piece = translate(body, flavor, asciiOnly: &asciiOnly)
            else { return nil }
            let atom: String
            if case .set = body { atom = piece } else { atom = "(?:\(piece))" }
            switch (min, max) {
            case (0, nil): return atom + "*"
            case (1, nil): return atom + "+"
            case (0, 1?): return atom + "?"
            case (let low, nil): return atom + "{\(low),}"
            case (let low, let high?) where low == high: return atom + "{\(low)}"
            case (let low, let high?): return atom + "{\(low),\(high)}"
            }
        }
    }

    /// One position: `[\u0061-\u007A\u00E9]`; nil for a set without characters.
    private static func bracket(_ set: CodepointSet, _ flavor: Flavor) -> String? {
        var items = ""
        for range in set.ranges {
            // NUL and the surrogates are never in a text: ranges stop short of them.
            var low = max(range.lowerBound, 1), high = range.upperBound
            if (0xD800...0xDFFF).contains(low) { low = 0xE000 }
            if (0xD800...0xDFFF).contains(high) { high = 0xD7FF }
            guard low <= high else { continue }
            items += low == high ? escape(low, flavor) : "\(escape(low, flavor))-\(escape(high, flavor))"
        }
        return items.isEmpty ? nil : "[\(items)]"
    }

    /// A code point as a character-entry escape, valid inside and outside brackets.
    private static func escape(_ code: UInt32, _ flavor: Flavor) -> String {
        let hex = String(code, radix: 16, uppercase: true)
        if flavor == .java, code > 0xFFFF { return "\\x{\(hex)}" }
        return code <= 0xFFFF
            ? "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            : "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
    }
}
