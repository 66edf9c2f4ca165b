/// One gRPC call (unary or server-streaming) over an ``HTTP2Connection``: the request as
/// one length-prefixed message, the answer's messages handed on one by one as they
/// complete, and the call's status from the trailers (`grpc-status`, `grpc-message`).
enum GRPCCall {
    /// The largest answer message accepted (Spark Connect's own default limit is 128 MiB).
    static let maximumMessageBytes = 128 << 20

    /// Calls `path` (`/package.Service/Method`) with `request`; `onMessage` gets each answer message.
    static func call(
        _ connection: HTTP2Connection, authority: String, path: String, metadata: [(name: String, value: String)],
        request: [UInt8], onMessage: ([UInt8]) throws(SparkConnectError) -> Void
    ) throws(SparkConnectError) {
        let headers: [(name: String, value: String)] = [
            (":method", "POST"), (":scheme", "http"), (":path", path), (":authority", authority),
            ("content-type", "application/grpc"), ("te", "trailers"), ("user-agent", "mlgate/\(MLGateVersion.current)"),
        ] + metadata
        var body: [UInt8] = [0] + HTTP2Connection.bigEndian(UInt32(request.count))
        body += request
        let stream = try connection.request(headers: headers, body: body)
        var pending: [UInt8] = []
        var sawHeaders = false
        while let event = try connection.nextEvent(on: stream) {
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
                try check(trailers: fields)
                return
            case .data(let bytes, let end):
                guard sawHeaders else { throw SparkConnectError(.protocolViolation, "data before the response headers") }
                pending += bytes
                while pending.count >= 5 {
                    guard pending[0] == 0 else {
                        throw SparkConnectError(.protocolViolation, "a compressed gRPC message, though mlgate asked for none")
                    }
                    let length = Int(HTTP2Connection.uint32(pending, 1))
                    guard length <= maximumMessageBytes else {
                        throw SparkConnectError(.protocolViolation, "a gRPC message of \(length) bytes (at most \(maximumMessageBytes))")
                    }
                    guard pending.count >= 5 + length else { break }
                    let message = Array(pending[5..<5 + length])
                    pending.removeFirst(5 + length)
                    try onMessage(message)
                }
                if end { throw SparkConnectError(.protocolViolation, "the call ended without its gRPC status") }
            }
        }
    }

    /// Throws the call's error unless `grpc-status` is 0.
    private static func check(trailers: [(name: String, value: String)]) throws(SparkConnectError) {
        guard let text = trailers.first(where: { $0.name == "grpc-status" })?.value, let status = Int(text) else {
            throw SparkConnectError(.protocolViolation, "the call ended without its gRPC status")
        }
        guard status != 0 else { return }
        let message = trailers.first { $0.name == "grpc-message" }?.value ?? ""
        throw SparkConnectError(.server(status: status), percentDecoded(message))
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
