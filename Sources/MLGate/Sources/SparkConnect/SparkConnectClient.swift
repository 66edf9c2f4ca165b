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
    /// The Arrow chunk size asked of the server (`preferred_arrow_chunk_size`, at least
    /// 1 kB); nil: the server's own (its largest batch, 4 MiB by default).
    var preferredArrowChunkBytes: Int?

    private static let service = "/spark.connect.SparkConnectService/"

    /// Connects; `timeout` bounds the connection, the TLS handshake and each wait for an
    /// answer's next bytes. Over TLS (``SparkConnectURL/usesTLS``) the server's certificate
    /// chain and host name are checked against `rootCertificates` (a PEM file; nil: the
    /// system's trust store, which honours `SSL_CERT_FILE` and `SSL_CERT_DIR`), and the
    /// server must select HTTP/2 by ALPN, as gRPC requires.
    init(url: SparkConnectURL, timeout: Int, rootCertificates: String? = SparkConnectClient.rootCertificatesFromEnvironment()) throws(SparkConnectError) {
        self.url = url
        sessionID = url.sessionID ?? UUID().uuidString.lowercased()
        do {
            socket = try PostgresSocket(host: url.host, port: url.port, timeout: timeout)
        } catch {
            throw SparkConnectError(.connection, "cannot connect to Spark Connect at \(url.display): \(error.message)")
        }
        socket.setReadTimeout(seconds: timeout)
        if url.usesTLS {
            let selected: String?
            do {
                selected = try socket.startTLS(
                    host: url.host, rootCertificates: rootCertificates, protocols: ["h2"], setting: url.useSSL ? "use_ssl=true" : "a token implies TLS")
            } catch {
                var hint = ""
                if error.message.contains("certificate verification failed") {
                    hint = rootCertificates.map { "; the trusted certificates were read from \($0)" }
                        ?? "; if the server's certificate comes from a private CA, give its PEM file in GRPC_DEFAULT_SSL_ROOTS_FILE_PATH or SSL_CERT_FILE"
                }
                throw SparkConnectError(.connection, "cannot connect to Spark Connect at \(url.display) over TLS: \(error.message)\(hint)")
            }
            guard selected == "h2" else {
                throw SparkConnectError(
                    .connection,
                    "Spark Connect at \(url.display) did not select HTTP/2 by ALPN in the TLS handshake (\(selected.map { "it chose '\($0)'" } ?? "it chose none")); gRPC over TLS needs h2: is this a Spark Connect endpoint?")
            }
        }
        connection = try HTTP2Connection(transport: socket)
        // The token and the metadata values (either may be a credential) are never shown;
        // a value of under four characters is not one, and hiding it would garble messages.
        connection.secrets = [url.token].compactMap { $0 } + url.metadata.map(\.value).filter { $0.count >= 4 }
    }

    /// The root certificates a TLS connection trusts: the PEM file in gRPC's
    /// `GRPC_DEFAULT_SSL_ROOTS_FILE_PATH` (which pyspark's gRPC honours), else nil (the
    /// system's store, or OpenSSL's `SSL_CERT_FILE` / `SSL_CERT_DIR`).
    static func rootCertificatesFromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        environment["GRPC_DEFAULT_SSL_ROOTS_FILE_PATH"].flatMap { $0.isEmpty ? nil : $0 }
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
        // request_options (5): result_chunking_options (2), as pyspark asks: the server may
        // split a large Arrow batch into chunks (SparkArrowChunks puts them together).
        let chunkBytes = preferredArrowChunkBytes
        request.message(5) { option in
            option.message(2) { chunking in
                chunking.bool(1, true)
                if let chunkBytes { chunking.varint(2, UInt64(chunkBytes)) }
            }
        }
        return QueryResult(answer: try start("ExecutePlan", request.bytes))
    }

    /// The answer of an ExecutePlan call.
    struct QueryResult {
        var answer: GRPCCall.Answer
        /// The Arrow stream being read by ``nextBatch(keeping:)``.
        private var stream: ArrowStreamReader?
        /// The chunks of the Arrow batch being received.
        private var chunks = SparkArrowChunks()

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
                guard let part = try SparkArrowChunks.part(in: message) else { continue }
                if let stream = try chunks.add(part) { return stream }
            }
            try chunks.finish()
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

    /// The metadata every call of `url` sends: the user agent if given, the token as
    /// `authorization: Bearer …` (gRPC's access-token credentials, as pyspark sends it),
    /// and the address's other parameters (``SparkConnectURL/metadata``).
    static func metadata(for url: SparkConnectURL) -> [(name: String, value: String)] {
        var metadata: [(name: String, value: String)] = []
        if let agent = url.userAgent { metadata.append(("x-spark-connect-user-agent", agent)) }
        if let token = url.token { metadata.append(("authorization", "Bearer \(token)")) }
        for entry in url.metadata { metadata.append((entry.name, entry.value)) }
        return metadata
    }

    private func start(_ method: String, _ request: [UInt8]) throws(SparkConnectError) -> GRPCCall.Answer {
        let metadata = Self.metadata(for: url)
        let authority = "\(url.host.contains(":") ? "[\(url.host)]" : url.host):\(url.port)"
        return try GRPCCall.start(
            connection, scheme: url.usesTLS ? "https" : "http", authority: authority, path: Self.service + method, metadata: metadata,
            request: request)
    }

}
