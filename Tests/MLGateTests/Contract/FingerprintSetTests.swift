import Foundation
import Testing

@testable import MLGate

/// The fingerprint set behind unique strings, keys of several fields and foreign keys:
/// the same answers as a Swift `Dictionary` of the keys, through growth; SipHash-2-4-128
/// as its reference implementation computes it.
@Suite("Contract: key fingerprints")
struct FingerprintSetTests {
    @Test(arguments: [1, 700, 5_000, 100_000])
    func answersAsADictionary(count: Int) {
        var generator = SystemRandomNumberGenerator()
        var set = FingerprintSet()
        var reference: [[CellValue?]: Int32] = [:]
        for row in 0..<count {
            // Keys drawn from a range about the size of the count: many repeat.
            let n = Int.random(in: 0..<max(1, count), using: &generator)
            let key: [CellValue?] =
                switch n % 5 {
                case 0: [.integer(n)]
                case 1: [.string("k\(n)")]
                case 2: [.string("k\(n)"), nil]
                case 3: [nil, .string("k\(n)")]
                default: [.number(Double(n) / 4), .date(days: n)]
                }
            let inserted = set.insert(KeyFingerprint(KeyBytes.encode(key)), row: Int32(row))
            let expected = reference[key] == nil
            if expected { reference[key] = Int32(row) }
            #expect(inserted == expected, "key \(key) at row \(row)")
        }
        #expect(set.count == reference.count)
        var visited = 0
        set.forEach { key, row in
            visited += 1
            #expect(set.contains(key))
            #expect(set.row(of: key) == row)
        }
        #expect(visited == reference.count)
        for (key, row) in reference {
            #expect(set.row(of: KeyFingerprint(KeyBytes.encode(key))) == row, "the row \(key) first appeared on")
        }
    }

    /// A later stretch's set taken in whole: its keys the earlier set held are told
    /// with their rows (as the later stretch numbers them), and the union answers after.
    @Test func absorbingALaterSet() {
        var earlier = FingerprintSet(), later = FingerprintSet()
        func key(_ n: Int) -> KeyFingerprint { KeyFingerprint(KeyBytes.encode([.string("k\(n)")])) }
        for n in 0..<3_000 { _ = earlier.insert(key(n), row: Int32(n + 1)) }
        // The later stretch: keys 2,500..<5,500, at its rows 1, 2, …
        for n in 2_500..<5_500 { _ = later.insert(key(n), row: Int32(n - 2_499)) }
        var duplicates: [Int32] = []
        earlier.absorb(later, rowOffset: 3_000) { duplicates.append($0) }
        #expect(duplicates.sorted() == Array(1...500).map(Int32.init), "keys 2,500..<3,000 are the later stretch's rows 1…500")
        #expect(earlier.contains(key(5_499)) && earlier.contains(key(0)) && !earlier.contains(key(5_500)))
        #expect(earlier.row(of: key(10)) == 11)
        let laterRow = earlier.row(of: key(4_000))
        #expect(laterRow == Int32(4_501), "a later key's row (1,501 there), numbered as in the file")
        let held = earlier.insert(key(5_000), row: 9_999), new = earlier.insert(key(7_000), row: 9_999)
        #expect(!held, "a key of the absorbed set is held")
        #expect(new)
    }

    /// Sets whose tables span many stretches of slots, looked up on every core: each
    /// later key the earlier set holds is told once, with its row.
    @Test func absorbingLargeSetsOnEveryCore() {
        func key(_ n: Int) -> KeyFingerprint { KeyFingerprint(KeyBytes.encode([.integer(n)])) }
        var earlier = FingerprintSet(), later = FingerprintSet(), nested = FingerprintSet()
        for n in 0..<150_000 { _ = earlier.insert(key(n), row: Int32(n + 1)) }
        for n in 100_000..<250_000 { _ = later.insert(key(n), row: Int32(n - 99_999)) }
        // The later set absorbed one of its own: keys it had and keys the earlier had.
        for n in stride(from: 0, to: 300_000, by: 3) { _ = nested.insert(key(n), row: Int32(n / 3 + 1)) }
        later.absorb(nested, rowOffset: 150_000) { _ in }
        #expect(later.capacity > 2 * (1 << 16), "several stretches")
        var duplicates: [Int32] = []
        earlier.absorb(later, rowOffset: 150_000) { duplicates.append($0) }
        // The later set's own keys below 150,000, then the nested set's keys below 150,000
        // (as the later set numbers them: 150,000 on from the nested set's rows).
        let own: [Int32] = (100_000..<150_000).map { Int32($0 - 99_999) }
        let absorbed: [Int32] = stride(from: 0, to: 150_000, by: 3).map { n in Int32(150_000 + n / 3 + 1) }
        let expected = own + absorbed
        #expect(duplicates.sorted() == expected.sorted())
    }

