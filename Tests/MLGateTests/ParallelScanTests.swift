import Foundation
import Testing

@testable import MLGate

/// Large files are read on two cores; the result must be exactly the sequential one.
@Suite("Parallel CSV reading")
struct ParallelScanTests {
    static let columns = PredictionColumns(
        task: .binary, label: "label", prediction: "prediction", scores: .column("score"), id: "id", slices: ["note"])

    /// A predictions file over the parallel threshold; `quotedMiddle` puts a quoted
    /// field full of line breaks across the middle of the file.
    static func file(rows: Int, quotedMiddle: Bool, badScoreAt badRow: Int? = nil) throws -> URL {
        var text = "id,label,score,prediction,note\n"
        var generator = SplitMix64(seed: 5)
        for row in 0..<rows {
            let label = generator.next() % 3 == 0 ? "1" : "0"
            let score = row == badRow ? "1.5" : String(format: "%.6f", Double(generator.next() % 1_000_000) / 1e6)
            var note = ["a", "b", "c"][row % 3]
            if quotedMiddle, row == rows / 2 {
                note = "\"" + String(repeating: "line, with a comma\n", count: 20_000) + "\""
            }
            text += "\(row),\(label),\(score),\(label == "1" ? "1" : "0"),\(note)\n"
        }
        let url = try Fixtures.temporaryDirectory().appendingPathComponent("big.csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as! Int
        #expect(size > ParallelCSVScan.minimumSize)
        return url
    }

    func sequential(_ url: URL) throws -> LoadedPredictions {
        var reader = try CSVReader(url: url, displayPath: "big.csv")
        return try PredictionsLoader(columns: Self.columns).load(&reader, path: "big.csv")
    }

    @Test(arguments: [false, true])
    func givesTheSequentialResult(quotedMiddle: Bool) async throws {
        let url = try Self.file(rows: 200_000, quotedMiddle: quotedMiddle)
        let parallel = try await PredictionsLoader(columns: Self.columns).load(url: url, format: .csv, path: "big.csv")
        let expected = try sequential(url)
        #expect(parallel.predictions == expected.predictions)
        #expect(parallel.ids == expected.ids)
        #expect(parallel.slices == expected.slices)
        #expect(parallel.predictions.count == 200_000)
    }

    @Test func anErrorInTheSecondHalfHasItsExactLine() async throws {
        let url = try Self.file(rows: 200_000, quotedMiddle: false, badScoreAt: 150_000)
        await #expect {
            _ = try await PredictionsLoader(columns: Self.columns).load(url: url, format: .csv, path: "big.csv")
        } throws: { error in
            "\(error)" == "big.csv:150002: error: row 150002, column 'score': expected a probability in [0, 1], found 1.5 [constraint-error]"
        }
    }

    /// Records what a scan tells it and how many rows it then sees.
    struct ExpectingConsumer: TableConsumer {
        var expected: [Int] = []
        /// Each consumer's own part: its estimate as told, and the bytes it then read.
        var own: [(told: RowEstimate, read: Int)] = []
        var rows = 0
        mutating func expect(rows: Int) { expected.append(rows) }
        mutating func expect(own estimate: RowEstimate) { own.append((estimate, 0)) }
        mutating func observe(_ batch: RowBatch) throws(TableReadError) {
            rows += batch.rowCount
            own[own.count - 1].read += batch.sourceBytes
        }
        mutating func append(_ later: ExpectingConsumer) {
            expected += later.expected
            own += later.own
            rows += later.rows
        }
    }

