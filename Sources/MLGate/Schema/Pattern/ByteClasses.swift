/// The 256 byte values split into classes that no transition of an automaton tells
/// apart: a DFA row then has one entry per class, not per byte.
struct ByteClasses: Sendable {
    /// The class of each byte value (256 entries).
    let classOf: [UInt8]
    /// The smallest byte of each class.
    let representatives: [UInt8]

    var count: Int { representatives.count }

    /// The classes of `nfa`'s byte ranges, with the control characters XML does not
    /// allow apart from tab, line feed and carriage return, and the non-ASCII bytes apart
    /// from ASCII (the DFA leaves such cells to libxml2).
    init(_ nfa: ByteNFA) {
        var boundary = [Bool](repeating: false, count: 257)
        for byte in [0, 0x09, 0x0A, 0x0B, 0x0D, 0x0E, 0x20, 0x80] { boundary[byte] = true }
        for state in nfa.states {
            if case .byteRange(let low, let high, _) = state {
                boundary[Int(low)] = true
                boundary[Int(high) + 1] = true
            }
        }
        var classOf = [UInt8](repeating: 0, count: 256)
        var representatives: [UInt8] = []
        for byte in 0..<256 {
            if boundary[byte] { representatives.append(UInt8(byte)) }
            classOf[byte] = UInt8(representatives.count - 1)
        }
        self.classOf = classOf
        self.representatives = representatives
    }
}
