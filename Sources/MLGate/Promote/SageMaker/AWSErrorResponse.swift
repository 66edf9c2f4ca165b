import Foundation

/// An AWS error answer decoded from untrusted bytes: S3's `<Error><Code>…</Code>
/// <Message>…</Message></Error>`, SageMaker's `{"__type": "…#Code", "message": "…"}`, or
/// the `x-amzn-ErrorType` header. Never fails: what cannot be read is left out.
struct AWSErrorResponse: Sendable, Hashable, CustomStringConvertible {
    /// The error code (`NoSuchBucket`, `AccessDenied`, `ValidationException`), if any.
    var code: String?
    /// The message, if any.
    var message: String?
    /// The HTTP status.
    var status: Int

    init(status: Int, headers: [String: String], body: Data) {
        self.status = status
        if let object = try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]) as? [String: Any] {
            code = (object["__type"] as? String ?? object["code"] as? String ?? object["Code"] as? String).map(Self.shortCode)
            message = object["message"] as? String ?? object["Message"] as? String
        } else if let xml = String(data: body.prefix(65536), encoding: .utf8) {
            code = Self.element("Code", in: xml)
            message = Self.element("Message", in: xml)
        }
        if code == nil, let header = headers["x-amzn-errortype"] { code = Self.shortCode(header) }
        if let text = message { message = String(text.prefix(1000)) }
        if let text = code { code = String(text.prefix(200)) }
    }

    /// `com.amazonaws.sagemaker#ResourceLimitExceeded:http://…` → `ResourceLimitExceeded`.
    static func shortCode(_ text: String) -> String {
        var code = Substring(text)
        if let hash = code.lastIndex(of: "#") { code = code[code.index(after: hash)...] }
        if let colon = code.firstIndex(of: ":") { code = code[..<colon] }
        return String(code)
    }

    /// The text of the first `<name>…</name>`, XML entities decoded.
    static func element(_ name: String, in xml: String) -> String? {
        guard let open = xml.range(of: "<\(name)>"), let close = xml.range(of: "</\(name)>", range: open.upperBound..<xml.endIndex)
        else { return nil }
        return String(xml[open.upperBound..<close.lowerBound])
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    var description: String {
        let text = [code, message].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
        return text.isEmpty ? "HTTP \(status)" : "HTTP \(status) \(text)"
    }
}
