import Foundation

/// A minimal Spark Connect client of mlgate's own: gRPC over HTTP/2 (``HTTP2Connection``,
/// ``GRPCCall``) with hand-written protocol buffers, for three calls of
/// `spark.connect.SparkConnectService` — `Config` (the session's time zone), `ExecutePlan`
/// with a `Relation.sql` plan (a query's rows, as Arrow IPC streams) and `ReleaseSession`.
///
/// Why not grpc-swift: it and its NIO transport would add minutes to every clean build of
/// a tool that makes three calls (docs/warehouse.md, Spark).
final class SparkConnectClient {
    let url: SparkConnectURL
    /// The session's id (a UUID), from the address or new.
    let sessionID: String
    private let connection: HTTP2Connection
    private let socket: PostgresSocket

    /// The bytes received from the server so far.
    var bytesReceived: Int { connection.bytesReceived }

    private static let service = "/spark.connect.SparkConnectService/"

    /// Connects; `timeout` bounds the connection and each wait for an answer's next bytes.
    init(url: SparkConnectURL, timeout: Int) throws(SparkConnectError) {
        self.url = url
        guard !url.useSSL else {
            throw SparkConnectError(
                .connection,
                "\(url.display): a token or use_ssl=true needs TLS, which mlgate's Spark Connect client does not speak yet; reach the server over a plain connection (a local port, an SSH tunnel)")
        }
        sessionID = url.sessionID ?? UUID().uuidString.lowercased()
        do {
            socket = try PostgresSocket(host: url.host, port: url.port, timeout: timeout)
        } catch {
            throw SparkConnectError(.connection, "cannot connect to Spark Connect at \(url.display): \(error.message)")
        }
        socket.setReadTimeout(seconds: timeout)
        connection = try HTTP2Connection(transport: socket)
    }

    /// Sets session configuration values (`spark.sql.session.timeZone` …).
    func setConfig(_ pairs: [(key: String, value: String)]) throws(SparkConnectError) {
        var request = ProtobufWriter()
        common(&request)
        request.message(3) { operation in
            operation.message(1) { set in
                for pair in pairs {
                    set.message(1) { keyValue in
                        keyValue.string(1, pair.key)
                        keyValue.string(2, pair.value)
                    }
                }
            }
        }
        request.string(4, "mlgate")
        try call("Config", request.bytes) { _ throws(SparkConnectError) in }
    }

    /// Runs `query` and hands on each Arrow IPC stream of its rows as it arrives.
    func executeSQL(_ query: String, onArrowStream: ([UInt8]) throws(SparkConnectError) -> Void) throws(SparkConnectError) {
        var result = try execute(query)
        while let stream = try result.nextArrowStream() { try onArrowStream(stream) }
    }

    /// Starts `query`; its rows are read from the result, one Arrow IPC stream at a time.
    func execute(_ query: String) throws(SparkConnectError) -> QueryResult {
        var request = ProtobufWriter()
        common(&request)
        request.message(3) { plan in
            plan.message(1) { relation in
                relation.message(10) { sql in sql.string(1, query) }
            }
        }
        request.string(4, "mlgate")
        return QueryResult(answer: try start("ExecutePlan", request.bytes))
    }

    /// The answer of an ExecutePlan call.
    struct QueryResult {
        var answer: GRPCCall.Answer
        /// The Arrow stream being read by ``nextBatch(keeping:)``.
        private var stream: ArrowStreamReader?

        init(answer: GRPCCall.Answer) {
            self.answer = answer
        }

        /// The next record batch with rows, decoding only the `kept` columns (nil: all);
        /// nil at the end of the rows.
        mutating func nextBatch(keeping kept: Set<Int>? = nil) throws(SparkConnectError) -> ArrowRecordBatch? {
            while true {
                if var reader = stream {
                    reader.keptColumns = kept
                    let batch: ArrowRecordBatch?
                    do {
                        batch = try reader.nextBatch()
                    } catch {
                        throw SparkConnectError(.protocolViolation, error.description)
                    }
                    stream = reader
                    if let batch {
                        if batch.rowCount == 0 { continue }
                        return batch
                    }
                }
                guard let bytes = try nextArrowStream() else { return nil }
                stream = ArrowStreamReader(bytes)
            }
        }

        /// The next Arrow IPC stream of rows; nil at the end of the rows.
        mutating func nextArrowStream() throws(SparkConnectError) -> [UInt8]? {
            while let message = try answer.next() {
                if let stream = try SparkConnectClient.arrowStream(in: message) { return stream }
            }
            return nil
        }
    }

    /// Ends the session on the server (its cached state goes).
    func releaseSession() throws(SparkConnectError) {
        var request = ProtobufWriter()
        common(&request)
        request.string(3, "mlgate")
        try call("ReleaseSession", request.bytes) { _ throws(SparkConnectError) in }
    }

    /// `session_id` (1) and `user_context` (2), which every request starts with.
    private func common(_ request: inout ProtobufWriter) {
        request.string(1, sessionID)
        let user = url.userID
        request.message(2) { context in context.string(1, user) }
    }

    private func call(_ method: String, _ request: [UInt8], onMessage: ([UInt8]) throws(SparkConnectError) -> Void) throws(SparkConnectError) {
        var answer = try start(method, request)
        while let message = try answer.next() { try onMessage(message) }
    }

    private func start(_ method: String, _ request: [UInt8]) throws(SparkConnectError) -> GRPCCall.Answer {
        var metadata: [(name: String, value: String)] = []
        if let agent = url.userAgent { metadata.append(("x-spark-connect-user-agent", agent)) }
        if let token = url.token { metadata.append(("authorization", "Bearer \(token)")) }
        let authority = "\(url.host.contains(":") ? "[\(url.host)]" : url.host):\(url.port)"
        return try GRPCCall.start(connection, authority: authority, path: Self.service + method, metadata: metadata, request: request)
    }

    /// The Arrow IPC stream of an `ExecutePlanResponse`'s `arrow_batch` (field 2), if it has one.
    static func arrowStream(in message: [UInt8]) throws(SparkConnectError) -> [UInt8]? {
        do {
            var response = ProtobufReader(message[...])
            while let field = try response.next() {
                guard field.field == 2, case .bytes(let batch) = field.value else { continue }
                var reader = ProtobufReader(batch)
                var data: [UInt8]?
                while let inner = try reader.next() {
                    switch (inner.field, inner.value) {
                    case (2, .bytes(let bytes)): data = Array(bytes)
                    case (5, .number(let chunks)) where chunks > 1:
                        throw SparkConnectError(.protocolViolation, "an Arrow batch split into \(chunks) chunks, which mlgate did not ask for")
                    default: continue
                    }
                }
                return data ?? []
            }
            return nil
        } catch let error as ProtobufReader.DecodeError {
            throw SparkConnectError(.protocolViolation, "an ExecutePlan answer does not decode: \(error.message)")
        } catch let error as SparkConnectError {
            throw error
        } catch {
            throw SparkConnectError(.protocolViolation, "\(error)")
        }
    }
}
