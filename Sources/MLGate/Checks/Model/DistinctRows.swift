/// Rows grouped by their content, as the bootstrap resamples them: each distinct row
/// once, with how many rows it stands for and a key of its content.
///
/// The key is a 64-bit hash of the content's words that depends neither on the rows'
/// order nor on the process (not Swift's seeded `Hasher`), so the same rows give the
/// same keys whether they come from a file, one by one, or from a database that grouped
/// them: the bootstrap seeds each distinct row's draw from its key.
struct DistinctRows: Sendable {
    /// The first row of each distinct content, in order of first appearance.
    let representatives: [Int]
    /// How many rows each distinct row stands for.
    let counts: [UInt64]
    /// Each distinct row's content key.
    let keys: [UInt64]

    /// Groups rows `0..<count`, where row `i` stands for `multiplicities[i]` rows (1
    /// without), by the words `content` appends for it; two rows are the same when
    /// their words are.
    init(count: Int, multiplicities: [UInt32]?, content: (Int, inout [UInt64]) -> Void) {
        var representatives: [Int] = [], counts: [UInt64] = [], keys: [UInt64] = []
        var words: [UInt64] = [], other: [UInt64] = []
        // Key → distinct row; a key shared by different contents moves on to the next key.
        var slot: [UInt64: Int] = [:]
        for row in 0..<count {
            words.removeAll(keepingCapacity: true)
            content(row, &words)
            var key = Self.key(words)
            while true {
                guard let found = slot[key] else {
                    slot[key] = representatives.count
                    representatives.append(row)
                    counts.append(UInt64(multiplicities?[row] ?? 1))
                    keys.append(key)
                    break
                }
                other.removeAll(keepingCapacity: true)
                content(representatives[found], &other)
                if other == words {
                    counts[found] += UInt64(multiplicities?[row] ?? 1)
                    break
                }
                key = Self.mix(key &+ 1)
            }
        }
        self.representatives = representatives
        self.counts = counts
        self.keys = keys
    }

    /// How many distinct rows there are.
    var count: Int { representatives.count }

    /// The key of `words`.
    static func key(_ words: [UInt64]) -> UInt64 {
        var hash: UInt64 = 0x243F_6A88_85A3_08D3
        for word in words { hash = mix(hash ^ word) &+ 0x9E37_79B9_7F4A_7C15 }
        return mix(hash ^ UInt64(words.count))
    }

    /// The key of a string's UTF-8 bytes (a class name, a group's value).
    static func key(_ string: String) -> UInt64 {
        var words: [UInt64] = []
        var word: UInt64 = 0, filled = 0
        for byte in string.utf8 {
            word |= UInt64(byte) << (8 * filled)
            filled += 1
            if filled == 8 { words.append(word); word = 0; filled = 0 }
        }
        words.append(word)
        words.append(UInt64(string.utf8.count))
        return key(words)
    }

    /// A double's word, one for each value: 0 and −0 alike, every NaN alike.
    @inline(__always)
    static func word(_ value: Double) -> UInt64 {
        if value == 0 { return 0 }
        if value.isNaN { return Double.nan.bitPattern }
        return value.bitPattern
    }

    /// SplitMix64's finalizer: every bit of the input moves every bit of the output.
    @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
