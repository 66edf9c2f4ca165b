import Foundation

/// A Spark Connect connection string as Spark documents it:
/// `sc://host[:port][/;param=value;…]`, the port 15002 by default, the parameters
/// `token`, `user_id`, `user_agent`, `session_id` and `use_ssl`; the token from
/// `SPARK_CONNECT_AUTHENTICATE_TOKEN` when the address has none, as pyspark does. Any
/// other parameter is sent as gRPC metadata with every call, as pyspark's
/// `ChannelBuilder` sends it (a Databricks cluster id, a gateway's routing header), except
/// pyspark's four `grpc_keepalive_*` channel settings, which are read and checked but not
/// sent (mlgate's client sends no keepalive pings: each wait is bounded by its timeout).
///
/// ``display`` — what errors and reports show — never holds the token or a metadata
/// value (either may be a credential).
struct SparkConnectURL: Sendable, Hashable {
    var host: String
    var port: Int
    var token: String?
    var userID: String
    var userAgent: String?
    var sessionID: String?
    var useSSL: Bool
    /// The parameters sent as gRPC metadata, in the address's order.
    var metadata: [Metadata] = []

    /// A parameter sent as gRPC metadata: a lower-case gRPC key and a printable ASCII value.
    struct Metadata: Sendable, Hashable {
        var name: String
        var value: String
    }

    /// pyspark's channel settings: read, not sent as metadata.
    static let keepaliveParameters: Set<String> = [
        "grpc_keepalive_enabled", "grpc_keepalive_time_ms", "grpc_keepalive_timeout_ms", "grpc_keepalive_without_calls",
    ]

    /// Metadata names a parameter cannot set: the call's own headers (the token's too).
    static let reservedMetadata: Set<String> = HPACK.plainHeaders.union(["authorization"])

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
            case _ where Self.keepaliveParameters.contains(name):
                let valid = name.hasSuffix("_ms") ? UInt32(value) != nil : (value == "true" || value == "false")
                guard valid else {
                    throw ParseError(message: "\(name) in the Spark Connect address is \(name.hasSuffix("_ms") ? "a number of milliseconds" : "true or false")")
                }
            default:
                try Self.checkMetadata(name: name, value: value)
                guard !metadata.contains(where: { $0.name == name }) else {
                    throw ParseError(message: "the parameter '\(name)' appears twice in the Spark Connect address")
                }
                metadata.append(Metadata(name: name, value: value))
            }
        }
        if token == nil, let given = environment["SPARK_CONNECT_AUTHENTICATE_TOKEN"], !given.isEmpty { token = given }
    }

    /// A parameter sent as metadata must be a valid gRPC header: its name lower-case
    /// letters, digits, `-`, `_` and `.`, not one of gRPC's (`grpc-…`), not binary (`…-bin`)
    /// and not one the call sets itself; its value printable ASCII.
    private static func checkMetadata(name: String, value: String) throws(ParseError) {
        let shown = String(name.prefix(40))
        guard !name.isEmpty, name.utf8.allSatisfy({ (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D || $0 == 0x5F || $0 == 0x2E })
        else {
            throw ParseError(
                message: "unknown parameter '\(shown)' in the Spark Connect address: a parameter other than token, user_id, user_agent, session_id, use_ssl and grpc_keepalive_* is sent as gRPC metadata, whose names are lower-case letters, digits, '-', '_' and '.'")
        }
        guard !name.hasPrefix("grpc-"), !name.hasSuffix("-bin"), !reservedMetadata.contains(name) else {
            throw ParseError(message: "the parameter '\(shown)' in the Spark Connect address cannot be sent as gRPC metadata: mlgate sets that header itself, or gRPC reserves it (grpc-…, …-bin)")
        }
        guard value.utf8.allSatisfy({ (0x20...0x7E).contains($0) }) else {
            throw ParseError(message: "the value of '\(shown)' in the Spark Connect address is sent as gRPC metadata and must be printable ASCII")
        }
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
        for entry in metadata { shown.append("\(entry.name)=***") }
        if !shown.isEmpty { text += "/;" + shown.joined(separator: ";") }
        return text
    }
}
