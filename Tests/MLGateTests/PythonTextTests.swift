import Testing

@testable import MLGate

@Suite("Python's text rules")
struct PythonTextTests {
    /// Scalars counted eight bytes at a time equal Swift's count of the string's scalars,
    /// at every length and alignment, for ASCII and one- to four-byte characters.
    @Test(arguments: [0, 1, 2])
    func scalarCountIsPythonsLen(seed: UInt64) {
        var generator = SplitMix64(seed: 0x5CA1 &+ seed)
        let alphabet: [Unicode.Scalar] = ["a", "~", "\u{7F}", "é", "\u{80}", "ß", "\u{7FF}", "€", "\u{FFFD}", "😀", "\u{10FFFF}"]
        for _ in 0..<500 {
            let length = Int.random(in: 0..<40, using: &generator)
            var text = String.UnicodeScalarView()
            for _ in 0..<length { text.append(alphabet[Int.random(in: 0..<alphabet.count, using: &generator)]) }
            let string = String(text)
            let offset = Int.random(in: 0..<8, using: &generator)
            // At an offset into a larger buffer, so that the words read are unaligned.
            let bytes = Array(repeating: 0xC3, count: offset) + Array(string.utf8) + [0x80, 0x80]
            let count = bytes.withUnsafeBufferPointer { buffer in
                PythonText.scalarCount(UnsafeBufferPointer(rebasing: buffer[offset..<offset + string.utf8.count]))
            }
            #expect(count == string.unicodeScalars.count, "\(string.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }
}
