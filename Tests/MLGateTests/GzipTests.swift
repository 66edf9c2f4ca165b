import Foundation
import Testing

@testable import MLGate

/// gzip inputs, decompressed while streaming. The small fixtures are written by Python's
/// gzip module (`Fixtures/data/gzip/generate.py`, which also prints what Python reads
/// from each).
@Suite("gzip inputs")
struct GzipTests {
    static func csv(_ url: URL, displayPath: String = "data.csv.gz") throws -> (columns: [String], rows: [[String?]]) {
        var reader = try CSVReader(url: url, displayPath: displayPath, batchSize: 3)
        var rows: [[String?]] = []
        while let batch = try reader.nextBatch() {
            for row in 0..<batch.rowCount { rows.append(batch.columns.map { $0[row] }) }
        }
        return (reader.columns, rows)
    }

    static let people = try! csv(Fixtures.url("data/people.csv"), displayPath: "people.csv")

    @Test(arguments: ["people.csv.gz", "two-members.csv.gz"])
    func readsAGzipCSVAsThePlainFile(_ name: String) throws {
        let read = try Self.csv(Fixtures.url("data/gzip/\(name)"))
        #expect(read.columns == Self.people.columns)
        #expect(read.rows == Self.people.rows)
        #expect(read.rows.count == 4)
    }

    @Test func gzipBytesAreRecognisedWithoutTheExtension() throws {
        let url = try Fixtures.temporaryDirectory().appendingPathComponent("people.csv")
        try FileManager.default.copyItem(at: Fixtures.url("data/gzip/people.csv.gz"), to: url)
        #expect(FileByteSource.isCompressed(url))
        #expect(!FileByteSource.isCompressed(Fixtures.url("data/people.csv")))
        let read = try Self.csv(url)
        #expect(read.rows == Self.people.rows)
    }

    @Test func readsGzipJSONLines() throws {
        var reader = try JSONLinesReader(url: Fixtures.url("data/gzip/people.jsonl.gz"), displayPath: "people.jsonl.gz")
        #expect(reader.columns == ["id", "name"])
        let batch = try #require(try reader.nextBatch())
        #expect(batch.columns == [["1", "2"], ["Ada", "Zoë"]])
        #expect(batch.extraCellCounts == [0, 1])
        #expect(try reader.nextBatch() == nil)
    }

    @Test func formatsAreInferredThroughTheGzipExtension() {
        #expect(TableFormat(inferringFrom: "data.csv.gz") == .csv)
        #expect(TableFormat(inferringFrom: "data.tsv.gz") == .tsv)
        #expect(TableFormat(inferringFrom: "x.jsonl.gz") == .jsonl)
        #expect(TableFormat(inferringFrom: "X.NDJSON.GZ") == .jsonl)
        #expect(TableFormat(inferringFrom: "data.gz") == nil)
    }

    struct Broken: CustomTestStringConvertible, Sendable {
        var file: String
        var expected: String
        var testDescription: String { file }
    }

    static let broken: [Broken] = [
        Broken(
            file: "empty.csv.gz",
            expected: "data.csv.gz:1:1: error: the file is empty: expected a header row [source-error]"),
        Broken(
            file: "not-gzip.csv.gz",
            expected:
                "data.csv.gz: error: not gzip data: expected a gzip stream, starting with the bytes 1f 8b, found 69 64 [compression-error]"
        ),
        Broken(
            file: "truncated.csv.gz",
            expected:
                "data.csv.gz: error: the gzip stream ends early, after 103 compressed bytes (98 bytes decompressed): expected more compressed data (is the file truncated?) [compression-error]"
        ),
        Broken(
            file: "bad-crc.csv.gz",
            expected:
                "data.csv.gz: error: corrupt gzip data near compressed byte 111, decompressed byte 104 (zlib: incorrect data check): expected a valid gzip stream [compression-error]"
        ),
        Broken(
            file: "corrupt.csv.gz",
            expected:
                "data.csv.gz: error: corrupt gzip data near compressed byte 11, decompressed byte 0 (zlib: invalid block type): expected a valid gzip stream [compression-error]"
        ),
        Broken(
            file: "trailing-garbage.csv.gz",
            expected:
                "data.csv.gz: error: unexpected data after the end of the gzip stream, at compressed byte 115: expected another gzip member (1f 8b) or the end of the file, found 6a 75 [compression-error]"
        ),
        Broken(
            file: "invalid-utf8.csv.gz",
            expected: "data.csv.gz:3:5: error: invalid UTF-8 byte sequence: expected UTF-8 text [encoding-error]"),
    ]

