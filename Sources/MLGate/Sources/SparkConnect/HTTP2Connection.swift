import Foundation

/// A client's HTTP/2 connection (RFC 9113) with prior knowledge (`h2c`, as gRPC speaks
/// it to a Spark Connect server), one request stream at a time: what a gRPC client needs
/// and no more. Frames are read and written over a blocking ``PostgresTransport`` (a
/// socket, or memory in the fuzzer); the server's settings, pings, window updates and
/// GOAWAY are answered or obeyed; received data is acknowledged as it is consumed, so
/// that the windows never fill.
final class HTTP2Connection {
    enum FrameType: UInt8 {
        case data = 0, headers = 1, priority = 2, resetStream = 3, settings = 4, pushPromise = 5, ping = 6, goAway = 7
        case windowUpdate = 8, continuation = 9
    }

    struct Frame {
        var type: UInt8
        var flags: UInt8
        var stream: UInt32
        var payload: [UInt8]

        var endStream: Bool { flags & 0x1 != 0 }
        var endHeaders: Bool { flags & 0x4 != 0 }
    }

    /// What a stream's answer is made of, in order.
    enum Event {
        /// A complete header block (the response headers, or the trailers when `end`).
        case headers([(name: String, value: String)], end: Bool)
        /// Data (padding removed); `end` when the stream ends with it.
        case data([UInt8], end: Bool)
    }

    private let transport: any PostgresTransport
    private var decoder = HPACK.Decoder()
    private var nextStream: UInt32 = 1
    /// The largest frame the server accepts (SETTINGS_MAX_FRAME_SIZE).
    private var peerMaximumFrame = 16_384
    /// The window the server gives each new stream, and what is left of the connection's.
    private var peerInitialWindow = 65_535
    private var connectionSendWindow = 65_535
    private var streamSendWindow = 0
    /// Received bytes not yet acknowledged by a WINDOW_UPDATE.
    private var unacknowledged = 0
    private var buffer: [UInt8] = []
    private var closed: String?
    /// The bytes received from the server so far (frames and their headers).
    private(set) var bytesReceived = 0
    /// Texts (the token) replaced by `***` wherever the server's words go into an error.
    var secrets: [String] = []

    /// The window mlgate announces for each stream and the connection.
    static let receiveWindow = 16 << 20
    /// The largest frame mlgate accepts (the protocol's default).
    static let maximumFrame = 16_384

