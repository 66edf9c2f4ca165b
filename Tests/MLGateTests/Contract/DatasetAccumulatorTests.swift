import Foundation
import Testing

@testable import MLGate

/// The dataset checks' shortcuts against the plain computation they replace: the
/// quantile chosen from its histogram bucket against a selection among all the numbers,
/// the distinct count's prefix keys against comparing whole values, and the one-pass
/// number reader against the general one.
@Suite("Dataset checks: accumulators")
struct DatasetAccumulatorTests {
    static func check<Check: TableCheck>(_ type: Check.Type, _ values: [String: ConfigValue]) throws -> Check {
        var values = values
        values["max"] = .number(.greatestFiniteMagnitude)  // every check needs a bound
        return try Check(parameters: CheckParameters(values: values, location: SourceLocation(file: "test"), checkName: "t"))
    }

    /// Batches of one column `x` holding `cells`, split into `parts` batches.
    static func batches(_ cells: [String?], parts: Int) -> [RowBatch] {
        let size = (cells.count + parts - 1) / parts
        return stride(from: 0, to: cells.count, by: size).map { start in
            var batch = RowBatch(firstRowNumber: start + 2, width: 1)
            for (offset, cell) in cells[start..<min(start + size, cells.count)].enumerated() {
                batch.appendRow([cell], line: start + offset + 2)
            }
            return batch
        }
    }

    /// Numbers with ties, signs, zeros of both signs, tiny and huge magnitudes.
    static func numbers(seed: UInt64, count: Int) -> [Double] {
        var random = SplitMix64(seed: seed)
        let shapes: [(inout SplitMix64) -> Double] = [
            { Double(Int.random(in: -3...3, using: &$0)) },
            { Double.random(in: -1...1, using: &$0) },
            { Double.random(in: 1e4...2e5, using: &$0).rounded() },
            { _ in -0.0 },
            { Double.random(in: 0...1, using: &$0) * 1e-300 },
            { Double.random(in: -1...1, using: &$0) * 1e300 },
            // Decimals of two places: the check keeps them compact (``CompactNumbers``).
            { Double(Int.random(in: -20_000_000...20_000_000, using: &$0)) / 100 },
        ]
        let mix = (0..<3).map { _ in shapes.randomElement(using: &random)! }
        return (0..<count).map { _ in mix.randomElement(using: &random)!(&random) }
    }

    @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6, 7, 8])
    func quantilesFromTheHistogramEqualASelectionAmongAll(seed: UInt64) throws {
        let values = Self.numbers(seed: seed, count: 20_000 + Int(seed) * 1_001)
        let cells: [String?] = values.map { "\($0)" } + [nil, ""]
        for q in [0.0, 0.001, 0.25, 0.5, 0.731, 0.999, 1.0] {
            let check = try Self.check(ColumnQuantileCheck.self, ["column": .string("x"), "quantile": .number(q)])
            var accumulators = (0..<2).map { _ in check.makeAccumulator(columns: ["x"]) }
            for (index, batch) in Self.batches(cells, parts: 6).enumerated() { accumulators[index % 2].observe(batch) }
            accumulators[0].merge(accumulators[1])
            #expect(accumulators[0].histogram.count == ColumnQuantileCheck.Accumulator.bucketCount)
            var all = values.map { Double("\($0)")! }
            let expected = ColumnQuantileCheck.quantile(&all, q)  // no histogram: select among all
            let table = TableSummary(path: "t", columns: ["x"], rowCount: cells.count)
            let observed = try #require(check.evaluate(accumulators[0], table: table).measurements.first { $0.name == "observed" })
            #expect(observed.value == expected || (observed.value == 0 && expected == 0), "seed \(seed), q \(q)")
        }
    }

    @Test func distinctValuesThatShareTheirFirstBytesAreTold() throws {
        let check = try Self.check(DistinctCountCheck.self, ["column": .string("x")])
        var values: [String] = []
        for prefix in ["electro", "electronics", "e", "électrique"] {
            for suffix in ["", "a", "b", "aa", String(repeating: "z", count: 300)] { values.append(prefix + suffix) }
        }
        var random = SplitMix64(seed: 9)
        let cells: [String?] = (0..<5_000).map { _ in values.randomElement(using: &random)! }
        for parts in [1, 3] {
            var accumulator = check.makeAccumulator(columns: ["x"])
            for batch in Self.batches(cells, parts: parts) { accumulator.observe(batch) }
            let table = TableSummary(path: "t", columns: ["x"], rowCount: cells.count)
            let observed = check.evaluate(accumulator, table: table).measurements.first { $0.name == "observed" }
            #expect(observed?.value == Double(Set(cells).count))
        }
    }

    /// Past 64 values the count is kept as fingerprints: exact through merges of a part
    /// still listing its values and a part holding fingerprints, either way round.
    @Test func manyDistinctValuesCountExactlyThroughMerges() throws {
        let check = try Self.check(DistinctCountCheck.self, ["column": .string("x")])
        var random = SplitMix64(seed: 11)
        let many: [String?] = (0..<20_000).map { _ in "v\(Int.random(in: 0..<6_000, using: &random))" }
        let few: [String?] = (0..<500).map { _ in "v\(Int.random(in: 5_990..<6_040, using: &random))" }
        let expected = Double(Set(many + few).count)
        func accumulator(_ cells: [String?]) -> DistinctCountCheck.Accumulator {
            var accumulator = check.makeAccumulator(columns: ["x"])
            for batch in Self.batches(cells, parts: 2) { accumulator.observe(batch) }
            return accumulator
        }
        let table = TableSummary(path: "t", columns: ["x"], rowCount: many.count + few.count)
        for (first, second) in [(many, few), (few, many), (many, many)] {
            var merged = accumulator(first)
            merged.merge(accumulator(second))
            let observed = check.evaluate(merged, table: table).measurements.first { $0.name == "observed" }
            let union = Double(Set(first + second).count)
            #expect(observed?.value == union)
        }
        #expect(expected > 64)
    }

    @Test func thePlainDecimalReaderReadsWhatTheGeneralReaderReads() {
        var random = SplitMix64(seed: 17)
        let pieces = ["0", "1", "5", "9", "00", ".", "-", "+", "e", "7", "123456", "999999999"]
        for _ in 0..<50_000 {
            let text = (0..<Int.random(in: 1...6, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            let bytes = Array(text.utf8)
            bytes.withUnsafeBufferPointer { bytes in
                if let plain = NumberParser.plainDecimal(bytes) {
                    #expect(plain == Double(text), "\(text)")
                    #expect(plain.sign == Double(text)?.sign, "\(text)")
                }
            }
        }
        for text in ["12.5", "-0.5", "0", "-0", "123456789012345", "0.00000000000001", "37754.45"] {
            Array(text.utf8).withUnsafeBufferPointer { #expect(NumberParser.plainDecimal($0) == Double(text), "\(text)") }
        }
        for text in ["1234567890123456", "0.000000000000001", "+1", ".5", "5.", "1e3", " 1", "1_0", "--1", ""] {
            Array(text.utf8).withUnsafeBufferPointer { #expect(NumberParser.plainDecimal($0) == nil, "\(text)") }
        }
    }
}