    /// Stretches joined one after another, the third holding a set it absorbed itself:
    /// each key the third yields (its own, then its absorbed set's) is a duplicate once
    /// when any earlier table holds it, also a key that two earlier tables both hold.
    @Test func absorbingSeveralStretches() {
        func key(_ n: Int) -> KeyFingerprint { KeyFingerprint(KeyBytes.encode([.string("k\(n)")])) }
        func set(_ keys: [Int]) -> (FingerprintSet, [Int: Int32]) {
            var set = FingerprintSet(), rows: [Int: Int32] = [:]
            for (index, n) in keys.enumerated() where set.insert(key(n), row: Int32(index + 1)) { rows[n] = Int32(index + 1) }
            return (set, rows)
        }
        var (first, _) = set(Array(0..<2_000))
        let (second, _) = set(Array(1_500..<3_500))
        var ignored: [Int32] = []
        first.absorb(second, rowOffset: 2_000) { ignored.append($0) }
        #expect(ignored.count == 500)
        // The third: keys of neither, of the first, of the second, of both; and a set it
        // absorbed, with keys it already had.
        var (third, thirdRows) = set(Array(3_000..<4_000) + Array(100..<200) + Array(1_600..<1_700))
        let (nested, nestedRows) = set(Array(3_900..<4_500))
        var inner: [Int32] = []
        third.absorb(nested, rowOffset: 1_200) { inner.append($0) }
        #expect(inner.sorted() == (3_900..<4_000).map { nestedRows[$0]! }.sorted())
        var duplicates: [Int32] = []
        first.absorb(third, rowOffset: 4_000) { duplicates.append($0) }
        let expected = (Array(3_000..<3_500) + Array(100..<200) + Array(1_600..<1_700)).map { thirdRows[$0]! }
        #expect(duplicates.sorted() == expected.sorted())
        #expect(first.contains(key(4_499)) && first.contains(key(3_499)) && !first.contains(key(4_500)))
        #expect(first.row(of: key(4_100)) == 4_000 + 1_200 + nestedRows[4_100]!)
    }

    /// Keys whose home is the table's last bucket fill it and pass on to the first
    /// (wrapping), and are all found there; a copy of the set takes keys without the
    /// original seeing them (the buckets are copied before the first write).
    @Test func bucketsOverflowWrapAndCopyOnWrite() {
        var set = FingerprintSet()
        // The first table has 256 buckets: a high word near the top is at home in the last.
        let last = (0..<10).map { KeyFingerprint(high: UInt64.max - UInt64($0), low: UInt64($0) << 32) }
        for (row, key) in last.enumerated() {
            let inserted = set.insert(key, row: Int32(row))
            #expect(inserted)
        }
        for (row, key) in last.enumerated() {
            #expect(set.row(of: key) == Int32(row), "key \(row), held past the bucket's four slots")
        }
        let sameHome = KeyFingerprint(high: UInt64.max - 20, low: 0)
        #expect(!set.contains(sameHome) && set.row(of: sameHome) == nil)
        // A high word of 0 (the mark of an empty slot) is held as 1.
        let zero = KeyFingerprint(high: 0, low: 7 << 32)
        let zeroInserted = set.insert(zero, row: 42)
        #expect(zeroInserted && set.row(of: zero) == 42)
        #expect(set.contains(KeyFingerprint(high: 1, low: 7 << 32)))
        // 96 bits are held: the low word's bottom half is not compared.
        #expect(set.contains(KeyFingerprint(high: last[3].high, low: last[3].low | 0xFFFF)))
        #expect(!set.contains(KeyFingerprint(high: last[3].high, low: last[3].low ^ (1 << 40))))
        var copy = set
        let fresh = KeyFingerprint(high: 12_345, low: 0)
        let copied = copy.insert(fresh, row: 1)
        #expect(copied && copy.contains(fresh) && copy.count == set.count + 1)
        #expect(!set.contains(fresh), "the original is not written through its copy")
    }

