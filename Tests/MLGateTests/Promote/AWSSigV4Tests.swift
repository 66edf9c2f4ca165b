import Foundation
import Testing
@testable import MLGate

/// AWS Signature Version 4 against AWS's published vectors: the SigV4 test suite
/// (Fixtures/sigv4, copied from awslabs/aws-c-auth; SOURCES.txt) and the S3 API
/// Reference's worked examples.
@Suite("AWS Signature Version 4")
struct AWSSigV4Tests {
    static let suiteNames = [
        "get-vanilla-with-session-token", "post-x-www-form-urlencoded", "post-vanilla", "get-vanilla-query-order-key-case",
        "get-vanilla-query-unreserved", "get-vanilla-utf8-query", "get-unreserved", "get-utf8", "get-header-value-trim",
        "get-header-key-duplicate", "get-vanilla-empty-query-key", "get-space-unnormalized", "get-slashes-unnormalized",
    ]

    /// 2015-08-30T12:36:00Z, the test suite's time.
    static let suiteDate = Date(timeIntervalSince1970: 1_440_938_160)

    /// A signed request of the suite, split into the request to sign (without its
    /// `Authorization` and `X-Amz-Date`, and with only the headers it signs) and the
    /// expected `Authorization` header.
    struct Vector {
        var request: AWSSigV4.Request
        var token: String?
        var authorization: String
    }

    static func vector(_ name: String) throws -> Vector {
        let url = Fixtures.url("sigv4/\(name).txt")
        let text = try String(contentsOf: url, encoding: .utf8)
        let parts = text.components(separatedBy: "\n\n")
        let head = parts[0].components(separatedBy: "\n")
        let requestLine = head[0].split(separator: " ")
        let target = requestLine.dropFirst().dropLast().joined(separator: " ")
        var path = target
        var query: [(name: String, value: String)] = []
        if let question = target.firstIndex(of: "?") {
            path = String(target[..<question])
            for pair in target[target.index(after: question)...].split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                query.append((String(kv[0]), kv.count > 1 ? String(kv[1]) : ""))
            }
        }
        var headers: [(name: String, value: String)] = []
        var authorization = ""
        var token: String?
        for line in head.dropFirst() {
            let colon = line.firstIndex(of: ":")!
            let name = String(line[..<colon])
            let value = String(line[line.index(after: colon)...])
            switch name.lowercased() {
            case "authorization": authorization = value
            case "x-amz-date": break
            case "x-amz-security-token": token = value
            default: headers.append((name, value))
            }
        }
        let signed = Set(authorization.components(separatedBy: "SignedHeaders=")[1].components(separatedBy: ",")[0].split(separator: ";").map(String.init))
        headers = headers.filter { signed.contains($0.name.lowercased()) }
        let body = Data(parts.dropFirst().joined(separator: "\n\n").utf8)
        return Vector(
            request: .init(method: String(requestLine[0]), path: path, query: query, headers: headers, body: body),
            token: token, authorization: authorization)
    }

    @Test(arguments: suiteNames)
    func testSuiteVector(_ name: String) throws {
        let vector = try Self.vector(name)
        let signer = AWSSigV4(
            credentials: AWSCredentials(
                accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken: vector.token),
            region: "us-east-1", service: "service")
        let headers = signer.sign(vector.request, at: Self.suiteDate)
        #expect(headers.first { $0.name == "Authorization" }?.value == vector.authorization)
        #expect(headers.first { $0.name == "X-Amz-Date" }?.value == "20150830T123600Z")
        #expect(headers.contains { $0.name == "X-Amz-Security-Token" } == (vector.token != nil))
    }

    /// The S3 API Reference, "Signature Calculations for the Authorization Header:
    /// Transferring Payload in a Single Chunk" (AWS Signature Version 4): its example
    /// credentials, bucket and time, and the signatures it prints.
    static let s3Signer = AWSSigV4(
        credentials: AWSCredentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        region: "us-east-1", service: "s3")
    /// 2013-05-24T00:00:00Z.
    static let s3Date = Date(timeIntervalSince1970: 1_369_353_600)
    static let emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    static func s3Signature(_ request: AWSSigV4.Request) -> String? {
        s3Signer.sign(request, at: s3Date).first { $0.name == "Authorization" }?.value.components(separatedBy: "Signature=").last
    }

    @Test func s3DocumentationGetObject() {
        let request = AWSSigV4.Request(
            method: "GET", path: "/test.txt",
            headers: [("Host", "examplebucket.s3.amazonaws.com"), ("Range", "bytes=0-9"), ("x-amz-content-sha256", Self.emptySHA256)])
        #expect(Self.s3Signature(request) == "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
    }

    @Test func s3DocumentationPutObject() {
        let body = Data("Welcome to Amazon S3.".utf8)
        let request = AWSSigV4.Request(
            method: "PUT", path: "/test$file.text",
            headers: [
                ("Host", "examplebucket.s3.amazonaws.com"), ("Date", "Fri, 24 May 2013 00:00:00 GMT"),
                ("x-amz-storage-class", "REDUCED_REDUNDANCY"), ("x-amz-content-sha256", ArtifactDigest.sha256(of: body)),
            ], body: body)
        #expect(ArtifactDigest.sha256(of: body) == "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072")
        #expect(Self.s3Signature(request) == "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd")
    }

    @Test func s3DocumentationListObjectsSortsTheQuery() {
        let request = AWSSigV4.Request(
            method: "GET", path: "/", query: [("prefix", "J"), ("max-keys", "2")],
            headers: [("Host", "examplebucket.s3.amazonaws.com"), ("x-amz-content-sha256", Self.emptySHA256)])
        #expect(Self.s3Signature(request) == "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7")
    }

    @Test func s3DocumentationEmptyQueryValue() {
        let request = AWSSigV4.Request(
            method: "GET", path: "/", query: [("lifecycle", "")],
            headers: [("Host", "examplebucket.s3.amazonaws.com"), ("x-amz-content-sha256", Self.emptySHA256)])
        #expect(Self.s3Signature(request) == "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543")
    }

    @Test func anyChangeChangesTheSignature() {
        let base = AWSSigV4.Request(method: "GET", path: "/test.txt", headers: [("Host", "examplebucket.s3.amazonaws.com")])
        let signature = Self.s3Signature(base)
        var other = base
        other.path = "/test.txu"
        #expect(Self.s3Signature(other) != signature)
        other = base
        other.body = Data("x".utf8)
        #expect(Self.s3Signature(other) != signature)
        var signer = Self.s3Signer
        signer.region = "eu-west-1"
        #expect(signer.sign(base, at: Self.s3Date).last?.value.hasSuffix(signature ?? "") == false)
    }

    @Test func encodingKeepsUnreservedAndEncodesEverythingElseOnce() {
        #expect(AWSSigV4.encode("a b/c+d%e~é", keepSlash: true) == "a%20b/c%2Bd%25e~%C3%A9")
        #expect(AWSSigV4.encode("a/b", keepSlash: false) == "a%2Fb")
        #expect(AWSSigV4.trimmed("  a   b  ") == "a b")
    }
}
