import CLibXML2
import Foundation

/// A `pattern` constraint: an XML Schema regular expression, which by the Table Schema
/// standard must match the whole cell (XML Schema patterns are implicitly anchored).
///
/// libxml2's XML Schema regexp engine (`xmlRegexpCompile`) compiles every pattern and is
/// the judge of the dialect: `\d`, `\p{Lu}`, character class subtraction `[a-z-[aeiou]]`,
/// no `^`/`$` anchors, no lazy quantifiers or back-references. Cells are matched by a
/// deterministic automaton over their bytes, built from the same pattern
/// (Schema/Pattern/: ``PatternParser``, ``ByteNFA``, ``LazyDFA``), where the pattern's
/// constructs allow; libxml2 (`xmlRegexpExec`) matches the rest, and the cells the
/// automaton leaves to it (see ``Engine``). This and the JUnit renderer are the only
/// files that touch libxml2's C types.
public final class XMLSchemaPattern: @unchecked Sendable {
    // The compiled automaton is only read after compilation: xmlRegexpExec builds its
    // own execution state per call, so one pattern can be matched from several threads.
    private let compiled: xmlRegexpPtr
    /// The pattern as written in the schema.
    public let source: String
    /// The byte automaton (one that decides nothing when the pattern's constructs allow
    /// none).
    private let automaton: any CellAutomaton
    /// Which engine matches the pattern's cells.
    let engine: Engine

    /// Which engine matches a pattern's cells.
    enum Engine: Sendable, Hashable {
        /// The byte automaton; libxml2 still matches the cells it leaves undecided (see
        /// ``AutomatonVerdict/undecided``): a character XML does not allow, bytes that are
        /// not UTF-8, a non-ASCII character read by `\d \D \w \W` (Unicode's tables), a
        /// cell needing more DFA states than the cap.
        case automaton
        /// libxml2 alone, for the reason given (a construct the automaton leaves to it).
        case libxml2(reason: String)
    }

    /// Compiles `pattern`; throws when libxml2 rejects it (the message says why and what
    /// the dialect is).
    public init(_ pattern: String) throws(XMLSchemaPatternError) {
        source = pattern
        let anchored = Self.withoutAnchors(pattern)
        var reason: String?
        let regexp: xmlRegexpPtr? = LibXMLErrors.capturing({ reason = $0 }) {
            anchored.withCString { text in
                text.withMemoryRebound(to: xmlChar.self, capacity: anchored.utf8.count + 1) { xmlRegexpCompile($0) }
            }
        }
        guard let regexp else {
            throw XMLSchemaPatternError(pattern: pattern, reason: reason ?? "not a valid XML Schema regular expression")
        }
        compiled = regexp
        (automaton, engine) = Self.automaton(for: anchored)
    }

