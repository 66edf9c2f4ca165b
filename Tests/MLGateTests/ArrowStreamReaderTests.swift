import Foundation
import Testing

@testable import MLGate

/// The Arrow IPC stream fixtures (written by pyarrow, see Fixtures/arrow/make_fixtures.py,
/// and captured from a Spark Connect server, see capture_spark.py)
/// read cell for cell as pyarrow reads them, and malformed streams are located errors.
@Suite("Arrow stream reading")
struct ArrowStreamReaderTests {
    struct Expected: Decodable {
        var columns: [String]
        var all_columns: [String]
        var rows: Int
        var cells: [String: [String?]]
    }

    /// pyarrow's streams (expected.json) and those a Spark Connect server sent
    /// (expected_spark.json, captured by capture_spark.py).
    static let expected: [String: Expected] = {
        ["expected", "expected_spark"].reduce(into: [:]) { all, name in
            let data = try! Data(contentsOf: Fixtures.url("arrow/\(name).json"))
            all.merge(try! JSONDecoder().decode([String: Expected].self, from: data)) { first, _ in first }
        }
    }()

    static func bytes(_ name: String) -> [UInt8] {
        Array(try! Data(contentsOf: Fixtures.url("arrow/\(name).arrows")))
    }

    /// Every cell of the stream, column by column, with `kept` decoded (nil in the others).
    static func read(_ bytes: [UInt8], kept: Set<Int>?) throws(ArrowDecodeError) -> (names: [String], cells: [[String?]], batches: Int) {
        var reader = ArrowStreamReader(bytes)
        _ = try reader.readSchema()
        reader.keptColumns = kept
        let names = reader.columnNames
        var cells = [[String?]](repeating: [], count: names.count)
        var batches = 0
        while let batch = try reader.nextBatch() {
            batches += 1
            #expect(batch.columns.count == names.count)
            for (index, column) in batch.columns.enumerated() {
                for row in 0..<batch.rowCount {
                    cells[index].append(column?.text(row).map { String(decoding: $0, as: UTF8.self) })
                }
            }
        }
        return (names, cells, batches)
    }

    @Test("every value equals pyarrow's", arguments: expected.keys.sorted())
    func values(_ name: String) throws {
        let expected = try #require(Self.expected[name])
        let readable = Set(expected.all_columns.indices.filter { expected.columns.contains(expected.all_columns[$0]) })
        let read = try Self.read(Self.bytes(name), kept: readable)
        #expect(read.names == expected.all_columns)
        for (index, column) in read.names.enumerated() {
            guard let want = expected.cells[column] else {
                #expect(read.cells[index].allSatisfy { $0 == nil }, "\(column) was not kept")
                continue
            }
            #expect(read.cells[index].count == expected.rows, "\(name).\(column): row count")
            for (row, (cell, value)) in zip(read.cells[index], want).enumerated() where cell != value {
                Issue.record("\(name).\(column) row \(row): read \(cell.map { "'\($0)'" } ?? "null"), pyarrow \(value.map { "'\($0)'" } ?? "null")")
                break
            }
        }
    }

    @Test("several batches, a zero-row batch and an empty stream")
    func batches() throws {
        #expect(try Self.read(Self.bytes("types"), kept: nil).batches == 3)
        #expect(try Self.read(Self.bytes("zero_rows"), kept: nil).batches == 3)
        #expect(try Self.read(Self.bytes("empty"), kept: nil).batches == 0)
    }

    @Test("a column of a type mlgate does not read is an error only when it is read", arguments: ["tags", "view"])
    func unreadTypes(_ column: String) throws {
        let expected = try #require(Self.expected["more"])
        let index = try #require(expected.all_columns.firstIndex(of: column))
        #expect(throws: ArrowDecodeError.self) { try Self.read(Self.bytes("more"), kept: [index]) }
        do {
            _ = try Self.read(Self.bytes("more"), kept: [index])
        } catch {
            #expect(error.message.contains("column '\(column)'"))
            #expect(error.message.contains("mlgate does not read"))
        }
        // The column after them still reads.
        let last = try #require(expected.all_columns.firstIndex(of: "last"))
        let read = try Self.read(Self.bytes("more"), kept: [last])
        #expect(read.cells[last].compactMap { $0 }.count == expected.rows)
    }

    @Test("every truncation of a stream is an error or fewer rows, never a crash", arguments: ["legacy", "zero_rows", "lz4"])
    func truncations(_ name: String) throws {
        let bytes = Self.bytes(name)
        let whole = try Self.read(bytes, kept: nil)
        var errors = 0
        for length in 0..<bytes.count {
            do {
                let read = try Self.read(Array(bytes[..<length]), kept: nil)
                // Ending at a message boundary ends the stream: a prefix of the rows.
                #expect(read.cells.first.map { $0.count <= (whole.cells.first?.count ?? 0) } ?? true)
            } catch {
                errors += 1
                #expect(error.offset >= 0 && error.offset <= bytes.count, "\(error)")
            }
        }
        #expect(errors > bytes.count / 2)
    }

    @Test("seeded corruptions are errors or values, never a crash")
    func corruptions() {
        var generator = SplitMix64(seed: 7)
        for name in ["types", "zstd", "more"] {
            let bytes = Self.bytes(name)
            for _ in 0..<300 {
                var damaged = bytes
                for _ in 0..<Int.random(in: 1...4, using: &generator) {
                    damaged[Int.random(in: 0..<damaged.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
                }
                _ = try? Self.read(damaged, kept: nil)
            }
        }
    }

    @Test("extreme instants print without overflow (found by the fuzzer)")
    func extremeInstants() {
        for unit in [ArrowTimeUnit.second, .millisecond, .microsecond, .nanosecond] {
            for value in [Int64.min, Int64.min + 1, -1, Int64.max] {
                for zone in [nil, "UTC", "+05:30", "America/New_York"] {
                    var text: [UInt8] = []
                    ArrowText.appendTimestamp(value, unit: unit, timezone: zone, to: &text)
                    #expect(!text.isEmpty)
                }
            }
        }
        var text: [UInt8] = []
        ArrowText.appendTimestamp(-1, unit: .millisecond, timezone: nil, to: &text)
        #expect(String(decoding: text, as: UTF8.self) == "1969-12-31 23:59:59.999000")
    }

    @Test("errors name what is wrong and where")
    func messages() throws {
        let bytes = Self.bytes("legacy")
        do {
            _ = try Self.read(Array(bytes[..<(bytes.count - 40)]), kept: nil)
            Issue.record("a truncated body read")
        } catch {
            #expect(error.message.contains("runs past the end of the stream"), "\(error)")
            #expect(error.description.contains("of the Arrow stream"))
        }
        do {
            _ = try Self.read([0xFF, 0xFF, 0xFF, 0xFF, 0x10, 0, 0, 0, 1, 2, 3], kept: nil)
            Issue.record("a short message read")
        } catch {
            #expect(error.offset == 0)
        }
    }
}

