import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a connection reads from and writes to: a socket, or (in the fuzzer) memory.
protocol PostgresTransport: AnyObject {
    /// Writes all of `bytes`.
    func write(_ bytes: [UInt8]) throws(PostgresError)
    /// Appends up to `count` bytes (at least one) to `buffer`; throws at the end of the stream.
    func read(into buffer: inout [UInt8], count: Int) throws(PostgresError)
    /// Reads exactly one byte.
    func readByte() throws(PostgresError) -> UInt8
    /// Waits at most `seconds` for each read from now on (0: for ever).
    func setReadTimeout(seconds: Int)
    /// Wraps the stream in TLS.
    func startTLS(host: String, mode: PostgresConnectionParameters.SSLMode, rootCertificates: String?) throws(PostgresError)
}

/// A blocking stream socket to a server (TCP, or a Unix socket when the host is a
/// folder), with a connect timeout, and TLS once ``startTLS(host:mode:rootCertificates:)`` succeeds.
final class PostgresSocket: PostgresTransport {
    private var descriptor: Int32
    private var tls: PostgresTLS?

    /// Connects to `host:port` (or the Unix socket `host/.s.PGSQL.port`), giving up after
    /// `timeout` seconds.
    init(host: String, port: Int, timeout: Int) throws(PostgresError) {
        if host.hasPrefix("/") {
            descriptor = try Self.connectUnix(path: "\(host)/.s.PGSQL.\(port)")
            return
        }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw PostgresError(.connection, "cannot resolve host '\(host)': \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        var lastError = "no address"
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let address = entry {
            entry = address.pointee.ai_next
            let socket = Glibc.socket(address.pointee.ai_family, address.pointee.ai_socktype, address.pointee.ai_protocol)
            guard socket >= 0 else { continue }
            if let problem = Self.connect(socket, address.pointee.ai_addr, address.pointee.ai_addrlen, timeout: timeout) {
                lastError = problem
                close(socket)
                continue
            }
            var one: Int32 = 1
            setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            descriptor = socket
            return
        }
        throw PostgresError(.connection, "cannot connect to \(host):\(port): \(lastError)")
    }

    deinit {
        tls = nil
        close(descriptor)
    }

    private static func connectUnix(path: String) throws(PostgresError) -> Int32 {
        #if canImport(Glibc)
        let socket = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let socket = Darwin.socket(AF_UNIX, SOCK_STREAM, 0)
        #endif
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard socket >= 0, bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw PostgresError(.connection, "cannot connect to the Unix socket \(path)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else {
            let message = String(cString: strerror(errno))
            close(socket)
            throw PostgresError(.connection, "cannot connect to the Unix socket \(path): \(message)")
        }
        return socket
    }

    /// Connects without blocking for longer than `timeout` seconds; the problem, or nil.
    private static func connect(_ socket: Int32, _ address: UnsafePointer<sockaddr>?, _ length: socklen_t, timeout: Int) -> String? {
        let flags = fcntl(socket, F_GETFL, 0)
        _ = fcntl(socket, F_SETFL, flags | O_NONBLOCK)
        defer { _ = fcntl(socket, F_SETFL, flags) }
        if Glibc.connect(socket, address, length) == 0 { return nil }
        guard errno == EINPROGRESS else { return String(cString: strerror(errno)) }
        var poller = pollfd(fd: socket, events: Int16(POLLOUT), revents: 0)
        let ready = poll(&poller, 1, Int32(timeout * 1000))
        if ready == 0 { return "timed out after \(timeout) s (connect_timeout)" }
        if ready < 0 { return String(cString: strerror(errno)) }
        var error: Int32 = 0
        var size = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(socket, SOL_SOCKET, SO_ERROR, &error, &size)
        return error == 0 ? nil : String(cString: strerror(error))
    }

    /// Waits at most `seconds` for each read from now on (0: for ever).
    func setReadTimeout(seconds: Int) {
        var value = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Wraps the connection in TLS.
    func startTLS(host: String, mode: PostgresConnectionParameters.SSLMode, rootCertificates: String?) throws(PostgresError) {
        tls = try PostgresTLS(descriptor: descriptor, host: host, mode: mode, rootCertificates: rootCertificates)
    }

    /// Wraps the connection in TLS with the certificate chain and host name checked,
    /// offering `protocols` by ALPN; the protocol the server selected, if any.
    func startTLS(host: String, rootCertificates: String?, protocols: [String], setting: String) throws(PostgresError) -> String? {
        let session = try PostgresTLS(
            descriptor: descriptor, host: host, verifiesChain: true, verifiesHost: true, rootCertificates: rootCertificates,
            protocols: protocols, setting: setting)
        tls = session
        return session.selectedProtocol
    }

    /// Writes all of `bytes`.
    func write(_ bytes: [UInt8]) throws(PostgresError) {
        if let tls { return try tls.write(bytes) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            if written < 0 {
                if errno == EINTR { continue }
                throw PostgresError(.connection, "the connection broke while sending: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }

    /// Reads up to `count` bytes into `buffer` (appending); throws at the end of the stream.
    func read(into buffer: inout [UInt8], count: Int) throws(PostgresError) {
        if let tls { return try tls.read(into: &buffer, count: count) }
        let start = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: count))
        while true {
            let received = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress! + start, count, 0) }
            if received > 0 {
                buffer.removeLast(count - received)
                return
            }
            buffer.removeLast(count)
            if received == 0 { throw PostgresError(.connection, "the server closed the connection") }
            if errno == EINTR { buffer.append(contentsOf: repeatElement(0, count: count)); continue }
            if errno == EAGAIN || errno == EWOULDBLOCK {
                throw PostgresError(.connection, "the server sent nothing within the read timeout")
            }
            throw PostgresError(.connection, "the connection broke while reading: \(String(cString: strerror(errno)))")
        }
    }

    /// Reads exactly one byte (the answer to an SSLRequest, before any TLS).
    func readByte() throws(PostgresError) -> UInt8 {
        var buffer: [UInt8] = []
        try read(into: &buffer, count: 1)
        return buffer[0]
    }
}
