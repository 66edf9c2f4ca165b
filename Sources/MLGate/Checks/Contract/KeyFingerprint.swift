/// A key held as 128 bits instead of its bytes: SipHash-1-3 with a 128-bit output over
/// the key's canonical bytes (``KeyBytes``), keyed with 128 random bits drawn once per
/// run (per process: both halves of a file read on two cores share it). SipHash-1-3 (one
/// round per word, three to finish) is what Python's `str` hash and Rust's and Swift's
/// standard hashers use against hash flooding: its finding keys at a third less work
/// than SipHash-2-4 was 4% of a run holding two million keys.
///
/// Equal keys have equal fingerprints. Different keys share one with probability 2⁻¹²⁸
/// a pair, and since the SipHash key is secret and new every run, no input can be
/// crafted to collide: among n keys the chance of any collision is about n²/2¹²⁹
/// (below 10⁻²⁰ for 10⁹ keys). A collision would make two different keys read as one
/// (a duplicate reported that is not, or a foreign key taken as resolved).
struct KeyFingerprint: Sendable, Hashable {
    var high: UInt64
    var low: UInt64

    init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// The run's SipHash key.
    static let runKey: (UInt64, UInt64) = {
        var generator = SystemRandomNumberGenerator()
        return (generator.next(), generator.next())
    }()

    /// The fingerprint of `bytes` under the run's key. (0, 0) marks an empty slot of a
    /// ``FingerprintSet``, so a key hashing to it is taken as (0, 1).
    init(_ bytes: UnsafeRawBufferPointer) {
        self.init(bytes, key: Self.runKey)
        if high == 0 && low == 0 { low = 1 }
    }

    /// The fingerprint of `bytes`.
    init(_ bytes: [UInt8]) {
        self = bytes.withUnsafeBytes { KeyFingerprint($0) }
    }

    /// SipHash-1-3-128 of `bytes` under `key` (k0, k1: the key's bytes 0–7 and 8–15 read
    /// little-endian); `high` is the output's first 8 bytes read little-endian, `low`
    /// the last 8.
    init(_ bytes: UnsafeRawBufferPointer, key: (UInt64, UInt64)) {
        self.init(prefix: 0, count: 0, bytes, key: key)
    }

    /// The fingerprint of a string key (``KeyBytes``: the string tag, the UTF-8 length
    /// in LEB128, the bytes), under the run's key, without copying the bytes: what
    /// `KeyFingerprint(KeyBytes.encode([.string(text)]))` is.
    init(string utf8: UnsafeBufferPointer<UInt8>) {
        let length = KeyBytes.lengthBytes(utf8.count)
        // The tag and six bytes of length hold lengths below 2⁴²: more than memory.
        precondition(length.count < 7, "a string of \(utf8.count) bytes")
        self.init(prefix: 2 | length.word << 8, count: 1 + length.count, UnsafeRawBufferPointer(utf8), key: Self.runKey)
        if high == 0 && low == 0 { low = 1 }
    }

    /// SipHash-1-3-128, as ``init(_:key:)``, of the message whose first `count` bytes
    /// (at most 7) are `prefix`'s low bytes and whose others are `bytes`.
    init(prefix: UInt64, count prefixCount: Int, _ bytes: UnsafeRawBufferPointer, key: (UInt64, UInt64)) {
        var v0: UInt64 = key.0 ^ 0x736f_6d65_7073_6575
        var v1: UInt64 = key.1 ^ 0x646f_7261_6e64_6f6d ^ 0xee
        var v2: UInt64 = key.0 ^ 0x6c79_6765_6e65_7261
        var v3: UInt64 = key.1 ^ 0x7465_6462_7974_6573
        @inline(__always) func round() {
            v0 &+= v1; v1 = v1.rotatedLeft(13); v1 ^= v0; v0 = v0.rotatedLeft(32)
            v2 &+= v3; v3 = v3.rotatedLeft(16); v3 ^= v2
            v0 &+= v3; v3 = v3.rotatedLeft(21); v3 ^= v0
            v2 &+= v1; v1 = v1.rotatedLeft(17); v1 ^= v2; v2 = v2.rotatedLeft(32)
        }
        @inline(__always) func compress(_ word: UInt64) {
            v3 ^= word
            round()
            v0 ^= word
        }
        let p = prefixCount, count = p + bytes.count
        let whole = count & ~7
        // The message's byte at `index` (below `count`).
        @inline(__always) func byte(_ index: Int) -> UInt64 {
            index < p ? (prefix >> (8 * UInt64(index))) & 0xFF : UInt64(bytes[index - p])
        }
        var index = 0
        if whole > 0 && p > 0 {
            // The first word: the prefix, then the first bytes.
            var word = prefix & ((1 << (8 * UInt64(p))) - 1)
            if bytes.count >= 8 {
                word |= UInt64(littleEndian: bytes.loadUnaligned(as: UInt64.self)) << (8 * UInt64(p))
            } else {
                for at in p..<8 { word |= byte(at) << (8 * UInt64(at)) }
            }
            compress(word)
            index = 8
        }
        while index < whole {
            compress(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: index - p, as: UInt64.self)))
            index += 8
        }
        var last = UInt64(truncatingIfNeeded: count) << 56
        var shift: UInt64 = 0
        while index < count {
            last |= byte(index) << shift
            shift += 8
            index += 1
        }
        compress(last)
        v2 ^= 0xee
        round(); round(); round()
        high = v0 ^ v1 ^ v2 ^ v3
        v1 ^= 0xdd
        round(); round(); round()
        low = v0 ^ v1 ^ v2 ^ v3
    }
}

extension UInt64 {
    @inline(__always) fileprivate func rotatedLeft(_ count: UInt64) -> UInt64 {
        (self << count) | (self >> (64 - count))
    }
}
