import Foundation

/// A Spark Connect connection string as Spark documents it:
/// `sc://host[:port][/;param=value;…]`, the port 15002 by default, the parameters
/// `token`, `user_id`, `user_agent`, `session_id` and `use_ssl`; the token from
/// `SPARK_CONNECT_AUTHENTICATE_TOKEN` when the address has none, as pyspark does.
///
/// ``display`` — what errors and reports show — never holds the token.
struct SparkConnectURL: Sendable, Hashable {
    var host: String
    var port: Int
    var token: String?
    var userID: String
    var userAgent: String?
    var sessionID: String?
    var useSSL: Bool

    /// Why a connection string is not one.
    struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    static let defaultPort = 15_002

    init(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(ParseError) {
        guard text.hasPrefix("sc://") else {
            throw ParseError(message: "a Spark Connect address starts with sc:// (sc://host:15002)")
        }
        var rest = Substring(text.dropFirst(5))
        var parameters: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            parameters = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        guard !rest.isEmpty else { throw ParseError(message: "the Spark Connect address names no host") }
        if rest.hasPrefix("[") {
            // An IPv6 literal.
            guard let close = rest.firstIndex(of: "]") else { throw ParseError(message: "an IPv6 host without its closing ]") }
            host = String(rest[rest.index(after: rest.startIndex)..<close])
            rest = rest[rest.index(after: close)...]
        } else if let colon = rest.firstIndex(of: ":") {
            host = String(rest[..<colon])
            rest = rest[colon...]
        } else {
            host = String(rest)
            rest = ""
        }
        port = Self.defaultPort
        if !rest.isEmpty {
            guard rest.first == ":", let number = Int(rest.dropFirst()), (1...65_535).contains(number) else {
                throw ParseError(message: "the port in the Spark Connect address is not a number from 1 to 65535")
            }
            port = number
        }
        guard !host.isEmpty else { throw ParseError(message: "the Spark Connect address names no host") }
        userID = environment["USER"] ?? "mlgate"
        useSSL = false
        for item in parameters.split(separator: ";") where !item.isEmpty {
            guard let equals = item.firstIndex(of: "=") else {
                throw ParseError(message: "'\(item.prefix(40))' in the Spark Connect address is not param=value")
            }
            let name = String(item[..<equals]), value = String(item[item.index(after: equals)...]).removingPercentEncoding ?? ""
            switch name {
            case "token":
                token = value
            case "user_id": userID = value
            case "user_agent": userAgent = value
            case "session_id":
                guard UUID(uuidString: value) != nil else { throw ParseError(message: "session_id in the Spark Connect address is not a UUID") }
                sessionID = value.lowercased()
            case "use_ssl":
                guard value == "true" || value == "false" else { throw ParseError(message: "use_ssl in the Spark Connect address is true or false") }
                useSSL = value == "true"
            default:
                throw ParseError(message: "unknown parameter '\(name)' in the Spark Connect address (token, user_id, user_agent, session_id, use_ssl)")
            }
        }
        if token == nil, let given = environment["SPARK_CONNECT_AUTHENTICATE_TOKEN"], !given.isEmpty { token = given }
    }

    /// Whether the connection is TLS, as pyspark's `ChannelBuilder` decides: `use_ssl=true`,
    /// or a token ("setting this value enables SSL"), except a token to `localhost` without
    /// `use_ssl`, which goes over the loopback in the clear (gRPC's local credentials, how
    /// Spark's own local server authenticates its clients).
    var usesTLS: Bool {
        useSSL || (token != nil && host.lowercased() != "localhost")
    }

    /// The address without its token: `sc://host:port` and the parameters that are not secret.
    var display: String {
        var text = "sc://\(host.contains(":") ? "[\(host)]" : host):\(port)"
        var shown: [String] = []
        if token != nil { shown.append("token=***") }
        if useSSL { shown.append("use_ssl=true") }
        if let sessionID { shown.append("session_id=\(sessionID)") }
        if !shown.isEmpty { text += "/;" + shown.joined(separator: ";") }
        return text
    }
}