    @Test func eachRegionIsToldAboutTheWholeTablesRows() async throws {
        let url = try Self.file(rows: 200_000, quotedMiddle: false)
        let consumer = try await ParallelCSVScan.scan(url: url, dialect: .csv, displayPath: "big.csv", workers: 2) { _ in
            ExpectingConsumer()
        }
        #expect(consumer.rows == 200_000)
        // Every region's consumer, before its first batch, with the whole file's rows (a
        // tenth more, since later rows may be longer): reserved once, appended in place.
        #expect(!consumer.expected.isEmpty)
        for estimate in consumer.expected { #expect(estimate >= 200_000 && estimate < 260_000, "\(estimate)") }
        // And each with its own region's bytes at the start: at least what it then read
        // (a region cut later reads fewer), not the whole file's.
        #expect(consumer.own.count == consumer.expected.count)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int)
        for (told, read) in consumer.own {
            guard case .bytes(let bytes) = told else {
                Issue.record("told \(told)")
                continue
            }
            #expect(bytes >= read && read > 0 && bytes < size, "told \(bytes) bytes, read \(read)")
        }
        // A Parquet file's metadata gives the count exactly; a database, nothing.
        var batch = RowBatch(firstRowNumber: 2, width: 1)
        #expect(RowEstimate.rows(42).rows(batch) == 42)
        #expect(RowEstimate.unknown.rows(batch) == nil)
        #expect(RowEstimate.bytes(1_000).rows(batch) == nil)
        Array("x".utf8).withUnsafeBufferPointer { batch.appendCell($0) }
        batch.endRow(line: 2)
        batch.sourceBytes = 10
        #expect(RowEstimate.bytes(1_000).rows(batch) == 111)
        // Once rows are read: the size at the bytes per row so far.
        #expect(RowEstimate.bytes(1_000).rows(afterReading: 10, fromBytes: 100) == 100)
        #expect(RowEstimate.bytes(1_000).rows(afterReading: 10, fromBytes: 2_000) == 10)
        #expect(RowEstimate.bytes(1_000).rows(afterReading: 0, fromBytes: 0) == nil)
        #expect(RowEstimate.rows(42).rows(afterReading: 10, fromBytes: 100) == 42)
        #expect(RowEstimate.unknown.rows(afterReading: 10, fromBytes: 100) == nil)
    }

    /// Many small regions and more workers than cores: every cut a place to get wrong,
    /// and the result still the sequential one — also when a quoted field full of line
    /// breaks lies across cuts (some region then ends inside a quote, and the file is
    /// read again sequentially).
    @Test(arguments: [(2, false), (3, false), (5, false), (3, true)])
    func manyRegionsGiveTheSequentialResult(workers: Int, quotedMiddle: Bool) async throws {
        let url = try Self.file(rows: 200_000, quotedMiddle: quotedMiddle)
        let expected = try sequential(url)
        let loader = PredictionsLoader(columns: Self.columns)
        var consumer = try await ParallelCSVScan.scan(
            url: url, dialect: .csv, displayPath: "big.csv", workers: workers, minimumTaken: 64 << 10
        ) { header throws(TableReadError) in
            try loader.consumer(header: header, path: "big.csv")
        }
        let parallel = try consumer.finish()
        #expect(parallel.predictions == expected.predictions)
        #expect(parallel.ids == expected.ids)
        #expect(parallel.slices == expected.slices)
        // Each worker starts with a region of its own: at least that many consumers.
        let counted = try await ParallelCSVScan.scan(
            url: url, dialect: .csv, displayPath: "big.csv", workers: workers, minimumTaken: 64 << 10
        ) { _ in ExpectingConsumer() }
        #expect(counted.rows == 200_000)
        // With a cut inside the quoted field, the file was read again in one pass.
        #expect(quotedMiddle ? counted.expected.count == 1 : counted.expected.count >= workers)
    }
}

@Suite("Scan regions")
struct ScanRegionsTests {
    /// A file of `lines` lines of `width` bytes each (the line feed included).
    static func file(lines: Int, width: Int) throws -> URL {
        let line = String(repeating: "x", count: width - 1) + "\n"
        let url = try Fixtures.temporaryDirectory().appendingPathComponent("lines.csv")
        try String(repeating: line, count: lines).write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func takesTheBackHalfOfTheLargestRegionAtALineStart() throws {
        // Line feeds at 99, 199, …, 99,999.
        let url = try Self.file(lines: 1000, width: 100)
        let regions = try #require(ScanRegions(url: url, size: 100_000, minimumTaken: 12_500))
        // Nothing read yet: the cut follows the first line feed at or after the middle.
        let first = try #require(regions.take())
        #expect(first.index == 1 && first.bytes == 50_100..<100_000)
        // Region 0 is read up to a claim's worth; the next cut halves what region 1 has
        // left (48,900 bytes from 51,100: the line feed at or after 75,550).
        #expect(regions.claim(0, upTo: 30_000) == 30_000)
        #expect(regions.claim(1, upTo: 1_000) == 1_000)
        let second = try #require(regions.take())
        #expect(second.index == 2 && second.bytes == 75_600..<100_000)
        // A claim never passes its region's (moved) end; the regions tile the file in order.
        #expect(regions.claim(0, upTo: 30_000) == 20_100)
        #expect(regions.claim(0, upTo: 30_000) == 0)
        let tiles = regions.snapshot.sorted { $0.start < $1.start }
        #expect(tiles.map(\.start) == [0, 50_100, 75_600])
        #expect(tiles.map(\.end) == [50_100, 75_600, 100_000])
        // Left: 0, 24,500 and 24,400 bytes, each less than twice the minimum.
        #expect(regions.take() == nil)
    }

    @Test func aCutNeedsALineFeedBeforeTheRegionsEnd() throws {
        // One line of the whole file: nowhere to cut.
        let url = try Self.file(lines: 1, width: 100_000)
        let regions = try #require(ScanRegions(url: url, size: 100_000, minimumTaken: 1_000))
        #expect(regions.take() == nil)
        #expect(regions.snapshot == [ScanRegions.Region(start: 0, position: 0, end: 100_000)])
    }

    @Test func abandoningStopsEveryReaderAndWorker() throws {
        let url = try Self.file(lines: 1000, width: 100)
        let regions = try #require(ScanRegions(url: url, size: 100_000, minimumTaken: 1_000))
        #expect(regions.claim(0, upTo: 100) == 100)
        regions.abandon()
        #expect(regions.claim(0, upTo: 100) == 0)
        #expect(regions.take() == nil)
    }
}

@Suite("Parallel data gate")
struct ParallelDataGateTests {
    @Test func countsEveryRowAndLocatesErrorsExactly() async throws {
        let url = try ParallelScanTests.file(rows: 200_000, quotedMiddle: true)
        let yaml = """
            version: 1
            gates:
              - {name: big, kind: data, input: big.csv, checks: [{check: row_count, min: 200000, max: 200000}]}
            """
        let config = try ConfigLoader.parse(yaml, file: "mlgate.yml", directory: url.deletingLastPathComponent())
        let report = await GateRunner(config: config).run()
        #expect(report.gates[0].checks.map(\.outcome) == [.passed, .passed])

        // An unterminated quote near the end: the error names its exact line.
        var text = try String(contentsOf: url, encoding: .utf8)
        text += "200000,1,0.5,1,\"never closed\n"
        try text.write(to: url, atomically: true, encoding: .utf8)
        let lines = text.utf8.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        let broken = await GateRunner(config: config).run()
        let input = broken.gates[0].checks[0]
        #expect(input.outcome == .error)
        #expect(input.location == SourceLocation(file: "big.csv", line: lines, column: 16))
    }
}

@Suite("Score order")
struct ScoreOrderTests {
    @Test(arguments: [0, 1, 2, 3, 1001, 20_000])
    func theParallelSortEqualsTheSequentialOne(rows: Int) async {
        var generator = SplitMix64(seed: UInt64(rows))
        // Few distinct values, so that ties (kept in row order) are everywhere; a -0.0 too.
        let scores = (0..<rows).map { row in row == 1 ? -0.0 : Double(generator.next() % 50) / 49 }
        let data = ClassificationPredictions(
            classes: ["0", "1"], positiveClass: 1, labels: scores.map { $0 > 0.5 ? 1 : 0 },
            predicted: scores.map { $0 > 0.5 ? 1 : 0 }, scores: scores, scoreWidth: 1)
        let sequential = ScoreOrder(data)
        let parallel = await ScoreOrder.make(data)
        #expect(parallel == sequential)
        let expected = scores.indices.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
        #expect(sequential.columns.first.map { $0.map(Int.init) } ?? [] == (rows == 0 ? [] : expected))
    }