    @Test(arguments: broken)
    func brokenGzipInputsThrowNamingTheFile(_ example: Broken) {
        #expect {
            _ = try Self.csv(Fixtures.url("data/gzip/\(example.file)"))
        } throws: { error in
            "\(error)" == example.expected
        }
    }

    @Test func aZeroByteGzipFileIsEmpty() throws {
        let url = try Fixtures.temporaryDirectory().appendingPathComponent("data.csv.gz")
        try Data().write(to: url)
        #expect {
            _ = try Self.csv(url)
        } throws: { error in
            "\(error)" == "data.csv.gz:1:1: error: the file is empty: expected a header row [source-error]"
        }
    }

    @Test(arguments: [1, 2, 5, 1000], [1, 7, 1 << 18])
    func decompressesWhateverTheChunkSizes(inputChunk: Int, outputChunk: Int) throws {
        for name in ["people.csv.gz", "two-members.csv.gz"] {
            let compressed = try [UInt8](Data(contentsOf: Fixtures.url("data/gzip/\(name)")))
            var source = GzipByteSource(
                compressed: TrickleByteSource(bytes: compressed, size: inputChunk), displayPath: name,
                outputSize: outputChunk)
            var bytes: [UInt8] = []
            while let chunk = try source.nextChunk() {
                #expect(!chunk.isEmpty && chunk.count <= outputChunk)
                bytes += chunk
            }
            #expect(bytes == [UInt8](try Data(contentsOf: Fixtures.url("data/people.csv"))))
            #expect(try source.nextChunk() == nil)
        }
    }

    @Test(arguments: [1, 3])
    func truncationIsFoundWhateverTheChunkSize(inputChunk: Int) throws {
        let compressed = try [UInt8](Data(contentsOf: Fixtures.url("data/gzip/people.csv.gz")))
        for cut in [1, 2, 5, 10, 40, compressed.count - 1] {
            var source = GzipByteSource(
                compressed: TrickleByteSource(bytes: Array(compressed.prefix(cut)), size: inputChunk), displayPath: "t.gz")
            #expect(throws: TableReadError.self) {
                while try source.nextChunk() != nil {}
            }
        }
    }

    /// Writes `text` gzip-compressed (with the system's gzip tool) to `name` in a
    /// temporary folder.
    static func gzipFile(_ text: String, name: String) throws -> URL {
        let directory = try Fixtures.temporaryDirectory()
        let plain = directory.appendingPathComponent("plain")
        try text.write(to: plain, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-1", "-n", plain.path]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let url = directory.appendingPathComponent(name)
        try FileManager.default.moveItem(at: directory.appendingPathComponent("plain.gz"), to: url)
        return url
    }

    @Test func readsALargeGzipFileSequentially() async throws {
        // Random hex compresses poorly: the gzip file is over 4 MB, so the parallel scan
        // would split it were it not compressed.
        var generator = SplitMix64(seed: 11)
        var text = "id,label,score,prediction,note\n"
        let rows = 200_000
        for row in 0..<rows {
            let label = generator.next() % 2
            let score = String(format: "%.6f", Double(generator.next() % 1_000_000) / 1e6)
            let note = String(generator.next(), radix: 16) + String(generator.next(), radix: 16)
            text += "\(row),\(label),\(score),\(label),\"\(note), x\"\n"
        }
        let url = try Self.gzipFile(text, name: "big.csv.gz")
        let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as! Int
        #expect(size > ParallelCSVScan.minimumSize)
        #expect(ParallelCSVScan.splittableSize(url) == nil)

        var reader = try CSVReader(url: url, displayPath: "big.csv.gz")
        var count = 0
        var last: String?
        while let batch = try reader.nextBatch() {
            count += batch.rowCount
            last = batch.string(0, batch.rowCount - 1)
        }
        #expect(count == rows)
        #expect(last == "\(rows - 1)")

        // Through the parallel entry point: read sequentially, every row counted.
        let columns = PredictionColumns(
            task: .binary, label: "label", prediction: "prediction", scores: .column("score"), id: "id", slices: ["note"])
        let loaded = try await PredictionsLoader(columns: columns).load(url: url, format: .csv, path: "big.csv.gz")
        #expect(loaded.predictions.count == rows)

        // Also when only the bytes tell.
        let renamed = url.deletingLastPathComponent().appendingPathComponent("big.csv")
        try FileManager.default.moveItem(at: url, to: renamed)
        #expect(ParallelCSVScan.splittableSize(renamed) == nil)
        let again = try await PredictionsLoader(columns: columns).load(url: renamed, format: .csv, path: "big.csv")
        #expect(again.predictions.count == rows)
    }
}
