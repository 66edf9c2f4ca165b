import Foundation
import Testing

@testable import MLGate

#if canImport(Glibc)
import Glibc
#endif

/// The HTTP client (libcurl, loaded on first use) against a local server: what is sent
/// arrives as sent, any status is an answer, redirects are followed, and a server that
/// never answers is a failure within the timeout, without the secret.
@Suite struct HTTPExchangeTests {
    @Test func theRequestArrivesAsSentAndTheAnswerComesBackWhole() async throws {
        let body = Data((0..<1_100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let server = try LocalHTTPServer { request in
            LocalHTTPServer.Response(status: 422, headers: ["X-Answer": "  forty two ", "Content-Type": "application/octet-stream"], body: request.body + Data("!".utf8))
        }
        defer { server.stop() }
        let exchange = HTTPExchange(timeout: 10)
        let response = try await exchange.send(
            "PATCH", URL(string: server.baseURL + "/notes/7?page=2")!, headers: ["Authorization": "Bearer t", "Content-Type": "application/json"], body: body)
        #expect(response.status == 422)
        #expect(response.body == body + Data("!".utf8))
        #expect(response.headers["x-answer"] == "forty two" && response.headers["content-type"] == "application/octet-stream")
        let request = try #require(server.requests.first)
        #expect(request.method == "PATCH" && request.target == "/notes/7?page=2")
        #expect(request.headers["authorization"] == "Bearer t" && request.headers["content-type"] == "application/json")
        #expect(request.headers["expect"] == nil && request.headers["content-length"] == "1100000")
    }

    @Test(arguments: ["GET", "DELETE", "POST", "PUT", "HEAD"])
    func methodsWithoutABodySendOnlyWhatTheyShould(method: String) async throws {
        let server = try LocalHTTPServer { _ in .json(200, ["ok": true]) }
        defer { server.stop() }
        let response = try await HTTPExchange(timeout: 10).send(method, URL(string: server.baseURL + "/x")!, headers: [:])
        #expect(response.status == 200)
        #expect(response.body.isEmpty == (method == "HEAD"))
        let request = try #require(server.requests.first)
        #expect(request.method == method)
        // POST and PUT say their body is empty; GET, DELETE and HEAD send no length.
        #expect(request.headers["content-length"] == (["POST", "PUT"].contains(method) ? "0" : nil))
    }

    @Test func redirectsAreFollowedAndTheLastAnswersHeadersKept() async throws {
        let server = try LocalHTTPServer { request in
            request.path == "/old"
                ? LocalHTTPServer.Response(status: 307, headers: ["Location": "/new", "X-Hop": "first"])
                : .json(201, ["at": request.path], headers: ["X-Hop": "last"])
        }
        defer { server.stop() }
        let response = try await HTTPExchange(timeout: 10).send("POST", URL(string: server.baseURL + "/old")!, headers: [:], body: Data("{}".utf8))
        #expect(response.status == 201 && response.headers["x-hop"] == "last")
        #expect(server.requests.map(\.path) == ["/old", "/new"])
        #expect(server.requests.map(\.method) == ["POST", "POST"] && server.requests.last?.body == Data("{}".utf8))
    }

    @Test func aServerThatNeverAnswersIsAFailureWithinTheTimeout() async throws {
        // A socket that listens but never accepts: the connection is made, no answer comes.
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        try withUnsafeMutablePointer(to: &address) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                guard bind(listener, socketAddress, length) == 0, listen(listener, 4) == 0, getsockname(listener, socketAddress, &length) == 0 else {
                    throw POSIXError(.EADDRINUSE)
                }
            }
        }
        let port = Int(UInt16(bigEndian: address.sin_port))
        let exchange = HTTPExchange(timeout: 1, secrets: ["s3cret"])
        let error = await #expect(throws: HTTPExchange.Failure.self) {
            _ = try await exchange.send("GET", URL(string: "http://127.0.0.1:\(port)/s3cret")!, headers: ["Authorization": "token s3cret"])
        }
        // libcurl's own words say when it gave up: after the second asked for, not its
        // default (the wall clock of a loaded test run says nothing).
        let message = try #require(error?.message)
        #expect(message.contains(/timed out after 1[0-9]{3} milliseconds/), "\(message)")
        #expect(!message.contains("s3cret"))
    }

    @Test func anUnresolvableHostSaysSoWithoutTheSecret() async throws {
        let exchange = HTTPExchange(timeout: 5, secrets: ["tok-s3cret"])
        let error = await #expect(throws: HTTPExchange.Failure.self) {
            _ = try await exchange.send("GET", URL(string: "http://tok-s3cret.invalid/api")!, headers: [:])
        }
        #expect(error?.message.contains("***") == true && error?.message.contains("tok-s3cret") == false)
    }

    @Test func repeatedHeaderFieldsAreJoined() {
        let block = "HTTP/1.1 200 OK\r\nLink: <a>; rel=\"next\"\r\nlink: <b>; rel=\"last\"\r\nX-Empty:\r\nContent-Length: 0\r\n\r\n"
        #expect(HTTPExchange.fields(block) == ["link": "<a>; rel=\"next\", <b>; rel=\"last\"", "x-empty": "", "content-length": "0"])
    }
}