    /// Micro-averaged average precision merges the per-class orders: it equals, bit for
    /// bit, the pairs sorted by descending score (equal scores in row, then class order)
    /// and walked threshold by threshold, with weights, ties and rows a resample leaves out.
    @Test(arguments: [1, 2, 3])
    func microAveragePrecisionEqualsTheSortedPairs(seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        let rows = 3000, width = 4
        var scores: [Double] = [], labels: [Int32] = [], weights: [Double] = [], counts: [UInt32] = []
        for _ in 0..<rows {
            // Coarse scores, so that ties within and across classes are everywhere.
            let raw = (0..<width).map { _ in Double(generator.next() % 20 + 1) }
            scores += raw.map { $0 / raw.reduce(0, +) }
            labels.append(Int32(generator.next() % UInt64(width)))
            weights.append(Double(generator.next() % 1000) / 7)
            counts.append(UInt32(generator.next() % 3))
        }
        let data = ClassificationPredictions(
            classes: ["a", "b", "c", "d"], positiveClass: nil, labels: labels, predicted: labels, scores: scores,
            scoreWidth: width, weights: weights)
        var pairs: [(score: Double, positive: Bool, weight: Double)] = []
        for row in 0..<rows where counts[row] > 0 {
            for c in 0..<width { pairs.append((scores[row * width + c], Int(labels[row]) == c, weights[row] * Double(counts[row]))) }
        }
        let order = pairs.indices.sorted { pairs[$0].score != pairs[$1].score ? pairs[$0].score > pairs[$1].score : $0 < $1 }
        var positives = 0.0, seenPositive = 0.0, seenNegative = 0.0, previous = 0.0, sum = 0.0
        for pair in pairs where pair.positive { positives += pair.weight }
        var index = 0
        while index < order.count {
            let score = pairs[order[index]].score
            while index < order.count, pairs[order[index]].score == score {
                let pair = pairs[order[index]]
                if pair.weight != 0 { if pair.positive { seenPositive += pair.weight } else { seenNegative += pair.weight } }
                index += 1
            }
            let predicted = seenPositive + seenNegative
            sum += (seenPositive - previous) * (predicted > 0 ? seenPositive / predicted : 0)
            previous = seenPositive
        }
        let value = MetricEvaluator(.classification(data)).value(.averagePrecision(.micro), counts: counts)
        #expect(value == .value(sum / positives))
    }

