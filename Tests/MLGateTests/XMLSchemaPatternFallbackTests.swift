import Testing

@testable import MLGate

/// What the automaton leaves to libxml2: each construct is reported as such and still
/// matches as libxml2 does; cells the automaton cannot judge go to libxml2 one by one.
@Suite("XML Schema patterns: libxml2 fallback")
struct XMLSchemaPatternFallbackTests {
    /// A pattern the automaton leaves to libxml2, and a word of the reason.
    static let fallbacks: [(String, String)] = [
        (#"\p{Lu}+"#, "categories"), (#"\P{L}\d"#, "categories"), (#"\p{IsBasicLatin}*"#, "categories"),
        (#"\i\c*"#, "name characters"), (#"[\i-[:]][\c-[:]]*"#, "name characters"),
        ("[a-z-[aeiou]]+", "subtraction"), ("[a^b]", "'^' inside"), ("[a-c-e]", "middle of a class"),
        (#"[\n-\r]"#, "starting with an escape"), ("a{2000}", "count above"), ("(a{100}){200}", "states"),
        ("{a}", "literal"), ("(a?){3}", "can be empty"), ("x(a*){2,}", "can be empty"),
    ]

    @Test(arguments: fallbacks)
    func reportsTheFallbackAndMatchesAsLibXML2(_ pattern: String, _ reason: String) throws {
        let compiled = try XMLSchemaPattern(pattern)
        guard case .libxml2(let why) = compiled.engine else {
            Issue.record("\(pattern) is on the automaton")
            return
        }
        #expect(why.contains(reason), "\(pattern): \(why)")
        var random = SplitMix64(seed: XMLSchemaPatternDifferentialTests.seed(pattern))
        let alphabet = Array(Set(pattern.unicodeScalars)) + PatternSamples.pool
        for _ in 0..<200 {
            let length = Int.random(in: 0...8, using: &random)
            let text = String(String.UnicodeScalarView((0..<length).map { _ in alphabet.randomElement(using: &random)! }))
            Array(text.utf8).withUnsafeBufferPointer { bytes in
                #expect(compiled.matches(bytes) == compiled.libxml2Matches(bytes), "\(pattern) on \(text.debugDescription)")
            }
        }
    }

    /// Cells the automaton of a pattern on its engine leaves to libxml2, one by one.
    @Test(arguments: [
        (#"\d+"#, "٣٤", true),  // Arabic-Indic digits: \d is Unicode's Nd
        (#"\w+"#, "née", true),
        (#"\W"#, "\u{2003}", true),
        ("a.c", "a\u{0}c", false),  // libxml2 reads up to the NUL
        ("a.*", "a\u{0}c", true),
    ])
    func leavesSomeCellsToLibXML2(_ pattern: String, _ cell: String, _ expected: Bool) throws {
        let compiled = try XMLSchemaPattern(pattern)
        #expect(compiled.engine == .automaton)
        var text = cell
        text.withUTF8 { bytes in
            #expect(compiled.automatonVerdict(bytes) == .undecided)
            #expect(compiled.matches(bytes) == expected)
            #expect(compiled.libxml2Matches(bytes) == expected)
        }
    }

    /// A non-ASCII character is only left to libxml2 where a class from Unicode's tables
    /// reads it.
    @Test(arguments: [
        (#"€\d+"#, "€12", AutomatonVerdict.match), (#"[a-z]+ \d+"#, "é 12", .noMatch), (#"\w+"#, "ab-", .noMatch),
        (#"\d+"#, "1٣", .undecided), (#"\d+é"#, "12é", .undecided),
    ])
    func decidesNonASCIIWhereNoTableReadsIt(_ pattern: String, _ cell: String, _ verdict: AutomatonVerdict) throws {
        let compiled = try XMLSchemaPattern(pattern)
        var text = cell
        text.withUTF8 { bytes in
            #expect(compiled.automatonVerdict(bytes) == verdict)
            #expect(compiled.matches(bytes) == compiled.libxml2Matches(bytes))
        }
    }

    /// Bytes that are not UTF-8 are libxml2's to read.
    @Test func leavesBytesThatAreNotUTF8ToLibXML2() throws {
        let compiled = try XMLSchemaPattern("a.*")
        for cell: [UInt8] in [[0x61, 0xFF], [0x61, 0xC3], [0x61, 0xED, 0xA0, 0x80], [0x62, 0xFF]] {
            cell.withUnsafeBufferPointer { bytes in
                #expect(compiled.automatonVerdict(bytes) == .undecided)
                #expect(compiled.matches(bytes) == compiled.libxml2Matches(bytes))
            }
        }
    }

    /// Beyond the cap on DFA states, the cells that need a new state go to libxml2.
    @Test func leavesCellsBeyondTheStateCapToLibXML2() throws {
        guard #available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *) else { return }
        let pattern = "(a|b)*a(a|b){12}"
        let compiled = try XMLSchemaPattern(pattern)
        let syntax = try XMLSchemaPattern.syntax(of: pattern)
        let automaton = try #require(LazyDFA(try ByteNFA(syntax.root), maximumStates: 50))
        var random = SplitMix64(seed: 12)
        var undecided = 0
        for _ in 0..<500 {
            let cell = (0..<Int.random(in: 10...30, using: &random)).map { _ in Bool.random(using: &random) ? UInt8(ascii: "a") : UInt8(ascii: "b") }
            cell.withUnsafeBufferPointer { bytes in
                let verdict = automaton.verdict(bytes)
                if verdict == .undecided {
                    undecided += 1
                } else {
                    #expect((verdict == .match) == compiled.libxml2Matches(bytes))
                }
                #expect(compiled.matches(bytes) == compiled.libxml2Matches(bytes))
            }
        }
        #expect(automaton.stateCount <= 50)
        #expect(undecided > 0)
    }

    /// Invalid patterns are still libxml2's to reject, with its reason.
    @Test(arguments: ["[a-", "a**", #"\$"#, "(a", "[z-a]"])
    func rejectsWhatLibXML2Rejects(_ pattern: String) {
        #expect(throws: XMLSchemaPatternError.self) { try XMLSchemaPattern(pattern) }
    }
}
