import Foundation
import Testing

@testable import MLGate

/// Doubles and floats whose text takes the general path (Swift's shortest digits laid
/// out as Python's `repr` and PostgreSQL's `to_chars` lay them out): the allocation-free
/// layout and the fixed-buffer text give what `description` and the reference layout
/// give, on seeded values of every kind (bit patterns included: exponents, subnormals).
@Suite struct ShortestTextTests {
    @Test func doublesAsTheReferenceLaysThemOut() {
        for value in SeededDoubles(seed: 20261205, count: 200_000) where value.isFinite {
            let swift = ParquetText.ShortestText(value).withBytes { Array($0) }
            #expect(swift == Array(value.description.utf8))
            for (plainBelow, pointZero) in [(16, true), (15, false)] {
                var laid: [UInt8] = [], reference: [UInt8] = []
                ParquetText.ShortestText(value).withBytes { ParquetText.appendShortest($0, plainBelow: plainBelow, pointZero: pointZero, to: &laid) }
                ReferenceShortest.appendShortest(value.description, plainBelow: plainBelow, pointZero: pointZero, to: &reference)
                if laid != reference {
                    Issue.record("\(value): \(String(decoding: laid, as: UTF8.self)) against \(String(decoding: reference, as: UTF8.self))")
                    return
                }
            }
        }
    }

    @Test func floatsAsTheReferenceLaysThemOut() {
        var generator = SplitMix64(seed: 20261205)
        for _ in 0..<100_000 {
            let value = Float(bitPattern: UInt32.random(in: 0...UInt32.max, using: &generator))
            guard value.isFinite else { continue }
            var laid: [UInt8] = [], reference: [UInt8] = []
            ParquetText.appendFloat(value, to: &laid)
            ReferenceShortest.appendShortest(value.description, plainBelow: 6, to: &reference)
            if laid != reference {
                Issue.record("\(value): \(String(decoding: laid, as: UTF8.self)) against \(String(decoding: reference, as: UTF8.self))")
                return
            }
        }
    }
}