    /// The row order by descending score (ties in row order), each position's label and
    /// whether its score differs from the one before: what ``ScoreOrder`` must hold.
    static func expectedOrder(_ data: ClassificationPredictions, column: Int) -> (rows: [Int32], starts: [Bool], labels: [Int32]) {
        let score = { (row: Int) in data.scores[row * data.scoreWidth + column] }
        let rows = (0..<data.count).sorted { score($0) != score($1) ? score($0) > score($1) : $0 < $1 }
        let starts = rows.indices.map { $0 == 0 || score(rows[$0]) != score(rows[$0 - 1]) }
        return (rows.map { Int32($0) }, starts, rows.map { data.labels[$0] })
    }

    /// Scores that are decimals of one scale are sorted by their integers
    /// (``DecimalScoreOrder``): one to three digits, both cores past 32,768 rows,
    /// negative scores, ties everywhere, labels of several classes. The order is the
    /// one a sort of the doubles gives.
    @Test(arguments: [
        (decimals: 6, span: 1_000_000, offset: 0, rows: 200_000, width: 1),
        (decimals: 2, span: 10_001, offset: -5_000, rows: 5_000, width: 1),
        (decimals: 0, span: 1_000_000_000, offset: 7, rows: 100_000, width: 1),
        (decimals: 3, span: 1_001, offset: 0, rows: 70_000, width: 3),
        (decimals: 15, span: 40, offset: 100, rows: 1_000, width: 1),
        (decimals: 4, span: 1, offset: 2_500, rows: 40_000, width: 1),
    ])
    func decimalScoresSortAsTheirIntegers(decimals: Int, span: Int, offset: Int, rows: Int, width: Int) async {
        var generator = SplitMix64(seed: UInt64(decimals * 1_000 + width))
        let factor = (0..<decimals).reduce(1.0) { value, _ in value * 10 }
        let scores = (0..<rows * width).map { _ in Double(Int(generator.next() % UInt64(span)) + offset) / factor }
        let labels = (0..<rows).map { _ in Int32(generator.next() % UInt64(max(width, 2))) }
        let data = ClassificationPredictions(
            classes: (0..<max(width, 2)).map(String.init), positiveClass: width == 1 ? 1 : nil, labels: labels, predicted: labels,
            scores: scores, scoreWidth: width)
        let sequential = ScoreOrder(data)
        #expect(await ScoreOrder.make(data) == sequential)
        for column in 0..<width {
            #expect(DecimalScoreOrder.column(data, column: column, cores: 2) != nil)
            let expected = Self.expectedOrder(data, column: column)
            #expect(sequential.columns[column] == expected.rows)
            #expect(sequential.startsScore[column] == expected.starts)
            #expect(sequential.sortedLabels[column] == expected.labels)
        }
    }

