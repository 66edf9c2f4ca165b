/// The Arrow batches of an `ExecutePlan` answer, reassembled from their chunks.
///
/// mlgate asks for chunking as pyspark does (`ResultChunkingOptions`,
/// `allow_arrow_batch_chunking`): the server may then split an Arrow batch larger than
/// its chunk size over several answers, each an `ArrowBatch` with `chunk_index` (from 0)
/// and `num_chunks_in_batch`; without `num_chunks_in_batch` (or 0) an answer is a whole
/// batch. The chunks must come in order, all of one batch before the next, and a batch
/// put together holds at most ``maximumBatchBytes`` (as a single unchunked answer), so
/// that a hostile server cannot make mlgate allocate without bound.
struct SparkArrowChunks {
    /// One `ExecutePlanResponse.arrow_batch` (field 2).
    struct Part: Equatable {
        /// `data` (2): the Arrow IPC stream, or this chunk of it.
        var data: [UInt8]
        /// `row_count` (1): the rows of the whole batch.
        var rowCount: UInt64 = 0
        /// `chunk_index` (4).
        var chunkIndex: UInt64 = 0
        /// `num_chunks_in_batch` (5); 0 when absent.
        var chunkCount: UInt64 = 0
    }

    /// The largest batch put together from chunks (that of one gRPC message).
    static let maximumBatchBytes = GRPCCall.maximumMessageBytes

    /// The limit of this answer's batches.
    let limit: Int
    private var pending: [UInt8] = []
    /// The chunks received of the batch being put together, and how many it has.
    private var received: UInt64 = 0
    private var expected: UInt64 = 0

    init(limit: Int = SparkArrowChunks.maximumBatchBytes) {
        self.limit = limit
    }

    /// The Arrow batch part of an `ExecutePlanResponse`, if it has one.
    static func part(in message: [UInt8]) throws(SparkConnectError) -> Part? {
        do {
            var response = ProtobufReader(message[...])
            while let field = try response.next() {
                guard field.field == 2, case .bytes(let batch) = field.value else { continue }
                var reader = ProtobufReader(batch)
                var part = Part(data: [])
                while let inner = try reader.next() {
                    switch (inner.field, inner.value) {
                    case (1, .number(let rows)): part.rowCount = rows
                    case (2, .bytes(let bytes)): part.data = Array(bytes)
                    case (4, .number(let index)): part.chunkIndex = index
                    case (5, .number(let count)): part.chunkCount = count
                    default: continue
                    }
                }
                return part
            }
            return nil
        } catch {
            throw SparkConnectError(.protocolViolation, "an ExecutePlan answer does not decode: \(error.message)")
        }
    }

    /// Takes the next part; the whole Arrow IPC stream once its last chunk came, else nil.
    mutating func add(_ part: Part) throws(SparkConnectError) -> [UInt8]? {
        if expected == 0 {
            guard part.chunkIndex == 0 else {
                throw SparkConnectError(.protocolViolation, "an Arrow batch began with chunk \(part.chunkIndex), not chunk 0")
            }
            guard part.chunkCount > 1 else {
                guard part.data.count <= limit else { throw tooLarge(part.data.count) }
                return part.data
            }
            expected = part.chunkCount
        } else {
            guard part.chunkIndex == received, part.chunkCount == expected else {
                throw SparkConnectError(
                    .protocolViolation,
                    "chunk \(part.chunkIndex) of \(part.chunkCount) came where chunk \(received) of \(expected) of an Arrow batch was expected")
            }
        }
        guard part.data.count <= limit - pending.count else { throw tooLarge(pending.count + part.data.count) }
        pending += part.data
        received += 1
        guard received == expected else { return nil }
        defer {
            pending = []
            received = 0
            expected = 0
        }
        return pending
    }

    /// Throws when the answer ended inside a chunked batch.
    func finish() throws(SparkConnectError) {
        guard expected == 0 else {
            throw SparkConnectError(.protocolViolation, "the answer ended after chunk \(received) of \(expected) of an Arrow batch")
        }
    }

    private func tooLarge(_ bytes: Int) -> SparkConnectError {
        SparkConnectError(.protocolViolation, "an Arrow batch of at least \(bytes) bytes; mlgate accepts at most \(limit)")
    }
}