    /// The automaton for a pattern libxml2 accepted, or why there is none.
    private static func automaton(for pattern: String) -> (any CellAutomaton, Engine) {
        guard #available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *) else {
            return (NoAutomaton(), .libxml2(reason: "the automaton needs the Synchronization module (macOS 15)"))
        }
        do {
            let syntax = try syntax(of: pattern)
            guard let automaton = LazyDFA(try ByteNFA(syntax.root)) else {
                return (NoAutomaton(), .libxml2(reason: "no memory could be mapped for the automaton"))
            }
            return (automaton, .automaton)
        } catch {
            return (NoAutomaton(), .libxml2(reason: error.reason))
        }
    }

    /// Leaves every cell to libxml2.
    private final class NoAutomaton: CellAutomaton {
        func verdict(_ bytes: UnsafeBufferPointer<UInt8>) -> AutomatonVerdict { .undecided }
        var stateCount: Int { 0 }
    }

    /// The automaton's reading of `pattern` (anchors already removed).
    static func syntax(of pattern: String) throws(UnsupportedPattern) -> PatternSyntax {
        try PatternParser.parse(pattern) { escapeASCIIMembers[$0] ?? .empty }
    }

    /// The ASCII members of the multi-character escapes the automaton reads (`\s \S \d
    /// \D \w \W`), as libxml2 decides them (each escape compiled once, every ASCII
    /// character but NUL tried), so that the automaton agrees with it by construction.
    private static let escapeASCIIMembers: [Character: CodepointSet] = {
        var members: [Character: CodepointSet] = [:]
        for letter in "sSdDwW" {
            guard let regexp = xmlRegexpCompile(Array("\\\(letter)".utf8) + [0]) else { continue }
            defer { xmlRegFreeRegexp(regexp) }
            members[letter] = CodepointSet(asciiMembers: (0..<128).map { code in
                code != 0 && xmlRegexpExec(regexp, [xmlChar(code), 0]) == 1
            })
        }
        return members
    }()

    /// The DFA states built so far (0 without the automaton), for tests.
    var automatonStateCount: Int { automaton.stateCount }

    /// The automaton's verdict on `bytes` (nil without the automaton), for tests.
    func automatonVerdict(_ bytes: UnsafeBufferPointer<UInt8>) -> AutomatonVerdict? {
        engine == .automaton ? automaton.verdict(bytes) : nil
    }

    /// The pattern without a leading `^` and a trailing unescaped `$`.
    ///
    /// XML Schema patterns are anchored and have no anchors: there, `^` and `$` are
    /// ordinary characters. Schemas written for Python-based tools (frictionless wraps
    /// patterns in `^…$` itself, but many authors add them anyway) would then match
    /// nothing; a cell that really starts with `^` is rarer than that mistake, so the
    /// anchors are dropped. Escape them (`\^`, `\$`) to mean the characters.
    static func withoutAnchors(_ pattern: String) -> String {
        var text = Substring(pattern)
        if text.hasPrefix("^") { text = text.dropFirst() }
        if text.hasSuffix("$"), !text.hasSuffix("[$]") { text = text.dropLast() }
        return String(text)
    }

    deinit {
        xmlRegFreeRegexp(compiled)
    }

    /// Whether the whole of `bytes` (UTF-8, without a NUL) matches.
    public func matches(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        switch automaton.verdict(bytes) {
        case .match: return true
        case .noMatch: return false
        case .undecided: return libxml2Matches(bytes)
        }
    }

    /// Whether libxml2's engine matches the whole of `bytes` (the reference the tests
    /// hold the automaton to).
    func libxml2Matches(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        // xmlRegexpExec reads a NUL-terminated string; cells are usually short.
        withUnsafeTemporaryAllocation(of: xmlChar.self, capacity: bytes.count + 1) { buffer in
            _ = buffer.initialize(from: bytes)
            buffer[bytes.count] = 0
            return xmlRegexpExec(compiled, buffer.baseAddress) == 1
        }
    }

    /// Whether the whole of `text` matches.
    public func matches(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { matches($0) }
    }
}

/// A `pattern` that is not an XML Schema regular expression.
public struct XMLSchemaPatternError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The pattern as written.
    public var pattern: String
    /// libxml2's reason.
    public var reason: String

    public var description: String {
        "pattern '\(pattern)' is not a valid XML Schema regular expression: \(reason)"
            + " (expected the XML Schema dialect: implicitly anchored, no '^'/'$', no lazy quantifiers)"
    }
}

/// libxml2 reports problems through a global callback that prints to standard error by
/// default; the library must not print, so calls that may fail capture the text instead.
enum LibXMLErrors {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var sink: ((String) -> Void)?

    /// Runs `body` with libxml2's structured errors sent to `handler` (the first line of
    /// each message, trimmed), then restores the default.
    static func capturing<Result>(_ handler: @escaping (String) -> Void, _ body: () -> Result) -> Result {
        lock.lock()
        defer { lock.unlock() }
        sink = handler
        xmlSetStructuredErrorFunc(nil) { _, error in
            guard let error, let message = error.pointee.message else { return }
            let text = String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines)
            LibXMLErrors.sink?(text)
        }
        defer {
            xmlSetStructuredErrorFunc(nil, nil)
            sink = nil
        }
        return body()
    }
}