    /// Told how many keys to expect, the table grows once to hold them at four fifths
    /// full, and not again; told too few, it grows by half again past them.
    /// A window of keys inserted at once does what inserting each does: the same keys
    /// reported as held (repeats within the window and from earlier windows), (0, 0)
    /// skipped, the same rows kept, through growth and a copy shared with another set.
    @Test func aWindowInsertsAsEachKeyWould() {
        var generator = SplitMix64(seed: 0xB47C)
        let keys = (0..<20_000).map { _ -> KeyFingerprint in
            let n = Int.random(in: 0..<12_000, using: &generator)
            return n < 300 ? KeyFingerprint(high: 0, low: 0) : KeyFingerprint(KeyBytes.encode([.integer(n)]))
        }
        var one = FingerprintSet(), batched = FingerprintSet()
        var heldOne: [Int] = [], heldBatched: [Int] = []
        var snapshot: FingerprintSet?
        for start in stride(from: 0, to: keys.count, by: 700) {
            let window = start..<min(start + 700, keys.count)
            for index in window where keys[index] != KeyFingerprint(high: 0, low: 0) {
                if !one.insert(keys[index], row: Int32(5 + index)) { heldOne.append(index) }
            }
            batched.insert(keys, in: window, firstRow: 5) { heldBatched.append($0) }
            if start == 7_000 { snapshot = batched }
        }
        #expect(heldBatched == heldOne && !heldOne.isEmpty)
        #expect(batched.count == one.count)
        for key in Set(keys) where key != KeyFingerprint(high: 0, low: 0) {
            #expect(batched.row(of: key) == one.row(of: key))
        }
        // The copy taken midway holds none of the keys first seen after it (the window
        // inserts did not write through a shared table).
        let early = Set(keys[..<7_700]), late = keys[7_700...].filter { !early.contains($0) }
        #expect(!late.isEmpty)
        #expect(late.allSatisfy { snapshot?.contains($0) == false })
    }

    @Test func growsOnceToTheExpectedKeys() {
        func key(_ n: Int) -> KeyFingerprint { KeyFingerprint(KeyBytes.encode([.integer(n)])) }
        var set = FingerprintSet()
        for n in 0..<10_000 { _ = set.insert(key(n), row: Int32(n)) }
        set.expect(keys: 50_000)
        for n in 10_000..<20_000 { _ = set.insert(key(n), row: Int32(n)) }
        let grown = set.capacity
        #expect(grown >= 62_500 && grown < 63_000, "\(grown) slots")
        for n in 20_000..<50_000 { _ = set.insert(key(n), row: Int32(n)) }
        #expect(set.capacity == grown && set.count == 50_000)
        for n in 50_000..<60_000 { _ = set.insert(key(n), row: Int32(n)) }
        #expect(set.capacity > grown)
        #expect((0..<60_000).allSatisfy { set.row(of: key($0)) == Int32($0) })
        // Told far too many, it grows to at most sixteen times the keys it holds.
        var small = FingerprintSet()
        small.expect(keys: 10_000_000)
        for n in 0..<1_000 { _ = small.insert(key(n), row: Int32(n)) }
        #expect(small.capacity <= 16 * 1_000, "\(small.capacity) slots for 1,000 keys")
    }

