import Foundation
import Testing

@testable import MLGate

/// The pieces of the Spark Connect client that need no server: the `sc://` address, HPACK
/// (RFC 7541's own examples), gRPC's percent-encoded messages and the protocol buffers.
@Suite("Spark Connect protocol")
struct SparkConnectProtocolTests {
    @Test("sc:// addresses as Spark documents them; the token is never shown")
    func addresses() throws {
        let plain = try SparkConnectURL("sc://spark.example.com")
        #expect(plain.port == 15_002)
        #expect(plain.display == "sc://spark.example.com:15002")
        let full = try SparkConnectURL("sc://h:443/;token=s3cret-Tok;user_id=ana;session_id=7D3C9AF2-1B2E-4F7A-9C1D-2E3F4A5B6C7D")
        #expect(full.port == 443 && full.userID == "ana" && full.useSSL && full.token == "s3cret-Tok")
        #expect(full.sessionID == "7d3c9af2-1b2e-4f7a-9c1d-2e3f4a5b6c7d")
        #expect(!full.display.contains("s3cret"))
        #expect(try SparkConnectURL("sc://[::1]:15003").host == "::1")
        for bad in ["http://h", "sc://", "sc://h:0", "sc://h:x", "sc://h/;color=red", "sc://h/;session_id=1", "sc://h/;use_ssl=yes", "sc://h/;token"] {
            #expect(throws: SparkConnectURL.ParseError.self, "\(bad)") { try SparkConnectURL(bad) }
        }
        // A token needs TLS, which the client refuses plainly (and without the token).
        do {
            _ = try SparkConnectClient(url: full, timeout: 1)
            Issue.record("a token over a plain connection")
        } catch {
            #expect(error.message.contains("TLS") && !error.message.contains("s3cret"))
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
        #expect(try SparkConnectClient.arrowStream(in: answer.bytes) == [1, 2, 3])
        var complete = ProtobufWriter()
        complete.string(1, "session")
        complete.message(14) { _ in }
        #expect(try SparkConnectClient.arrowStream(in: complete.bytes) == nil)
        #expect(throws: SparkConnectError.self) { try SparkConnectClient.arrowStream(in: [0x12, 0x05, 0x01]) }
        #expect(throws: SparkConnectError.self) { try SparkConnectClient.arrowStream(in: [0x0B]) }
    }
}