    /// Sends the client preface and mlgate's settings.
    init(transport: any PostgresTransport) throws(SparkConnectError) {
        self.transport = transport
        var preface = Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)
        // SETTINGS: ENABLE_PUSH 0, INITIAL_WINDOW_SIZE 16 MiB.
        var settings: [UInt8] = []
        for (identifier, value) in [(UInt16(2), UInt32(0)), (4, UInt32(Self.receiveWindow))] {
            settings += [UInt8(identifier >> 8), UInt8(identifier & 0xFF)] + Self.bigEndian(value)
        }
        preface += Self.frame(.settings, flags: 0, stream: 0, settings)
        preface += Self.frame(.windowUpdate, flags: 0, stream: 0, Self.bigEndian(UInt32(Self.receiveWindow - 65_535)))
        try send(preface)
    }

    // MARK: A request

    /// Opens a stream with `headers` and sends `body` on it (ending the stream); returns
    /// the stream's id.
    func request(headers: [(name: String, value: String)], body: [UInt8]) throws(SparkConnectError) -> UInt32 {
        if let closed { throw SparkConnectError(.connection, closed) }
        let stream = nextStream
        nextStream += 2
        streamSendWindow = peerInitialWindow
        let block = HPACK.encode(headers)
        var frames: [UInt8] = []
        var offset = 0
        repeat {
            let end = min(block.count, offset + peerMaximumFrame)
            let last = end == block.count
            frames += Self.frame(offset == 0 ? .headers : .continuation, flags: last ? 0x4 : 0, stream: stream, Array(block[offset..<end]))
            offset = end
        } while offset < block.count
        try send(frames)
        offset = 0
        repeat {
            while min(streamSendWindow, connectionSendWindow) <= 0, body.count > offset {
                // Wait for the server to open its window.
                _ = try nextEvent(on: stream)
            }
            let size = min(body.count - offset, peerMaximumFrame, max(0, min(streamSendWindow, connectionSendWindow)))
            let last = offset + size == body.count
            try send(Self.frame(.data, flags: last ? 0x1 : 0, stream: stream, Array(body[offset..<offset + size])))
            streamSendWindow -= size
            connectionSendWindow -= size
            offset += size
        } while offset < body.count
        return stream
    }

    /// The next header block or data of `stream`, handling every other frame on the way;
    /// nil is never returned while the stream is open (a read timeout throws).
    func nextEvent(on stream: UInt32) throws(SparkConnectError) -> Event? {
        while true {
            let frame = try readFrame()
            switch FrameType(rawValue: frame.type) {
            case .settings?:
                guard frame.stream == 0, frame.payload.count % 6 == 0 else { throw violation("a malformed SETTINGS frame") }
                if frame.flags & 0x1 != 0 { continue }
                try apply(settings: frame.payload)
                try send(Self.frame(.settings, flags: 0x1, stream: 0, []))
            case .ping?:
                guard frame.payload.count == 8 else { throw violation("a PING frame of \(frame.payload.count) bytes") }
                if frame.flags & 0x1 == 0 { try send(Self.frame(.ping, flags: 0x1, stream: 0, frame.payload)) }
            case .windowUpdate?:
                guard frame.payload.count == 4 else { throw violation("a WINDOW_UPDATE frame of \(frame.payload.count) bytes") }
                let increment = Int(Self.uint32(frame.payload, 0) & 0x7FFF_FFFF)
                if frame.stream == 0 { connectionSendWindow += increment } else if frame.stream == stream { streamSendWindow += increment }
            case .goAway?:
                guard frame.payload.count >= 8 else { throw violation("a GOAWAY frame of \(frame.payload.count) bytes") }
                let last = Self.uint32(frame.payload, 0) & 0x7FFF_FFFF, code = Self.uint32(frame.payload, 4)
                let debug = redacted(String(decoding: frame.payload[8...].prefix(500), as: UTF8.self))
                closed = "the server closed the connection (HTTP/2 error \(code)\(debug.isEmpty ? "" : ": \(debug)"))"
                if last < stream { throw SparkConnectError(.connection, closed!) }
            case .resetStream?:
                guard frame.stream == stream else { continue }
                let code = frame.payload.count == 4 ? Self.uint32(frame.payload, 0) : 0
                throw SparkConnectError(.connection, "the server reset the request (HTTP/2 error \(code))")
            case .pushPromise?:
                throw violation("a PUSH_PROMISE, though push is disabled")
            case .headers?:
                let block = try headerBlock(frame)
                // Every block goes through the decoder, to keep its table in step.
                let fields: [(name: String, value: String)]
                do { fields = try decoder.decode(block) } catch { throw violation("a header block does not decode: \(error.message)") }
                if frame.stream == stream { return .headers(fields, end: frame.endStream) }
            case .data?:
                var payload = frame.payload
                if frame.flags & 0x8 != 0 {
                    guard let pad = payload.first, Int(pad) < payload.count else { throw violation("a DATA frame's padding exceeds it") }
                    payload = Array(payload[1..<(payload.count - Int(pad))])
                }
                try acknowledge(frame.payload.count, stream: frame.stream)
                if frame.stream == stream { return .data(payload, end: frame.endStream) }
            case .continuation?:
                throw violation("a CONTINUATION frame without a HEADERS frame before it")
            case .priority?, nil:
                continue
            }
        }
    }

    /// `text` with every secret replaced by `***`.
    func redacted(_ text: String) -> String {
        secrets.filter { !$0.isEmpty }.reduce(text) { $0.replacingOccurrences(of: $1, with: "***") }
    }

    // MARK: Frames

    private func headerBlock(_ first: Frame) throws(SparkConnectError) -> [UInt8] {
        var payload = first.payload
        var start = 0, padding = 0
        if first.flags & 0x8 != 0 {
            guard let pad = payload.first else { throw violation("a padded HEADERS frame without its pad length") }
            padding = Int(pad)
            start = 1
        }
        if first.flags & 0x20 != 0 { start += 5 }
        guard start + padding <= payload.count else { throw violation("a HEADERS frame's padding or priority exceeds it") }
        payload = Array(payload[start..<(payload.count - padding)])
        var end = first.endHeaders
        while !end {
            let next = try readFrame()
            guard next.type == FrameType.continuation.rawValue, next.stream == first.stream else {
                throw violation("a header block interrupted by another frame")
            }
            payload += next.payload
            guard payload.count <= HPACK.Decoder.maximumListBytes else { throw violation("a header block over 1 MiB") }
            end = next.endHeaders
        }
        return payload
    }

    private func apply(settings payload: [UInt8]) throws(SparkConnectError) {
        for start in stride(from: 0, to: payload.count, by: 6) {
            let identifier = UInt16(payload[start]) << 8 | UInt16(payload[start + 1])
            let value = Int(Self.uint32(payload, start + 2))
            switch identifier {
            case 4:
                guard value <= 0x7FFF_FFFF else { throw violation("an initial window of \(value)") }
                streamSendWindow += value - peerInitialWindow
                peerInitialWindow = value
            case 5:
                guard (16_384...16_777_215).contains(value) else { throw violation("a maximum frame size of \(value)") }
                peerMaximumFrame = value
            default: continue
            }
        }
    }

    /// Counts `count` received bytes; once half a window is consumed, opens the windows again.
    private func acknowledge(_ count: Int, stream: UInt32) throws(SparkConnectError) {
        unacknowledged += count
        guard unacknowledged >= Self.receiveWindow / 2 else { return }
        var frames = Self.frame(.windowUpdate, flags: 0, stream: 0, Self.bigEndian(UInt32(unacknowledged)))
        if stream != 0 { frames += Self.frame(.windowUpdate, flags: 0, stream: stream, Self.bigEndian(UInt32(unacknowledged))) }
        unacknowledged = 0
        try send(frames)
    }

    private func readFrame() throws(SparkConnectError) -> Frame {
        try fill(9)
        let length = Int(buffer[0]) << 16 | Int(buffer[1]) << 8 | Int(buffer[2])
        guard length <= Self.maximumFrame else { throw violation("a frame of \(length) bytes; mlgate accepts \(Self.maximumFrame)") }
        try fill(9 + length)
        let frame = Frame(type: buffer[3], flags: buffer[4], stream: Self.uint32(buffer, 5) & 0x7FFF_FFFF, payload: Array(buffer[9..<9 + length]))
        buffer.removeFirst(9 + length)
        return frame
    }

    private func fill(_ count: Int) throws(SparkConnectError) {
        while buffer.count < count {
            do {
                let before = buffer.count
                try transport.read(into: &buffer, count: max(count - buffer.count, 65_536))
                bytesReceived += buffer.count - before
            } catch {
                throw SparkConnectError(.connection, "reading from the Spark Connect server failed: \(error.message)")
            }
        }
    }

    private func send(_ bytes: [UInt8]) throws(SparkConnectError) {
        do {
            try transport.write(bytes)
        } catch {
            throw SparkConnectError(.connection, "sending to the Spark Connect server failed: \(error.message)")
        }
    }

    private func violation(_ message: String) -> SparkConnectError {
        SparkConnectError(.protocolViolation, "the Spark Connect server broke HTTP/2: \(message)")
    }

    static func frame(_ type: FrameType, flags: UInt8, stream: UInt32, _ payload: [UInt8]) -> [UInt8] {
        [UInt8(payload.count >> 16 & 0xFF), UInt8(payload.count >> 8 & 0xFF), UInt8(payload.count & 0xFF), type.rawValue, flags]
            + bigEndian(stream) + payload
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    static func uint32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8 | UInt32(bytes[at + 3])
    }
}
