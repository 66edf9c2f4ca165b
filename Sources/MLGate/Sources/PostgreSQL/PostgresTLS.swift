import COpenSSL
import Foundation

/// TLS over a connected socket, with the system's OpenSSL: `require` encrypts without
/// checking the certificate (as libpq does without a root certificate), `verify-ca`
/// checks the chain, `verify-full` the chain and the host name. Spark Connect's gRPC
/// uses it too, with the chain and host name checked and ALPN `h2`.
final class PostgresTLS {
    private let context: OpaquePointer
    private let ssl: OpaquePointer
    /// The application protocol the server selected by ALPN (`h2`), if any.
    private(set) var selectedProtocol: String?

    convenience init(descriptor: Int32, host: String, mode: PostgresConnectionParameters.SSLMode, rootCertificates: String?) throws(PostgresError) {
        try self.init(
            descriptor: descriptor, host: host, verifiesChain: mode == .verifyCA || mode == .verifyFull, verifiesHost: mode == .verifyFull,
            rootCertificates: rootCertificates, protocols: [], setting: "sslmode=\(mode.rawValue)")
    }

    /// A TLS session over `descriptor`: the certificate chain checked against
    /// `rootCertificates` (a PEM file; nil: the system's, which honours `SSL_CERT_FILE`
    /// and `SSL_CERT_DIR`) when `verifiesChain`, its names against `host` when
    /// `verifiesHost`; `protocols` offered by ALPN; `setting` names what asked for TLS in errors.
    init(
        descriptor: Int32, host: String, verifiesChain verifies: Bool, verifiesHost: Bool, rootCertificates: String?,
        protocols: [String], setting: String
    ) throws(PostgresError) {
        guard let context = SSL_CTX_new(TLS_client_method()) else { throw Self.failure("cannot create a TLS context") }
        _ = mlgate_ssl_ctx_set_min_tls12(context)
        if verifies {
            let loaded: Int32
            if let rootCertificates {
                loaded = SSL_CTX_load_verify_locations(context, rootCertificates, nil)
            } else {
                loaded = SSL_CTX_set_default_verify_paths(context)
            }
            guard loaded == 1 else {
                SSL_CTX_free(context)
                throw Self.failure("cannot load the root certificates \(rootCertificates ?? "(the system's)")")
            }
            SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
        }
        guard let ssl = SSL_new(context) else {
            SSL_CTX_free(context)
            throw Self.failure("cannot create a TLS session")
        }
        self.context = context
        self.ssl = ssl
        if !host.hasPrefix("/") { _ = mlgate_ssl_set_server_name(ssl, host) }
        if verifiesHost { _ = SSL_set1_host(ssl, host) }
        if !protocols.isEmpty {
            // ALPN's wire form: each name after its length.
            let list = protocols.flatMap { [UInt8($0.utf8.count)] + Array($0.utf8) }
            _ = SSL_set_alpn_protos(ssl, list, UInt32(list.count))
        }
        _ = SSL_set_fd(ssl, descriptor)
        ERR_clear_error()
        guard SSL_connect(ssl) == 1 else {
            let result = SSL_get_verify_result(ssl)
            var reason = Self.errorText()
            if verifies, result != Int(X509_V_OK), let text = X509_verify_cert_error_string(result) {
                reason = "certificate verification failed: \(String(cString: text))"
            }
            throw PostgresError(.tls, "the TLS handshake failed (\(setting)): \(reason)")
        }
        var selected: UnsafePointer<UInt8>?
        var length: UInt32 = 0
        SSL_get0_alpn_selected(ssl, &selected, &length)
        if let selected, length > 0 {
            selectedProtocol = String(decoding: UnsafeBufferPointer(start: selected, count: Int(length)), as: UTF8.self)
        }
    }

    deinit {
        _ = SSL_shutdown(ssl)
        SSL_free(ssl)
        SSL_CTX_free(context)
    }

    func write(_ bytes: [UInt8]) throws(PostgresError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { SSL_write(ssl, $0.baseAddress! + offset, Int32(bytes.count - offset)) }
            guard written > 0 else { throw PostgresError(.connection, "the TLS connection broke while sending: \(Self.errorText())") }
            offset += Int(written)
        }
    }

    func read(into buffer: inout [UInt8], count: Int) throws(PostgresError) {
        let start = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: count))
        let received = buffer.withUnsafeMutableBytes { SSL_read(ssl, $0.baseAddress! + start, Int32(count)) }
        let failure = errno
        guard received > 0 else {
            buffer.removeLast(count)
            let kind = SSL_get_error(ssl, received)
            if kind == SSL_ERROR_SYSCALL || kind == SSL_ERROR_WANT_READ, failure == EAGAIN || failure == EWOULDBLOCK {
                throw PostgresError(.connection, "the server sent nothing within the read timeout")
            }
            throw PostgresError(.connection, "the TLS connection broke while reading: \(Self.errorText())")
        }
        buffer.removeLast(count - Int(received))
    }

    private static func failure(_ what: String) -> PostgresError {
        PostgresError(.tls, "\(what): \(errorText())")
    }

    /// OpenSSL's last error, as text.
    private static func errorText() -> String {
        let code = ERR_get_error()
        guard code != 0 else { return "no further detail" }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
