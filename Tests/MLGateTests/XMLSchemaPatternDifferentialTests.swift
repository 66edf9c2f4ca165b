import Testing

@testable import MLGate

/// The pattern automaton against libxml2's engine, the reference: for many typical
/// patterns and many seeded strings per pattern (strings the pattern generates, their
/// mutations, random strings over the pattern's alphabet, ASCII and not, bytes that are
/// not UTF-8, NUL), `matches` answers exactly as `xmlRegexpExec` does.
@Suite("XML Schema patterns: automaton vs libxml2")
struct XMLSchemaPatternDifferentialTests {
    /// Typical patterns, all on the automaton.
    static let patterns: [String] = [
        // e-mail
        #"[a-z0-9.]+@[a-z]+\.(com|org|net)"#, #"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"#,
        #"[^@\s]+@[^@\s]+\.[^@\s]+"#, #"\w+(\.\w+)*@\w+(\.\w+)+"#, #".+@.+"#,
        // ids and codes
        #"[A-Z]{3}-\d{4}"#, #"ID\d{6}"#, #"[A-Z]{2}\d{2}[A-Z0-9]{1,30}"#, #"[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?"#,
        #"[A-Z][a-z]+( [A-Z][a-z]+)*"#, #"(\w|-)+"#, #"[\w.-]+"#, #"[a-zA-Z]{2,8}(-[a-zA-Z0-9]{1,8})*"#,
        #"v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?"#,
        // phone numbers
        #"\d{3}-\d{3}-\d{4}"#, #"\(\d{3}\) \d{3}-\d{4}"#, #"\+?[0-9 ()-]{7,20}"#, #"\+[1-9]\d{1,14}"#,
        // dates and times
        #"\d{4}-\d{2}-\d{2}"#, #"(19|20)\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])"#, #"\d{2}/\d{2}/\d{4}"#,
        #"([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?"#, #"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})"#,
        // postcodes
        #"[0-9]{5}(-[0-9]{4})?"#, #"[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}"#, #"[1-9][0-9]{3} ?[A-Z]{2}"#,
        #"\d{5}"#, #"[A-Z]\d[A-Z] ?\d[A-Z]\d"#,
        // UUIDs and hex
        #"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"#,
        #"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"#, #"[0-9a-f]{32}"#,
        #"0x[0-9A-Fa-f]+"#, #"#([0-9a-fA-F]{3}){1,2}"#, #"([0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}"#,
        // numbers and addresses
        #"-?\d+(\.\d+)?([eE][+-]?\d+)?"#, #"[+-]?(\d+|\d*\.\d+)"#, #"[0-9]+(,[0-9]{3})*(\.[0-9]+)?"#,
        #"(\d{1,3}\.){3}\d{1,3}"#, #"((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"#,
        #"https?://[a-z0-9.-]+(/[^\s]*)?"#,
        // alternations
        "(M|F|X)", "(yes|no|maybe)", "red|green|blue", "(cat|car|cart|carton)s?", "(a|ab)(c|bcd)(d*)",
        // counted repetitions
        #"\d{0,3}"#, "(ab){2,4}c{0,2}", "x{0}y", "((a|b)c?){2,3}", "[a-c]{2}|[x-z]{3}", "(a?){0,3}", "(a*){1,2}b", "(a|b?){1}c", ".{3,5}",
        // classes, negation, escapes, multi-character escapes
        "[^,;]+", "[^0-9]*", #"[^\s]+"#, #"\S+( \S+)*"#, #"\w+"#, #"\W*"#, #"\D+"#, #"\s*\d+\s*"#, #"[\d\s]+"#,
        #"[\t\n\r ]+"#, #"\s+"#, "[ -~]*", #"[\-\[\]\^]+"#, "[-a]+", "[a-]+", "[--/]+", "[^-]+", "[.]+",
        #"\n|\r|\t|\\|\||\.|\-|\^|\?|\*|\+|\{|\}|\(|\)|\[|\]"#, "a^b", "$a", ".", ".*", "[]", "()", "(|a)b", "", "a|", "|", "[{}]+",
        "(a*)*b", "(a|)+", "a*", "(ab)*", "(a|b)*abb",
        // Unicode literals
        "café|naïve", "[à-ÿ]+", "日本|中国", "[α-ω]{2,5}", #"€\d+(,\d{2})?"#, "😀+", "[^é]+", "[a-zé😀]+",
    ]

    @Test func coversAtLeastSixtyTypicalPatternsOnTheAutomaton() throws {
        #expect(Self.patterns.count >= 60)
        for pattern in Self.patterns {
            #expect(try XMLSchemaPattern(pattern).engine == .automaton, "\(pattern)")
        }
    }

    @Test(arguments: patterns)
    func agreesWithLibXML2(_ pattern: String) throws {
        let compiled = try XMLSchemaPattern(pattern)
        var random = SplitMix64(seed: Self.seed(pattern))
        let samples = try PatternSamples.make(for: pattern, count: 400, using: &random)
        var decided = 0
        var disagreements: [String] = []
        for sample in samples {
            sample.withUnsafeBufferPointer { bytes in
                let expected = compiled.libxml2Matches(bytes)
                if let verdict = compiled.automatonVerdict(bytes), verdict != .undecided {
                    decided += 1
                    if (verdict == .match) != expected { disagreements.append("\(sample): automaton \(verdict), libxml2 \(expected)") }
                }
                if compiled.matches(bytes) != expected { disagreements.append("\(sample): matches() \(!expected)") }
            }
        }
        #expect(disagreements.isEmpty, "\(pattern): \(disagreements.prefix(5))")
        #expect(decided > samples.count / 4, "\(pattern): only \(decided) of \(samples.count) decided by the automaton")
    }

