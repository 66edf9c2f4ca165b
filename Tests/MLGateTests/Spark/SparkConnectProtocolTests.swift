import Foundation
import Testing

@testable import MLGate

/// The pieces of the Spark Connect client that need no server: the `sc://` address, HPACK
/// (RFC 7541's own examples), gRPC's percent-encoded messages and the protocol buffers.
@Suite("Spark Connect protocol")
struct SparkConnectProtocolTests {
    @Test("sc:// addresses as Spark documents them; the token is never shown")
    func addresses() throws {
        let plain = try SparkConnectURL("sc://spark.example.com", environment: [:])
        #expect(plain.port == 15_002)
        #expect(plain.display == "sc://spark.example.com:15002")
        let full = try SparkConnectURL("sc://h:443/;token=s3cret-Tok;user_id=ana;session_id=7D3C9AF2-1B2E-4F7A-9C1D-2E3F4A5B6C7D")
        #expect(full.port == 443 && full.userID == "ana" && full.usesTLS && full.token == "s3cret-Tok")
        #expect(full.sessionID == "7d3c9af2-1b2e-4f7a-9c1d-2e3f4a5b6c7d")
        #expect(!full.display.contains("s3cret"))
        #expect(try SparkConnectURL("sc://[::1]:15003").host == "::1")
        for bad in [
            "http://h", "sc://", "sc://h:0", "sc://h:x", "sc://h/;session_id=1", "sc://h/;use_ssl=yes", "sc://h/;token",
            // Metadata that gRPC cannot carry, or that the call sets itself; keepalive settings that are not ones.
            "sc://h/;Color=red", "sc://h/;grpc-timeout=1S", "sc://h/;key-bin=AAA", "sc://h/;authorization=Basic%20x",
            "sc://h/;x-route=a%0Ab", "sc://h/;x-route=a;x-route=b", "sc://h/;grpc_keepalive_time_ms=soon",
            "sc://h/;grpc_keepalive_enabled=1",
        ] {
            #expect(throws: SparkConnectURL.ParseError.self, "\(bad)") { try SparkConnectURL(bad) }
        }
    }

    @Test("other parameters go as gRPC metadata with every call, as pyspark sends them, never shown; keepalive settings are not sent")
    func metadataParameters() throws {
        let url = try SparkConnectURL(
            "sc://h/;x-databricks-cluster-id=0123-456789-abcdefgh;grpc_keepalive_time_ms=10000;route.key=v%20w;user_id=ana",
            environment: [:])
        #expect(url.metadata == [.init(name: "x-databricks-cluster-id", value: "0123-456789-abcdefgh"), .init(name: "route.key", value: "v w")])
        #expect(url.display == "sc://h:15002/;x-databricks-cluster-id=***;route.key=***")
        let transport = Recording()
        let connection = try HTTP2Connection(transport: transport)
        _ = try GRPCCall.start(
            connection, authority: "h:15002", path: "/spark.connect.SparkConnectService/Config",
            metadata: SparkConnectClient.metadata(for: url), request: [])
        let block = Self.frames(transport.written).filter { $0.type == 1 }[0].payload
        var decoder = HPACK.Decoder()
        let pairs = try decoder.decode(block).map { "\($0.name): \($0.value)" }
        #expect(pairs.contains("x-databricks-cluster-id: 0123-456789-abcdefgh") && pairs.contains("route.key: v w"))
        #expect(!pairs.contains { $0.hasPrefix("grpc_keepalive") || $0.hasPrefix("user_id") })
        // Never indexed, as the token is (0001 0000, then the name).
        let name = Array("x-databricks-cluster-id".utf8)
        let at = block.indices.first { block[$0...].starts(with: [UInt8(name.count)] + name) }
        #expect(at.map { block[$0 - 1] } == 0x10)
        // A parse error names the parameter, never its value.
        do {
            _ = try SparkConnectURL("sc://h/;x-key=s3cret%0A", environment: [:])
            Issue.record("a control character was accepted")
        } catch {
            #expect(error.message.contains("x-key") && !error.message.contains("s3cret"))
        }
    }

