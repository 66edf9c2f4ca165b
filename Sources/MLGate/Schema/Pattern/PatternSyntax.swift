/// An XML Schema regular expression as a tree: what the automaton is built from.
///
/// Every position reads one character from a ``CodepointSet``; the dialect has no
/// anchors, back-references or lazy quantifiers, so the tree is all there is.
indirect enum PatternNode: Sendable, Hashable {
    /// One character from the set (an empty set matches nothing).
    case set(CodepointSet)
    /// The parts one after the other (none: the empty string).
    case sequence([PatternNode])
    /// Any one of the branches.
    case alternation([PatternNode])
    /// The node `min` to `max` times (`max` nil: unbounded).
    case repetition(PatternNode, min: Int, max: Int?)
}

extension PatternNode {
    /// Whether the node matches the empty string.
    var isNullable: Bool {
        switch self {
        case .set: false
        case .sequence(let parts): parts.allSatisfy(\.isNullable)
        case .alternation(let branches): branches.contains(where: \.isNullable)
        case .repetition(let body, let min, _): min == 0 || body.isNullable
        }
    }
}

/// A pattern parsed for the automaton.
struct PatternSyntax: Sendable {
    /// The expression (implicitly anchored at both ends).
    let root: PatternNode
}

/// A construct the automaton leaves to libxml2 (the pattern is valid: libxml2 judged).
struct UnsupportedPattern: Error, Sendable, Hashable {
    /// What the construct is, for tests and diagnostics.
    let reason: String
}

/// Parses the XML Schema regular expression dialect as libxml2 reads it, for the subset
/// the automaton covers; anything else throws ``UnsupportedPattern``.
///
/// The pattern must already have been accepted by libxml2 (`xmlRegexpCompile`), which
/// stays the judge of validity. Where libxml2 reads a valid pattern unlike the XML Schema
/// specification (a `^` inside a class toggles negation, a `-` in the middle of a class
/// is skipped, a range cannot start with an escape, `{` is a literal where no quantifier
/// can be) the parser does not guess: it throws, and libxml2 matches that pattern.
struct PatternParser {
    /// The multi-character escapes' ASCII members, by escape letter (`d`, `D`, `s`, …),
    /// as libxml2 decides them.
    typealias EscapeMembers = (Character) -> CodepointSet

    /// Counted repetitions above this bound are left to libxml2.
    static let maximumCount = 1000

    private let scalars: [Unicode.Scalar]
    private var index = 0
    private let escapeMembers: EscapeMembers

    private init(_ pattern: String, escapeMembers: @escaping EscapeMembers) {
        scalars = Array(pattern.unicodeScalars)
        self.escapeMembers = escapeMembers
    }

    /// The tree of `pattern` (anchors already removed), or why libxml2 must match it.
    static func parse(_ pattern: String, escapeMembers: @escaping EscapeMembers) throws(UnsupportedPattern) -> PatternSyntax {
        var parser = PatternParser(pattern, escapeMembers: escapeMembers)
        // libxml2 reads the pattern as a C string: it ends at a NUL.
        guard !parser.scalars.contains("\0") else { throw UnsupportedPattern(reason: "a NUL character") }
        let root = try parser.regExp()
        guard parser.index == parser.scalars.count else { throw parser.unsupported("an unbalanced ')'") }
        return PatternSyntax(root: root)
    }

    // MARK: - Reading

    private var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    private func peek(_ offset: Int) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    private mutating func next() -> Unicode.Scalar? {
        defer { index += 1 }
        return current
    }

    private func unsupported(_ reason: String) -> UnsupportedPattern {
        UnsupportedPattern(reason: reason)
    }

    // MARK: - Grammar