    /// A column with one score that is no decimal of the scale its first 64 have (more
    /// digits, -0.0, NaN), or whose integers span more than three digits, takes the
    /// general path, with the same order.
    @Test(arguments: [0, 1, 2, 3])
    func otherScoresTakeTheGeneralPath(kind: Int) async {
        let rows = 50_000
        var generator = SplitMix64(seed: UInt64(kind) + 11)
        var scores = (0..<rows).map { _ in Double(generator.next() % 1_000) / 1_000 }
        switch kind {
        case 0: scores[40_000] = 0.1 + 0.2
        case 1: scores[30_000] = -0.0
        case 2: scores = scores.indices.map { Double($0) / 1e15 + Double($0 % 2) }
        default: scores[100] = .nan
        }
        let labels = scores.map { $0 > 0.5 ? Int32(1) : 0 }
        let data = ClassificationPredictions(
            classes: ["0", "1"], positiveClass: 1, labels: labels, predicted: labels, scores: scores, scoreWidth: 1)
        #expect(DecimalScoreOrder.column(data, column: 0, cores: 2) == nil)
        guard kind < 3 else { return }
        let order = await ScoreOrder.make(data)
        #expect(order == ScoreOrder(data))
        let expected = Self.expectedOrder(data, column: 0)
        #expect(order.columns[0] == expected.rows)
        #expect(order.startsScore[0] == expected.starts)
        #expect(order.sortedLabels[0] == expected.labels)
    }

    /// Scores a few units in the last place apart share the upper 32 bits the radix sort
    /// orders by: those runs are sorted by whole value, ties still in row order, and a
    /// new threshold starts exactly where the value changes.
    @Test(arguments: [7, 5000, 150_000])
    func scoresEqualInTheirUpperBitsAreOrderedByValue(rows: Int) async {
        var generator = SplitMix64(seed: UInt64(rows) + 1)
        let base = [0.25, 0.5, 0.7, 1e-300, 0]
        let scores = (0..<rows).map { _ in
            var value = base[Int(generator.next() % UInt64(base.count))]
            for _ in 0..<(generator.next() % 4) { value = value.nextUp }
            return value
        }
        let data = ClassificationPredictions(
            classes: ["0", "1"], positiveClass: 1, labels: scores.map { $0 > 0.5 ? 1 : 0 },
            predicted: scores.map { $0 > 0.5 ? 1 : 0 }, scores: scores, scoreWidth: 1)
        let expected = scores.indices.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
        for order in [ScoreOrder(data), await ScoreOrder.make(data)] {
            #expect(order.columns[0].map(Int.init) == expected)
            let starts = expected.indices.map { $0 == 0 || scores[expected[$0]] != scores[expected[$0 - 1]] }
            #expect(order.startsScore[0] == starts)
            #expect(order.sortedLabels[0] == expected.map { data.labels[$0] })
        }
    }
}