    @Test("TLS as pyspark's ChannelBuilder decides it; the token also from SPARK_CONNECT_AUTHENTICATE_TOKEN")
    func tlsChoice() throws {
        let cases: [(String, [String: String], Bool)] = [
            ("sc://h", [:], false), ("sc://h/;use_ssl=true", [:], true), ("sc://h/;use_ssl=false", [:], false),
            ("sc://h/;token=t", [:], true), ("sc://h/;token=t;use_ssl=false", [:], true),
            // A token to localhost without use_ssl: gRPC's local credentials, in the clear over the loopback.
            ("sc://localhost/;token=t", [:], false), ("sc://LocalHost/;token=t", [:], false), ("sc://localhost/;token=t;use_ssl=true", [:], true),
            ("sc://h", ["SPARK_CONNECT_AUTHENTICATE_TOKEN": "env-Tok"], true),
        ]
        for (address, environment, tls) in cases {
            #expect(try SparkConnectURL(address, environment: environment).usesTLS == tls, "\(address)")
        }
        let fromEnvironment = try SparkConnectURL("sc://h", environment: ["SPARK_CONNECT_AUTHENTICATE_TOKEN": "env-Tok"])
        #expect(fromEnvironment.token == "env-Tok" && fromEnvironment.display == "sc://h:15002/;token=***")
        #expect(try SparkConnectURL("sc://h/;token=given", environment: ["SPARK_CONNECT_AUTHENTICATE_TOKEN": "env-Tok"]).token == "given")
        #expect(try SparkConnectURL("sc://h/;use_ssl=true", environment: [:]).display == "sc://h:15002/;use_ssl=true")
        #expect(SparkConnectClient.rootCertificatesFromEnvironment(["GRPC_DEFAULT_SSL_ROOTS_FILE_PATH": "/etc/ca.pem"]) == "/etc/ca.pem")
        #expect(SparkConnectClient.rootCertificatesFromEnvironment(["SSL_CERT_FILE": "/etc/ca.pem"]) == nil)
    }

    /// A transport that keeps what is written and answers with `answer`.
    final class Recording: PostgresTransport {
        var written: [UInt8] = []
        var answer: ArraySlice<UInt8>
        init(answer: [UInt8] = []) { self.answer = answer[...] }
        func write(_ bytes: [UInt8]) throws(PostgresError) { written += bytes }
        func read(into buffer: inout [UInt8], count: Int) throws(PostgresError) {
            guard !answer.isEmpty else { throw PostgresError(.connection, "end of the answer") }
            let taken = answer.prefix(count)
            buffer += taken
            answer = answer.dropFirst(taken.count)
        }
        func readByte() throws(PostgresError) -> UInt8 {
            var buffer: [UInt8] = []
            try read(into: &buffer, count: 1)
            return buffer[0]
        }
        func setReadTimeout(seconds: Int) {}
        func startTLS(host: String, mode: PostgresConnectionParameters.SSLMode, rootCertificates: String?) throws(PostgresError) {}
    }

