import Testing

@testable import MLGate

/// ``DecimalSort`` against the standard sort, bit for bit, on columns of decimals read
/// from text (each way it sorts: counted, one digit, two digits) and on columns it must
/// leave to ``SortedSample``'s sort of the bits.
@Suite("Sorting decimals as integers")
struct DecimalSortTests {
    /// A column of `count` decimals with `decimals` places whose integers lie in
    /// `low...high`, read from their text as a CSV reader reads them.
    static func column(count: Int, decimals: Int, low: Int64, high: Int64, seed: UInt64) -> [Double] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            let integer = Int64.random(in: low...high, using: &generator)
            let digits = String(integer.magnitude)
            let padded = String(repeating: "0", count: max(0, decimals + 1 - digits.count)) + digits
            let text = decimals == 0 ? padded : padded.dropLast(decimals) + "." + padded.suffix(decimals)
            return Double((integer < 0 ? "-" : "") + text)!
        }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let decimals: Int
        let low: Int64
        let high: Int64
        var testDescription: String { name }
    }

    static let sortedCases: [Case] = [
        Case(name: "rates: three decimals, a few hundred integers (counted)", decimals: 3, low: 0, high: 300),
        Case(name: "ages: whole numbers (counted)", decimals: 0, low: 18, high: 79),
        Case(name: "signed, a range just under the counting limit", decimals: 2, low: -30_000, high: 35_000),
        Case(name: "a range just over the counting limit (two digits of 9 bits)", decimals: 2, low: -40_000, high: 40_000),
        Case(name: "scores: six decimals in [0, 1) (two digits of 10 bits)", decimals: 6, low: 0, high: 999_999),
        Case(name: "incomes: two decimals up to 250,000 (two digits of 13 bits)", decimals: 2, low: 100_000, high: 25_000_000),
        Case(name: "negative amounts with four decimals", decimals: 4, low: -4_000_000_000, high: -1),
        Case(name: "a range of exactly 32 bits", decimals: 1, low: -2_147_483_648, high: 2_147_483_647),
    ]

    @Test(arguments: sortedCases)
    func sortsDecimalsAsTheStandardSortDoes(_ test: Case) {
        for count in [1, 257, 20_000] {
            var values = Self.column(count: count, decimals: test.decimals, low: test.low, high: test.high, seed: UInt64(count))
            let expected = values.sorted()
            #expect(DecimalSort.sort(&values))
            #expect(values.map(\.bitPattern) == expected.map(\.bitPattern))
        }
    }

    static let refusedCases: [(String, [Double])] = [
        ("a value with more digits than a decimal has", [0.5, 0.25, 1.0 / 3.0]),
        ("an infinity", [1.5, .infinity, 2.5]),
        ("a NaN", [1.5, .nan, 2.5]),
        ("minus zero (it would come back as zero)", [1.5, -0.0, 2.5]),
        ("a value too large for an exact integer", [1.5, 1e300]),
        ("a range wider than two 16-bit digits", [0.01, 99_999_999.99]),
        ("a later value with more decimals than the first 64", Array(repeating: 0.5, count: 64) + [0.123]),
    ]

    @Test(arguments: refusedCases.map(\.0))
    func leavesOtherColumnsUntouched(_ name: String) {
        let original = Self.refusedCases.first { $0.0 == name }!.1
        var values = original
        #expect(!DecimalSort.sort(&values))
        #expect(values.map(\.bitPattern) == original.map(\.bitPattern))
        // SortedSample's sort takes them instead (NaN aside, which it does not order).
        if !original.contains(where: \.isNaN) {
            let padded = original + Array(repeating: original[0], count: 300)
            #expect(SortedSample.ascending(padded) == padded.sorted())
        }
    }

    /// Decimals at every scale up to ``DecimalSort/maximumScale`` come back exactly.
    @Test func everyScaleRoundTrips() {
        var generator = SplitMix64(seed: 15)
        for decimals in 0...DecimalSort.maximumScale {
            var values = Self.column(count: 300, decimals: decimals, low: 0, high: 4_000_000_000, seed: UInt64(decimals))
            values.shuffle(using: &generator)
            let expected = values.sorted()
            #expect(DecimalSort.sort(&values), "\(decimals) decimals")
            #expect(values.map(\.bitPattern) == expected.map(\.bitPattern), "\(decimals) decimals")
        }
    }
}
