import Foundation
import Testing

@testable import MLGate

/// Chunked Arrow batches (`ResultChunkingOptions`): put together in order, within a size
/// limit, from crafted answers; a real server made to chunk by a 1 kB chunk size gives
/// the same rows as unchunked.
@Suite("Spark Connect Arrow chunks")
struct SparkArrowChunksTests {
    /// An `ExecutePlanResponse` with an `arrow_batch` of `data`, its chunk index and count (0: absent).
    static func answer(_ data: [UInt8], rows: UInt64 = 3, index: UInt64? = nil, count: UInt64? = nil) -> [UInt8] {
        var batch = ProtobufWriter()
        batch.varint(1, rows)
        batch.bytes(2, data)
        if let index { batch.varint(4, index) }
        if let count { batch.varint(5, count) }
        var response = ProtobufWriter()
        response.string(1, "session")
        response.bytes(2, batch.bytes)
        return response.bytes
    }

    @Test("chunks are read from the answer and put together in order; a whole batch passes as it is")
    func reassembly() throws {
        let stream = Array(0..<250).map { UInt8($0) }
        var chunks = SparkArrowChunks()
        let parts = try [0, 1, 2].map { index in
            try #require(try SparkArrowChunks.part(in: Self.answer(Array(stream[index * 100..<min(250, index * 100 + 100)]), index: UInt64(index), count: 3)))
        }
        #expect(parts[1].chunkIndex == 1 && parts[1].chunkCount == 3 && parts[1].rowCount == 3)
        #expect(try chunks.add(parts[0]) == nil)
        #expect(try chunks.add(parts[1]) == nil)
        #expect(try chunks.add(parts[2]) == stream)
        try chunks.finish()
        // Unchunked: no chunk fields, or a count of 0 or 1.
        for (index, count) in [(nil, nil), (0, 0), (0, 1)] as [(UInt64?, UInt64?)] {
            let part = try #require(try SparkArrowChunks.part(in: Self.answer([7, 8], index: index, count: count)))
            #expect(try chunks.add(part) == [7, 8])
        }
        try chunks.finish()
    }

    @Test("chunks out of order, a batch over the limit or an answer ending inside a batch are errors")
    func hostile() throws {
        func part(_ index: UInt64, _ count: UInt64, _ size: Int = 10) -> SparkArrowChunks.Part {
            SparkArrowChunks.Part(data: Array(repeating: 1, count: size), chunkIndex: index, chunkCount: count)
        }
        var chunks = SparkArrowChunks(limit: 100)
        #expect(throws: SparkConnectError.self) { try chunks.add(part(1, 3)) }
        chunks = SparkArrowChunks(limit: 100)
        _ = try chunks.add(part(0, 3))
        #expect(throws: SparkConnectError.self) { try chunks.add(part(2, 3)) }
        chunks = SparkArrowChunks(limit: 100)
        _ = try chunks.add(part(0, 3))
        #expect(throws: SparkConnectError.self) { try chunks.add(part(1, 4)) }
        // A server announcing a huge count and sending big chunks stops at the limit, not at the count.
        chunks = SparkArrowChunks(limit: 100)
        #expect {
            for index in 0..<1_000 { _ = try chunks.add(part(UInt64(index), UInt64.max, 30)) }
        } throws: { error in
            "\(error)".contains("at most 100")
        }
        chunks = SparkArrowChunks(limit: 100)
        #expect(throws: SparkConnectError.self) { try chunks.add(part(0, 0, 101)) }
        chunks = SparkArrowChunks(limit: 100)
        _ = try chunks.add(part(0, 2))
        #expect(throws: SparkConnectError.self) { try chunks.finish() }
    }

    @Test("a real server made to chunk (1 kB chunks) gives the rows it gives unchunked")
    func realServer() throws {
        let query = "SELECT id, concat('row-', CAST(id AS STRING), repeat('x', 40)) AS s, CAST(id AS DOUBLE) / 3 AS d FROM range(0, 20000)"
        let whole = try SparkConnectClientTests.rows(SparkConnectClientTests.client(), query)
        let client = try SparkConnectClientTests.client()
        client.preferredArrowChunkBytes = 1024
        // Count the chunks as they arrive, then read the rows put together.
        var result = try client.execute(query)
        var chunked = 0
        while let message = try result.answer.next() {
            if let part = try SparkArrowChunks.part(in: message), part.chunkCount > 1 { chunked += 1 }
        }
        #expect(chunked > 100)
        let assembled = try SparkConnectClientTests.rows(client, query)
        #expect(assembled.names == whole.names)
        #expect(assembled.cells == whole.cells && whole.cells.first?.count == 20000)
    }
}