    /// The HTTP/2 frames in `bytes` after the client preface: (type, flags, stream, payload).
    static func frames(_ bytes: [UInt8]) -> [(type: UInt8, flags: UInt8, stream: UInt32, payload: [UInt8])] {
        var rest = bytes.starts(with: Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)) ? Array(bytes.dropFirst(24)) : bytes
        var frames: [(type: UInt8, flags: UInt8, stream: UInt32, payload: [UInt8])] = []
        while rest.count >= 9 {
            let length = Int(rest[0]) << 16 | Int(rest[1]) << 8 | Int(rest[2])
            frames.append((rest[3], rest[4], HTTP2Connection.uint32(rest, 5) & 0x7FFF_FFFF, Array(rest[9..<9 + length])))
            rest = Array(rest.dropFirst(9 + length))
        }
        return frames
    }

    @Test("the token goes as authorization: Bearer metadata in the request's header block, never indexed; https over TLS")
    func tokenMetadata() throws {
        let url = try SparkConnectURL("sc://spark.example.com:443/;token=s3cret-Tok;user_agent=ci", environment: [:])
        let transport = Recording()
        let connection = try HTTP2Connection(transport: transport)
        _ = try GRPCCall.start(
            connection, scheme: "https", authority: "spark.example.com:443", path: "/spark.connect.SparkConnectService/Config",
            metadata: SparkConnectClient.metadata(for: url), request: [1, 2, 3])
        let headers = Self.frames(transport.written).filter { $0.type == 1 }
        #expect(headers.count == 1)
        var decoder = HPACK.Decoder()
        let fields = try decoder.decode(headers[0].payload)
        let pairs = fields.map { "\($0.name): \($0.value)" }
        #expect(pairs.contains("authorization: Bearer s3cret-Tok"))
        #expect(pairs.contains(":scheme: https") && pairs.contains("x-spark-connect-user-agent: ci"))
        // Never indexed (RFC 7541, 6.2.3): 0001 0000, then the name.
        let name = Array("authorization".utf8)
        let at = headers[0].payload.indices.first { headers[0].payload[$0...].starts(with: [UInt8(name.count)] + name) }
        #expect(at.map { headers[0].payload[$0 - 1] } == 0x10)
        #expect(SparkConnectClient.metadata(for: try SparkConnectURL("sc://h", environment: [:])).isEmpty)
    }

    @Test("the token in a server's error message or GOAWAY is replaced by ***")
    func tokenRedacted() throws {
        func frame(_ type: HTTP2Connection.FrameType, _ flags: UInt8, _ stream: UInt32, _ payload: [UInt8]) -> [UInt8] {
            HTTP2Connection.frame(type, flags: flags, stream: stream, payload)
        }
        let trailers = HPACK.encode([("grpc-status", "16"), ("grpc-message", "token s3cret-Tok%20is not valid")])
        let answer = frame(.settings, 0, 0, []) + frame(.headers, 0x4, 1, HPACK.encode([(":status", "200")])) + frame(.headers, 0x5, 1, trailers)
            + frame(.goAway, 0, 0, HTTP2Connection.bigEndian(1) + HTTP2Connection.bigEndian(2) + Array("bad s3cret-Tok".utf8))
        let connection = try HTTP2Connection(transport: Recording(answer: answer))
        connection.secrets = ["s3cret-Tok"]
        for _ in 0..<2 {
            do {
                try GRPCCall.call(connection, authority: "h:1", path: "/p", metadata: [], request: []) { _ throws(SparkConnectError) in }
                Issue.record("the call succeeded")
            } catch {
                #expect(!error.description.contains("s3cret"))
                #expect(error.description.contains("***"))
            }
        }
    }

    static func hex(_ text: String) -> [UInt8] {
        let digits = Array(text.filter { !$0.isWhitespace }.utf8)
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
    }

    @Test("HPACK decodes RFC 7541's request examples (C.3 literal, C.4 Huffman) with the dynamic table")
    func hpackExamples() throws {
        for blocks in [
            ["828684410f7777772e6578616d706c652e636f6d", "828684be58086e6f2d6361636865", "828785bf400a637573746f6d2d6b65790c637573746f6d2d76616c7565"],
            ["828684418cf1e3c2e5f23a6ba0ab90f4ff", "828684be5886a8eb10649cbf", "828785bf408825a849e95ba97d7f8925a849e95bb8e8b4bf"],
        ] {
            var decoder = HPACK.Decoder()
            let first = try decoder.decode(Self.hex(blocks[0]))
            #expect(first.map { "\($0.name): \($0.value)" } == [":method: GET", ":scheme: http", ":path: /", ":authority: www.example.com"])
            let second = try decoder.decode(Self.hex(blocks[1]))
            #expect(second.last.map { "\($0.name): \($0.value)" } == "cache-control: no-cache")
            #expect(second[3].value == "www.example.com")
            let third = try decoder.decode(Self.hex(blocks[2]))
            #expect(third.map { "\($0.name): \($0.value)" } == [
                ":method: GET", ":scheme: https", ":path: /index.html", ":authority: www.example.com", "custom-key: custom-value",
            ])
        }
    }

    @Test("what the encoder writes, the decoder reads; bad blocks are errors")
    func hpackRoundTrip() throws {
        let fields = [(":path", "/spark.connect.SparkConnectService/ExecutePlan"), ("x-long", String(repeating: "é", count: 300))]
        var decoder = HPACK.Decoder()
        let decoded = try decoder.decode(HPACK.encode(fields.map { (name: $0.0, value: $0.1) }))
        #expect(decoded.map(\.name) == fields.map(\.0) && decoded.map(\.value) == fields.map(\.1))
        for bad in ["ff", "be", "4082", "3fe21f", "0085f2b24a84"] {
            var fresh = HPACK.Decoder()
            #expect(throws: HPACK.DecodeError.self, "\(bad)") { try fresh.decode(Self.hex(bad)) }
        }
        // EOS inside a string, and padding that is not all ones.
        #expect(throws: HPACK.DecodeError.self) { try HPACK.huffmanDecode([0xFF, 0xFF, 0xFF, 0xFF]) }
        #expect(throws: HPACK.DecodeError.self) { try HPACK.huffmanDecode([0x00]) }
    }

    @Test("grpc-message is percent-decoded")
    func grpcMessage() {
        #expect(GRPCCall.percentDecoded("[PARSE_SYNTAX_ERROR] at %27SELEC%27 %E2%98%83") == "[PARSE_SYNTAX_ERROR] at 'SELEC' ☃")
        #expect(GRPCCall.percentDecoded("100%") == "100%")
    }

    @Test("an ExecutePlan answer's Arrow batch is found; other answers and bad bytes are told apart")
    func executePlanAnswers() throws {
        var batch = ProtobufWriter()
        batch.bytes(2, [1, 2, 3])
        var answer = ProtobufWriter()
        answer.string(1, "session")
        answer.bytes(2, batch.bytes)
        #expect(try SparkArrowChunks.part(in: answer.bytes)?.data == [1, 2, 3])
        var complete = ProtobufWriter()
        complete.string(1, "session")
        complete.message(14) { _ in }
        #expect(try SparkArrowChunks.part(in: complete.bytes) == nil)
        #expect(throws: SparkConnectError.self) { try SparkArrowChunks.part(in: [0x12, 0x05, 0x01]) }
        #expect(throws: SparkConnectError.self) { try SparkArrowChunks.part(in: [0x0B]) }
    }
}
