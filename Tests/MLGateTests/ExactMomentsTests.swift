import Foundation
import Testing

@testable import MLGate

/// A column's mean, standard deviation and sum from exact sums: equal to the exactly computed
/// values of Python's fractions (`Fixtures/moments/make_fixture.py`) and the same to the
/// last bit whatever the order of the numbers and however they are split between cores.
@Suite("Exact moments")
struct ExactMomentsTests {
    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var values: [Double]
        var mean: Double
        var standardDeviation: Double
        var sum: Double
        var description: String { name }
    }

    static func parse(_ text: Substring) -> Double {
        switch text {
        case "nan": .nan
        case "inf": .infinity
        case "-inf": -.infinity
        default: Double(String(text))!
        }
    }

    static let cases: [Case] = {
        let text = try! String(contentsOf: Fixtures.url("moments/cases.txt"), encoding: .utf8)
        let lines = text.split(separator: "\n")
        return stride(from: 0, to: lines.count, by: 3).map { start in
            let expected = lines[start + 2].split(separator: " ")
            return Case(
                name: String(lines[start].dropFirst("case ".count)),
                values: lines[start + 1].split(separator: " ").map(parse),
                mean: parse(expected[1]), standardDeviation: parse(expected[2]), sum: parse(expected[3]))
        }
    }()

    static func moments(_ values: [Double], carryingEvery: Int = 1 << 30) -> ExactMoments {
        var moments = ExactMoments(carryingEvery: carryingEvery)
        values.withUnsafeBufferPointer { moments.add($0) }
        return moments
    }

    /// Equal, NaN equal to NaN.
    static func same(_ a: Double, _ b: Double) -> Bool { a.isNaN ? b.isNaN : a == b }

    @Test("the fixture holds every case")
    func fixture() {
        #expect(Self.cases.count == 15)
        #expect(Self.cases.map(\.values.count).reduce(0, +) > 10_000)
    }

    @Test("mean, standard deviation and sum equal Python's exact fractions, rounded once", arguments: cases)
    func exact(_ column: Case) {
        let moments = Self.moments(column.values)
        #expect(Self.same(moments.mean, column.mean), "mean \(moments.mean) ≠ \(column.mean)")
        #expect(Self.same(moments.total, column.sum), "sum \(moments.total) ≠ \(column.sum)")
        let deviation = moments.standardDeviation
        #expect(Self.same(deviation, column.standardDeviation), "std \(deviation) ≠ \(column.standardDeviation)")
    }

    @Test("shuffled, split at random places and merged in any order: the same bits", arguments: cases)
    func orderFree(_ column: Case) {
        let whole = Self.moments(column.values)
        var generator = SplitMix64(seed: UInt64(column.values.count))
        for round in 0..<8 {
            let values = column.values.shuffled(using: &generator)
            var cuts = (0..<Int.random(in: 1...6, using: &generator)).map { _ in Int.random(in: 0...values.count, using: &generator) }
            cuts = ([0] + cuts + [values.count]).sorted()
            // Small carry intervals in some rounds: the carried digits give the same sums.
            let carry = round.isMultiple(of: 2) ? 1 << 30 : Int.random(in: 1...5, using: &generator)
            var parts = zip(cuts, cuts.dropFirst()).map { Self.moments(Array(values[$0..<$1]), carryingEvery: carry) }
            parts.shuffle(using: &generator)
            var merged = ExactMoments(carryingEvery: carry)
            for part in parts { merged.add(part) }
            #expect(merged == whole)
            #expect(Self.same(merged.mean, whole.mean) && merged.mean.bitPattern == whole.mean.bitPattern || merged.mean.isNaN)
            #expect(Self.same(merged.standardDeviation, whole.standardDeviation), "round \(round)")
            #expect(Self.same(merged.total, whole.total), "round \(round)")
        }
    }

    @Test("wide integers: products, differences and scaling against plain arithmetic")
    func wideInteger() {
        var generator = SplitMix64(seed: 7)
        for _ in 0..<200 {
            let a = UInt64.random(in: 0..<(1 << 31), using: &generator), b = UInt64.random(in: 0..<(1 << 31), using: &generator)
            let product = WideInteger.multiply([a & 0xFFFF_FFFF, 0], [b & 0xFFFF_FFFF])
            #expect(product[0] | product[1] << 32 == a * b)
            #expect(WideInteger.subtract([a], [b]) == (a >= b ? [a - b] : nil))
            let scaled = WideInteger.scaled([a, b])
            #expect(Double(sign: .plus, exponent: scaled.exponent, significand: scaled.high + scaled.low) == Double(a) + Double(b) * 0x1p32)
            let small = a >> 5  // its square is exact in a double
            #expect(WideInteger.squareRoot((Double(small * small), 0)) == Double(small))
        }
    }
}
