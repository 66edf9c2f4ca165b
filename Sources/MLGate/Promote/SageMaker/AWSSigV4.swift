import Crypto
import Foundation

/// AWS Signature Version 4 (header form), on swift-crypto's HMAC-SHA256: the signature
/// every AWS API request carries in its `Authorization` header.
///
/// The canonical request is built as AWS specifies it: the method; the path with each
/// byte other than `A–Z a–z 0–9 - . _ ~ /` percent-encoded once and not normalized (S3's
/// rule; SageMaker's path is `/`); the query parameters encoded the same way (and `/`
/// too) and sorted; every header lowercased, its value trimmed with inner runs of spaces
/// collapsed, repeated headers joined with commas, sorted; the signed header names; and
/// the payload's SHA-256 (the `x-amz-content-sha256` header's value when there is one).
/// Checked against AWS's SigV4 test suite and the S3 documentation's examples
/// (Tests/MLGateTests/Fixtures/sigv4).
struct AWSSigV4: Sendable {
    /// The access key, secret key and (for temporary credentials) session token.
    var credentials: AWSCredentials
    /// The region, such as `eu-west-1`.
    var region: String
    /// The signing name of the service: `s3`, `sagemaker`.
    var service: String

    /// A request to sign: the path and query unencoded, the headers as they will be sent.
    struct Request: Sendable {
        var method: String
        var path: String
        var query: [(name: String, value: String)] = []
        var headers: [(name: String, value: String)] = []
        var body = Data()
    }

    /// `request`'s headers with `X-Amz-Date`, `X-Amz-Security-Token` (with a session
    /// token) and `Authorization` added, as of `date`.
    func sign(_ request: Request, at date: Date) -> [(name: String, value: String)] {
        let (amzDate, day) = Self.timestamps(date)
        var headers = request.headers
        headers.append(("X-Amz-Date", amzDate))
        if let token = credentials.sessionToken { headers.append(("X-Amz-Security-Token", token)) }
        let (canonical, signed) = canonicalRequest(request, headers: headers)
        let scope = "\(day)/\(region)/\(service)/aws4_request"
        let stringToSign = "AWS4-HMAC-SHA256\n\(amzDate)\n\(scope)\n\(ArtifactDigest.hex(SHA256.hash(data: Data(canonical.utf8))))"
        let signature = ArtifactDigest.hex(HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: signingKey(day: day)))
        headers.append(
            ("Authorization", "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope), SignedHeaders=\(signed), Signature=\(signature)"))
        return headers
    }

    /// The canonical request and the signed header names (`host;x-amz-date`).
    func canonicalRequest(_ request: Request, headers: [(name: String, value: String)]) -> (String, String) {
        var merged: [String: [String]] = [:]
        for (name, value) in headers {
            merged[name.lowercased(), default: []].append(Self.trimmed(value))
        }
        let names = merged.keys.sorted()
        let canonicalHeaders: String = names.map { (name: String) -> String in name + ":" + merged[name]!.joined(separator: ",") + "\n" }.joined()
        let signed = names.joined(separator: ";")
        var pairs: [(String, String)] = request.query.map { (Self.encode($0.name, keepSlash: false), Self.encode($0.value, keepSlash: false)) }
        pairs.sort { (a: (String, String), b: (String, String)) -> Bool in a.0 == b.0 ? a.1 < b.1 : a.0 < b.0 }
        let query: String = pairs.map { (pair: (String, String)) -> String in pair.0 + "=" + pair.1 }.joined(separator: "&")
        let payload = merged["x-amz-content-sha256"]?.first ?? ArtifactDigest.hex(SHA256.hash(data: request.body))
        let path = request.path.isEmpty ? "/" : Self.encode(request.path, keepSlash: true)
        return ("\(request.method)\n\(path)\n\(query)\n\(canonicalHeaders)\n\(signed)\n\(payload)", signed)
    }

    private func signingKey(day: String) -> SymmetricKey {
        func mac(_ key: SymmetricKey, _ text: String) -> SymmetricKey {
            SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: key)))
        }
        let secret = SymmetricKey(data: Data("AWS4\(credentials.secretAccessKey)".utf8))
        return mac(mac(mac(mac(secret, day), region), service), "aws4_request")
    }

    /// `20150830T123600Z` and `20150830`, in UTC.
    static func timestamps(_ date: Date) -> (String, String) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let day = String(format: "%04d%02d%02d", c.year!, c.month!, c.day!)
        return (day + String(format: "T%02d%02d%02dZ", c.hour!, c.minute!, c.second!), day)
    }

    /// Percent-encodes every byte but the unreserved characters (and `/` when kept), with
    /// upper-case hexadecimal digits, as SigV4 and S3 object keys require.
    static func encode(_ text: String, keepSlash: Bool) -> String {
        var output = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: "/") where keepSlash:
                output += "/"
            default:
                output += String(format: "%%%02X", byte)
            }
        }
        return output
    }

    /// A header value with leading and trailing blanks removed and inner runs of spaces
    /// collapsed to one.
    static func trimmed(_ value: String) -> String {
        value.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
