import Foundation

@testable import MLGate

/// Doubles for the text formatters' differential tests, the same for every run (seeded):
/// in turn an integer of up to 15 digits over a power of ten up to 10^18, a small
/// integer over 10^0…10^8, any bit pattern (NaN and infinities included), and a uniform
/// double in ±10^6.
struct SeededDoubles: Sequence, IteratorProtocol {
    private var generator: SplitMix64
    private var round = 0
    private let count: Int

    init(seed: UInt64, count: Int) {
        generator = SplitMix64(seed: seed)
        self.count = count
    }

    mutating func next() -> Double? {
        guard round < count else { return nil }
        defer { round += 1 }
        switch round % 4 {
        case 0:
            let digits = Double(Int64.random(in: -999_999_999_999_999...999_999_999_999_999, using: &generator))
            return digits / pow(10, Double(Int.random(in: 0...18, using: &generator)))
        case 1: return Double(Int.random(in: -99_999...99_999, using: &generator)) / pow(10, Double(Int.random(in: 0...8, using: &generator)))
        case 2: return Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &generator))
        default: return Double.random(in: -1e6...1e6, using: &generator)
        }
    }
}
