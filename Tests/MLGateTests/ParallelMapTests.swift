import Testing
@testable import MLGate

/// Arrays made on every core (``ParallelMap``): each element where a sequential map puts
/// it, whatever the count, below and above the count that splits the work.
@Suite("Arrays made on every core")
struct ParallelMapTests {
    @Test(arguments: [0, 1, 7, ParallelMap.parallelCount - 1, ParallelMap.parallelCount, ParallelMap.parallelCount + 1, 300_001])
    func everyElementInItsPlace(_ count: Int) {
        let made: [UInt64] = ParallelMap.array(count: count) { range, target in
            for index in range { (target + index).initialize(to: UInt64(index) &* 0x9E37_79B9_7F4A_7C15) }
        }
        #expect(made.count == count)
        #expect(made == (0..<count).map { UInt64($0) &* 0x9E37_79B9_7F4A_7C15 })
    }

    /// The conversions that use it: class codes through a remap, compact numbers as doubles.
    @Test func codesAndNumbersConvertAsBefore() {
        var codes = NarrowCodes()
        var numbers = CompactNumbers()
        var generator = SplitMix64(seed: 11)
        var expectedCodes: [UInt32] = [], expectedNumbers: [Double] = []
        for _ in 0..<(ParallelMap.parallelCount * 2 + 5) {
            let code = UInt32.random(in: 0...2, using: &generator)
            codes.append(code)
            expectedCodes.append(code)
            let number = Double(Int.random(in: 0...1_000_000, using: &generator)) / 1_000_000
            numbers.append(number)
            expectedNumbers.append(number)
        }
        let remap: [Int32] = [2, 0, 1]
        #expect(codes.int32s(remap: remap) == expectedCodes.map { remap[Int($0)] })
        #expect(codes.int32s() == expectedCodes.map { Int32($0) })
        #expect(numbers.asDoubles.map(\.bitPattern) == expectedNumbers.map(\.bitPattern))
        codes.append(1_000)
        expectedCodes.append(1_000)
        #expect(codes.int32s() == expectedCodes.map { Int32($0) })
    }
}