    @Test func keysThatLookAlikeDiffer() {
        var set = FingerprintSet()
        let keys: [[CellValue?]] = [
            [.string("1")], [.integer(1)], [.number(1)], [.string("")], [nil], [nil, nil], [.string("a"), .string("b")],
            [.string("ab")], [.string("a,b")], [.boolean(true)], [.json("1")], [.string(String(repeating: "x", count: 200))],
            [.boolean(false)], [.date(days: 1)], [.year(1)], [.time(seconds: 1)], [.datetime(seconds: 1)],
            [.time(seconds: -0.0)], [.time(seconds: 0)], [.yearMonth(year: 1, month: 1)], [.duration(months: 1, seconds: 1)],
            [.geopoint(longitude: 1, latitude: 1)], [.bigInteger("1")], [.list([.integer(1)])], [.date(days: 1), .year(1)],
            [.year(1), .date(days: 1)],
        ]
        for key in keys {
            let inserted = set.insert(KeyFingerprint(KeyBytes.encode(key)), row: 0)
            #expect(inserted, "\(key)")
        }
        for key in keys {
            let inserted = set.insert(KeyFingerprint(KeyBytes.encode(key)), row: 1)
            #expect(!inserted, "\(key) again")
        }
        let first = set.insert(KeyFingerprint([]), row: 2), second = set.insert(KeyFingerprint([]), row: 3)
        #expect(first && !second, "the empty key is a key")
        #expect(KeyBytes.encode([.number(-0.0)]) == KeyBytes.encode([.number(0)]))
    }