    /// regExp ::= branch ( '|' branch )*
    private mutating func regExp() throws(UnsupportedPattern) -> PatternNode {
        var branches = [try branch()]
        while current == "|" {
            index += 1
            branches.append(try branch())
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    /// branch ::= piece*
    private mutating func branch() throws(UnsupportedPattern) -> PatternNode {
        var pieces: [PatternNode] = []
        while let scalar = current, scalar != "|", scalar != ")" {
            pieces.append(try piece())
        }
        return pieces.count == 1 ? pieces[0] : .sequence(pieces)
    }

    /// piece ::= atom quantifier?
    private mutating func piece() throws(UnsupportedPattern) -> PatternNode {
        let atom = try atom()
        switch current {
        case "?": index += 1; return .repetition(atom, min: 0, max: 1)
        case "*": index += 1; return .repetition(atom, min: 0, max: nil)
        case "+": index += 1; return .repetition(atom, min: 1, max: nil)
        case "{":
            index += 1
            let (min, max) = try quantity()
            // libxml2 counts an empty pass of such a body as no pass at all: `(a?){3}`
            // does not match "" or "a" there.
            if min >= 2, atom.isNullable { throw unsupported("a count of at least 2 over a group that can be empty") }
            return .repetition(atom, min: min, max: max)
        default: return atom
        }
    }

    /// quantity ::= QuantExact ( ',' QuantExact? )? '}' (the `{` already read)
    private mutating func quantity() throws(UnsupportedPattern) -> (Int, Int?) {
        let min = try count()
        var max: Int? = min
        if current == "," {
            index += 1
            max = current == "}" ? nil : try count()
        }
        guard next() == "}" else { throw unsupported("a malformed quantifier") }
        if let max, max < min { throw unsupported("a quantifier {n,m} with m < n") }
        return (min, max)
    }

    private mutating func count() throws(UnsupportedPattern) -> Int {
        var value = 0, digits = 0
        while let scalar = current, ("0"..."9").contains(scalar) {
            value = value * 10 + Int(scalar.value - 48)
            digits += 1
            index += 1
            guard value <= Self.maximumCount else { throw unsupported("a count above \(Self.maximumCount)") }
        }
        guard digits > 0 else { throw unsupported("a quantifier without a number") }
        return value
    }

    /// atom ::= Char | charClass | '(' regExp ')'
    private mutating func atom() throws(UnsupportedPattern) -> PatternNode {
        guard let scalar = next() else { throw unsupported("an empty atom") }
        switch scalar {
        case "(":
            let inner = try regExp()
            guard next() == ")" else { throw unsupported("an unclosed group") }
            return inner
        case "[": return .set(try characterClass())
        case "\\": return .set(try escape())
        case ".": return .set(CodepointSet.all.subtracting("\n", "\r"))
        case "{", "}": throw unsupported("a literal '\(scalar)'")
        case "?", "*", "+", "]", "|", ")": throw unsupported("a misplaced '\(scalar)'")
        default: return .set(CodepointSet(scalar))
        }
    }

    /// An escape after its `\`: a single-character escape, or a multi-character escape
    /// (`\s \S \d \D \w \W`). In a class, libxml2 reads the same escapes.
    private mutating func escape() throws(UnsupportedPattern) -> CodepointSet {
        guard let scalar = next() else { throw unsupported("a trailing '\\'") }
        if let literal = Self.singleCharacterEscape(scalar) { return CodepointSet(literal) }
        switch scalar {
        case "s", "S":
            // Exactly tab, newline, carriage return and space, in libxml2 as in the
            // specification: no Unicode table involved.
            let ascii = escapeMembers(Character(scalar))
            return scalar == "s" ? ascii : ascii.union(CodepointSet(0x80...CodepointSet.maximum))
        case "d", "D", "w", "W":
            // Their ASCII members are libxml2's; the others come from its Unicode tables.
            var set = escapeMembers(Character(scalar))
            set.nonASCIIFromTables = true
            return set
        case "i", "I", "c", "C": throw unsupported("\\i, \\I, \\c, \\C (XML name characters)")
        case "p", "P": throw unsupported("\\p{…} and \\P{…} (Unicode categories and blocks)")
        default: throw unsupported("an unknown escape '\\\(scalar)'")
        }
    }

    /// SingleCharEsc ::= '\' [nrt\|.?*+(){}#x2D#x5B#x5D#x5E]
    private static func singleCharacterEscape(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        switch scalar {
        case "n": "\n"
        case "r": "\r"
        case "t": "\t"
        case "\\", "|", ".", "?", "*", "+", "(", ")", "{", "}", "-", "[", "]", "^": scalar
        default: nil
        }
    }

    /// charClassExpr ::= '[' '^'? ( charRange | charClassEsc )* ']' (the `[` already read),
    /// for the shapes libxml2 reads as the specification does.
    private mutating func characterClass() throws(UnsupportedPattern) -> CodepointSet {
        var negated = false
        if current == "^" {
            negated = true
            index += 1
        }
        var set = CodepointSet.empty
        var first = true
        while true {
            guard let scalar = current else { throw unsupported("an unclosed class") }
            switch scalar {
            case "]":
                if first && negated { throw unsupported("an empty negated class") }
                index += 1
                return negated ? set.inverted() : set
            case "\\":
                index += 1
                set.formUnion(try escape())
                // libxml2 does not start a range at an escape: it skips the '-'.
                if current == "-", peek(1) != "]" { throw unsupported("a range starting with an escape") }
            case "[": throw unsupported("class subtraction or a nested '['")
            case "^": throw unsupported("a '^' inside a class")
            default:
                if scalar == "-" {
                    if peek(1) == "[" { throw unsupported("class subtraction") }
                    // libxml2 skips a '-' that is neither first nor last.
                    if !first, peek(1) != "]" { throw unsupported("a '-' in the middle of a class") }
                }
                index += 1
                if current == "-", let end = peek(1), end != "]" {
                    index += 1
                    let last = try rangeEnd()
                    guard scalar.value <= last.value else { throw unsupported("a range whose end is before its start") }
                    set.formUnion(CodepointSet(scalar.value...last.value))
                } else {
                    set.formUnion(CodepointSet(scalar))
                }
            }
            first = false
        }
    }

    /// The end of a range `a-z`: a character or a single-character escape.
    private mutating func rangeEnd() throws(UnsupportedPattern) -> Unicode.Scalar {
        guard let scalar = next() else { throw unsupported("an unclosed class") }
        switch scalar {
        case "\\":
            guard let escaped = next(), let literal = Self.singleCharacterEscape(escaped) else {
                throw unsupported("a range ending with a multi-character escape")
            }
            return literal
        case "[", "]": throw unsupported("a range ending with '\(scalar)'")
        default: return scalar
        }
    }
}

extension CodepointSet {
    /// The set without the given code points.
    func subtracting(_ scalars: Unicode.Scalar...) -> CodepointSet {
        var removed = CodepointSet.empty
        for scalar in scalars { removed.formUnion(CodepointSet(scalar)) }
        return removed.inverted().intersection(self)
    }

    /// The code points in both sets.
    func intersection(_ other: CodepointSet) -> CodepointSet {
        var union = inverted()
        union.formUnion(other.inverted())
        return union.inverted()
    }

    /// The code points in either set.
    func union(_ other: CodepointSet) -> CodepointSet {
        var result = self
        result.formUnion(other)
        return result
    }
}