    /// Several threads matching through one lazily built automaton see libxml2's answers.
    @Test func buildsStatesSafelyFromSeveralThreads() async throws {
        let pattern = #"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"#
        let compiled = try XMLSchemaPattern(pattern)
        var random = SplitMix64(seed: 7)
        let samples = try PatternSamples.make(for: pattern, count: 2000, using: &random)
        let expected = samples.map { sample in sample.withUnsafeBufferPointer { compiled.libxml2Matches($0) } }
        let agreeing = await withTaskGroup(of: Bool.self) { group in
            for task in 0..<4 {
                group.addTask {
                    let order = task % 2 == 0 ? Array(samples.indices) : samples.indices.reversed()
                    return order.allSatisfy { i in samples[i].withUnsafeBufferPointer { compiled.matches($0) } == expected[i] }
                }
            }
            return await group.reduce(true) { $0 && $1 }
        }
        #expect(agreeing)
        #expect(compiled.automatonStateCount > 3)
    }

    /// A seed per pattern, stable across runs (Swift's hashValue is not).
    static func seed(_ pattern: String) -> UInt64 {
        pattern.utf8.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 }
    }
}

/// Seeded strings for one pattern: strings it generates, their mutations (characters
/// inserted, removed, replaced; bytes truncated, invalid bytes and NUL inserted), and
/// random strings over its alphabet and a pool of ASCII and non-ASCII characters.
enum PatternSamples {
    static let pool: [Unicode.Scalar] = Array(
        "az AZ09@._-+()/:,;#\t\n\r$^|\\é ßà中😀٣Ⅻ\u{A0}\u{2003}\u{FFFE}\u{FFFF}\u{1}\u{8}\u{1F}\u{7F}\u{85}".unicodeScalars)

    static func make(for pattern: String, count: Int, using random: inout SplitMix64) throws -> [[UInt8]] {
        let syntax = try XMLSchemaPattern.syntax(of: XMLSchemaPattern.withoutAnchors(pattern))
        let alphabet = Array(Set(pattern.unicodeScalars).subtracting(["\\"])) + pool
        var samples: [[UInt8]] = [[]]
        while samples.count < count {
            var generated: [Unicode.Scalar] = []
            generate(syntax.root, into: &generated, using: &random)
            samples.append(bytes(generated))
            // One or two mutations of what the pattern generates.
            var mutated = generated
            for _ in 0..<Int.random(in: 1...2, using: &random) {
                let position = Int.random(in: 0...mutated.count, using: &random)
                let scalar = alphabet.randomElement(using: &random)!
                switch Int.random(in: 0..<4, using: &random) {
                case 0: mutated.insert(scalar, at: position)
                case 1 where position < mutated.count: mutated.remove(at: position)
                case 2 where position < mutated.count: mutated[position] = scalar
                default: mutated.insert(contentsOf: mutated.prefix(position).suffix(2), at: position)
                }
            }
            var mutatedBytes = bytes(mutated)
            switch Int.random(in: 0..<10, using: &random) {
            case 0 where !mutatedBytes.isEmpty: mutatedBytes.removeLast()
            case 1: mutatedBytes.insert(0xFF, at: Int.random(in: 0...mutatedBytes.count, using: &random))
            case 2: mutatedBytes.insert(0, at: Int.random(in: 0...mutatedBytes.count, using: &random))
            case 3: mutatedBytes.insert(contentsOf: [0xED, 0xA0, 0x80], at: mutatedBytes.count)  // a surrogate
            default: break
            }
            samples.append(mutatedBytes)
            let length = Int.random(in: 0...12, using: &random)
            samples.append(bytes((0..<length).map { _ in alphabet.randomElement(using: &random)! }))
        }
        return samples
    }

    private static func bytes(_ scalars: [Unicode.Scalar]) -> [UInt8] {
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars)
        return Array(String(text).utf8)
    }

    /// A random string the pattern matches (repetitions at most three beyond their minimum).
    static func generate(_ node: PatternNode, into text: inout [Unicode.Scalar], using random: inout SplitMix64) {
        switch node {
        case .set(let set):
            guard !set.isEmpty else { return }
            // Mostly printable ASCII, sometimes anything in the set.
            let printable = set.intersection(CodepointSet(0x20...0x7E))
            let ranges = !printable.isEmpty && Int.random(in: 0..<4, using: &random) > 0 ? printable.ranges : set.ranges
            let range = ranges.randomElement(using: &random)!
            var code = UInt32.random(in: range, using: &random)
            if (0xD800...0xDFFF).contains(code) { code = range.upperBound > 0xDFFF ? 0xE000 : range.lowerBound }
            if let scalar = Unicode.Scalar(code) { text.append(scalar) }
        case .sequence(let parts):
            for part in parts { generate(part, into: &text, using: &random) }
        case .alternation(let branches):
            generate(branches.randomElement(using: &random)!, into: &text, using: &random)
        case .repetition(let body, let min, let max):
            let most = Swift.min(max ?? min + 3, min + 3)
            for _ in 0..<Int.random(in: min...most, using: &random) { generate(body, into: &text, using: &random) }
        }
    }
}