    @Test func valuesDecodeForMessages() {
        let key: [CellValue?] = [.integer(-42), .string("Köln"), nil, .number(2.5), .string(String(repeating: "y", count: 300))]
        let text = KeyBytes.encode(key).withUnsafeBytes(KeyBytes.decodeText)
        #expect(text == ["-42", "Köln", nil, "2.5", String(repeating: "y", count: 300)])
        // Every other kind in its type's default format; a list as its description.
        let others: [CellValue] = [
            .boolean(true), .boolean(false), .date(days: -719_162), .time(seconds: 3_600.5), .datetime(seconds: -1e9),
            .year(2026), .yearMonth(year: 2026, month: 12), .duration(months: 14, seconds: 0.25),
            .geopoint(longitude: 13.4, latitude: 52.5), .bigInteger("-123456789012345678901234567890"),
            .json(#"{"a":[1,"ö"]}"#), .list([.string("x,y"), .integer(2)]),
        ]
        let decoded = KeyBytes.encode(others + [nil]).withUnsafeBytes(KeyBytes.decodeText)
        #expect(decoded == [
            "true", "false", "0001-01-01", "01:00:00.500000", "1938-04-24T22:13:20Z", "2026", "2026-12", "P1Y2MT0.25S",
            "13.4, 52.5", "-123456789012345678901234567890", #"{"a":[1,"ö"]}"#, String(describing: others[11]), nil,
        ])
        // Beyond what the formats write: counts of days and seconds.
        let beyond: [CellValue] = [.date(days: -800_000), .time(seconds: -3_600), .datetime(seconds: 1e300)]
        #expect(KeyBytes.encode(beyond).withUnsafeBytes(KeyBytes.decodeText) == [
            "-800000 days from 1970-01-01", "-3600 seconds from midnight UTC", "1e+300 seconds from 1970-01-01T00:00:00Z",
        ])
    }

    /// SipHash-1-3-128 as published test vectors give it, at lengths 0, 8, 9, 16, 63 and
    /// 80, and messages across the 8-byte blocks.
    @Test func sipHash128MatchesTheReference() {
        // SipHash128_13 vectors of the Rooterberg project (bleichenbacher-daniel/Rooterberg,
        // test_vectors/mac/sip_hash128_1_3.json, tcId 1, 2, 3, 4, 12, 13, 20, 38, 41): key,
        // message, output, in hex.
        let vectors: [(key: String, message: String, output: String)] = [
            ("00000000000000000000000000000000", "0000000000000000", "d6eee854ee2748ec5f3c18a2ccabdc9d"),
            ("000102030405060708090a0b0c0d0e0f", "0001020304050607", "aa12fee1d5e3dab4724f16ab35f9c799"),
            ("ffffffffffffffffffffffffffffffff", "ffffffffffffffff", "c7a7ec1b48dbc033a35990e501ab2d8c"),
            ("ca8b83071bb672cdedcacb0f18886d0d", "", "76d18d6327317ed1a7f79fe7e93ae55f"),
            ("2fe9a238f2be87cd0b18cfe68b01b48e", "8268c8f31f3afffc", "461226a4b14dc6ceb04fa06f282c167d"),
            ("ae91498413dfa8c17478d7ff11c3f889", "122210339d7d3613ed", "018d9bf667c6431ed3b8969e1c83ef99"),
            ("f124ec4fae1f086986a644d0109064c9", "96cda6fed91ad9c11cb51d5eda1669f7", "52a7d2949930f88e618e6bbf922c7cb1"),
            (
                "d81fc9ff17dd0bd745da8227c9ff96b3",
                "9dfa5461b6fe0a0da58f78e5848764b5341d1df90f89b79505ff7dded13ffd8b15875a9b3a751be0a7f8cd14fcaad659ef0fdca82297643252001f1c962802",
                "9fd706cfbe10d7ec191dce12b96509ae"
            ),
            (
                "c3ad37069cc9744b93392631680be45b",
                "05477a92cdf27f77e4e176d6d7dd691747299bb4717ed3fd8d13b03658cc3ee04941f0b0185846ab25957bf51b07fe2e6ad45c472091ffb14a8d1ebbf8a9cb08fe770b87433690a19360fc89bf740421",
                "2dae2d2adf1971b60e1ffb92c43ea294"
            ),
        ]
        func bytes(_ hex: String) -> [UInt8] {
            let digits = Array(hex.utf8)
            return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
        }
        for vector in vectors {
            let key = bytes(vector.key).withUnsafeBytes {
                (UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)), UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
            }
            let fingerprint = bytes(vector.message).withUnsafeBytes { KeyFingerprint($0, key: key) }
            let output = withUnsafeBytes(of: (fingerprint.high.littleEndian, fingerprint.low.littleEndian)) { Array($0) }
            #expect(output == bytes(vector.output), "message of \(vector.message.count / 2) bytes")
        }
        let key: (UInt64, UInt64) = (0x0706_0504_0302_0100, 0x0f0e_0d0c_0b0a_0908)
        // Lengths across the 8-byte blocks give different fingerprints, and the same one
        // again for the same bytes.
        let long = (0..<64).map(UInt8.init)
        var seen = Set<KeyFingerprint>()
        for length in 0...64 {
            let a = long[..<length].withUnsafeBytes { KeyFingerprint($0, key: key) }
            let b = Array(long[..<length]).withUnsafeBytes { KeyFingerprint($0, key: key) }
            #expect(a == b)
            seen.insert(a)
        }
        #expect(seen.count == 65)
    }

    /// A string key fingerprinted in place (its tag and length as a prefix of the
    /// bytes, not copied) equals the fingerprint of its canonical bytes, at every length
    /// around the words' edges and where the length takes two and three bytes; and a
    /// prefix of any size before any bytes equals the bytes put together.
    @Test func stringsFingerprintInPlaceAsTheirCanonicalBytes() {
        var generator = SplitMix64(seed: 7)
        let lengths = Array(0...40) + [126, 127, 128, 129, 255, 16_383, 16_384, 20_000]
        for length in lengths {
            let text = String((0..<length).map { _ in Character(Unicode.Scalar(UInt8.random(in: 32...126, using: &generator))) })
            let expected = KeyFingerprint(KeyBytes.encode([.string(text)]))
            var utf8 = text
            let inPlace = utf8.withUTF8 { KeyFingerprint(string: $0) }
            #expect(inPlace == expected, "length \(length)")
        }
        let key: (UInt64, UInt64) = (generator.next(), generator.next())
        for prefixCount in 0...7 {
            for length in 0...24 {
                let prefix = generator.next()
                let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
                let whole = (0..<prefixCount).map { UInt8(truncatingIfNeeded: prefix >> (8 * UInt64($0))) } + bytes
                let expected = whole.withUnsafeBytes { KeyFingerprint($0, key: key) }
                let prefixed = bytes.withUnsafeBytes { KeyFingerprint(prefix: prefix, count: prefixCount, $0, key: key) }
                #expect(prefixed == expected, "prefix \(prefixCount), length \(length)")
            }
        }
    }

    @Test func theRunKeyIsNotFixed() {
        // Drawn at random: a fixed (zero) key would let input be crafted to collide.
        #expect(KeyFingerprint.runKey != (0, 0))
        let bytes: [UInt8] = Array("id-1".utf8)
        let keyed = bytes.withUnsafeBytes { KeyFingerprint($0, key: KeyFingerprint.runKey) }
        let unkeyed = bytes.withUnsafeBytes { KeyFingerprint($0, key: (0, 0)) }
        #expect(KeyFingerprint(bytes) == keyed && keyed != unkeyed)
    }
}
