import Testing
@testable import MLGate

/// Drift reads a cell as missing exactly when pandas' `read_csv` would: one of its
/// default `na_values` (``DriftColumnSample/missingTokens``), compared byte for byte.
@Suite("Drift: missing tokens")
struct MissingTokenTests {
    static func isMissing(_ text: String) -> Bool {
        Array(text.utf8).withUnsafeBufferPointer { DriftColumnSample.isMissingToken($0) }
    }

    @Test("every token is missing, and nothing else", arguments: [0, 1, 2])
    func tokens(_ seed: UInt64) {
        for token in DriftColumnSample.missingTokens { #expect(Self.isMissing(token), "\(token.debugDescription)") }
        for near in ["nul", "nulls", "NaN ", " NaN", "north", "N/B", "1.#INF", "Null", "NONE", "-NAN", "#N/A N/B", "#N/A N/A ", "na", "<na>", "1"] {
            #expect(!Self.isMissing(near), "\(near.debugDescription)")
        }
        // Strings of the tokens' own characters, as a set lookup reads them.
        let pieces = ["N", "n", "A", "a", "/", "#", "-", "1", ".", "I", "D", "Q", "<", ">", "u", "l", "L", "o", "e", " ", "NA", "N/A", "nan", "null"]
        var generator = SplitMix64(seed: 0x4D54 &+ seed)
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...4, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(Self.isMissing(text) == DriftColumnSample.missingTokens.contains(text), "\(text.debugDescription)")
        }
    }
}
