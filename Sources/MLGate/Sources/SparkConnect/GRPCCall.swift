/// One gRPC call (unary or server-streaming) over an ``HTTP2Connection``: the request as
/// one length-prefixed message, the answer's messages handed on one by one as they
/// complete, and the call's status from the trailers (`grpc-status`, `grpc-message`).
enum GRPCCall {
    /// The largest answer message accepted (Spark Connect's own default limit is 128 MiB).
    static let maximumMessageBytes = 128 << 20

    /// Calls `path` (`/package.Service/Method`) with `request`; `onMessage` gets each answer message.
    static func call(
        _ connection: HTTP2Connection, scheme: String = "http", authority: String, path: String, metadata: [(name: String, value: String)],
        request: [UInt8], onMessage: ([UInt8]) throws(SparkConnectError) -> Void
    ) throws(SparkConnectError) {
        var answer = try start(connection, scheme: scheme, authority: authority, path: path, metadata: metadata, request: request)
        while let message = try answer.next() { try onMessage(message) }
    }

    /// Sends the request of a call; its answer's messages are read one by one from what
    /// this returns, as the caller needs them (a table read a batch at a time). `scheme`
    /// is `https` over TLS.
    static func start(
        _ connection: HTTP2Connection, scheme: String = "http", authority: String, path: String, metadata: [(name: String, value: String)],
        request: [UInt8]
    ) throws(SparkConnectError) -> Answer {
        let headers: [(name: String, value: String)] = [
            (":method", "POST"), (":scheme", scheme), (":path", path), (":authority", authority),
            ("content-type", "application/grpc"), ("te", "trailers"), ("user-agent", "mlgate/\(MLGateVersion.current)"),
        ] + metadata
        var body: [UInt8] = [0] + HTTP2Connection.bigEndian(UInt32(request.count))
        body += request
        return Answer(connection: connection, stream: try connection.request(headers: headers, body: body))
    }

    /// The answer of one call: its messages, then its status.
    struct Answer {
        let connection: HTTP2Connection
        let stream: UInt32
        private var pending: [UInt8] = []
        private var sawHeaders = false
        private var ended = false

        init(connection: HTTP2Connection, stream: UInt32) {
            self.connection = connection
            self.stream = stream
        }

        /// The next message; nil once the call ended well (an error status throws).
        mutating func next() throws(SparkConnectError) -> [UInt8]? {
            while !ended {
                if let message = try nextPending() { return message }
                guard let event = try connection.nextEvent(on: stream) else { break }
                switch event {
                case .headers(let fields, let end):
                    if !sawHeaders {
                        sawHeaders = true
                        let status = fields.first { $0.name == ":status" }?.value ?? ""
                        guard status == "200" else {
                            throw SparkConnectError(.protocolViolation, "the server answered HTTP \(status.isEmpty ? "without a status" : status), not gRPC")
                        }
                        if !end { continue }
                    }
                    guard end else { throw SparkConnectError(.protocolViolation, "a third header block before the end of the call") }
                    guard pending.isEmpty else { throw SparkConnectError(.protocolViolation, "the call ended inside a message") }
                    ended = true
                    try GRPCCall.check(trailers: fields, redacting: connection)
                case .data(let bytes, let end):
                    guard sawHeaders else { throw SparkConnectError(.protocolViolation, "data before the response headers") }
                    pending += bytes
                    if end { throw SparkConnectError(.protocolViolation, "the call ended without its gRPC status") }
                }
            }
            return nil
        }

        /// A complete message at the start of the bytes received, taken off them.
        private mutating func nextPending() throws(SparkConnectError) -> [UInt8]? {
            guard pending.count >= 5 else { return nil }
            guard pending[0] == 0 else {
                throw SparkConnectError(.protocolViolation, "a compressed gRPC message, though mlgate asked for none")
            }
            let length = Int(HTTP2Connection.uint32(pending, 1))
            guard length <= maximumMessageBytes else {
                throw SparkConnectError(.protocolViolation, "a gRPC message of \(length) bytes (at most \(maximumMessageBytes))")
            }
            guard pending.count >= 5 + length else { return nil }
            let message = Array(pending[5..<5 + length])
            pending.removeFirst(5 + length)
            return message
        }
    }

    /// Throws the call's error unless `grpc-status` is 0.
    fileprivate static func check(trailers: [(name: String, value: String)], redacting connection: HTTP2Connection) throws(SparkConnectError) {
        guard let text = trailers.first(where: { $0.name == "grpc-status" })?.value, let status = Int(text) else {
            throw SparkConnectError(.protocolViolation, "the call ended without its gRPC status")
        }
        guard status != 0 else { return }
        let message = trailers.first { $0.name == "grpc-message" }?.value ?? ""
        throw SparkConnectError(.server(status: status), connection.redacted(percentDecoded(message)))
    }

    /// `grpc-message` is percent-encoded UTF-8.
    static func percentDecoded(_ text: String) -> String {
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "%"), utf8.count >= 2,
                let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
