import Crypto
import Foundation

/// A connection speaking PostgreSQL's frontend/backend protocol version 3: startup with
/// TLS as `sslmode` asks, password, MD5 or SCRAM-SHA-256 authentication, simple queries
/// (for small results) and `COPY … TO STDOUT` (streamed, for rows).
///
/// Blocking, used by one task at a time; closed when released.
final class PostgresConnection {
    /// A column of a result: its name and type OID.
    struct Column: Sendable, Hashable {
        var name: String
        var typeOID: UInt32
    }

    /// A small result, as text (nil for NULL).
    struct Result: Sendable {
        var columns: [Column]
        var rows: [[String?]]
    }

    private let socket: any PostgresTransport
    private var input: [UInt8] = []
    private var inputStart = 0
    /// Every byte read from the server on this connection.
    private(set) var bytesReceived = 0
    let parameters: PostgresConnectionParameters

    /// Connects and authenticates, then limits each statement to `statementTimeout` ms (0: none).
    convenience init(_ parameters: PostgresConnectionParameters, statementTimeout: Int) throws(PostgresError) {
        let socket = try PostgresSocket(host: parameters.host, port: parameters.port, timeout: parameters.connectTimeout)
        try self.init(transport: socket, parameters: parameters, statementTimeout: statementTimeout)
    }

    /// Starts a session over `transport` (a socket; in the fuzzer, bytes in memory).
    init(transport: any PostgresTransport, parameters: PostgresConnectionParameters, statementTimeout: Int) throws(PostgresError) {
        self.parameters = parameters
        socket = transport
        // Until the session is set up, nothing may take longer than the connect timeout.
        socket.setReadTimeout(seconds: parameters.connectTimeout)
        try negotiateTLS()
        try startUp()
        _ = try query("SET statement_timeout = \(max(0, statementTimeout)); SET DateStyle = ISO; SET extra_float_digits = 1")
        // A statement ends within its timeout: wait a little longer for the server to say so.
        socket.setReadTimeout(seconds: statementTimeout > 0 ? statementTimeout / 1000 + 30 : 0)
    }

    deinit {
        try? socket.write([UInt8(ascii: "X"), 0, 0, 0, 4])
    }

    // MARK: Start-up

    private func negotiateTLS() throws(PostgresError) {
        let mode = parameters.sslMode
        guard mode != .disable, mode != .allow, !parameters.host.hasPrefix("/") else { return }
        try socket.write(Self.int32(8) + Self.int32(80_877_103))
        let answer = try socket.readByte()
        if answer == UInt8(ascii: "S") {
            try socket.startTLS(host: parameters.host, mode: mode, rootCertificates: parameters.sslRootCert)
        } else if mode != .prefer {
            throw PostgresError(.tls, "the server does not offer TLS, and sslmode=\(mode.rawValue) requires it")
        }
    }

    private func startUp() throws(PostgresError) {
        var body = Self.int32(196_608)
        for (key, value) in [("user", parameters.user), ("database", parameters.database), ("application_name", parameters.applicationName), ("client_encoding", "UTF8")] {
            body += Array(key.utf8) + [0] + Array(value.utf8) + [0]
        }
        body.append(0)
        try socket.write(Self.int32(Int32(body.count + 4)) + body)
        var scram: PostgresSCRAM?
        while true {
            let (type, payload) = try readMessage()
            switch type {
            case UInt8(ascii: "R"):
                var reader = PayloadReader(payload)
                let code = try reader.int32()
                switch code {
                case 0: continue
                case 3:
                    try sendPassword(Array(try requirePassword("password").utf8) + [0])
                case 5:
                    let salt = try reader.bytes(4)
                    let password = try requirePassword("md5")
                    let inner = Self.hex(Insecure.MD5.hash(data: Array((password + parameters.user).utf8)))
                    let outer = Self.hex(Insecure.MD5.hash(data: Array(inner.utf8) + salt))
                    try sendPassword(Array("md5\(outer)".utf8) + [0])
                case 10:
                    var mechanisms: [String] = []
                    while let mechanism = try? reader.cString(), !mechanism.isEmpty { mechanisms.append(mechanism) }
                    guard mechanisms.contains("SCRAM-SHA-256") else {
                        throw PostgresError(.authentication, "the server asks for SASL with \(mechanisms.joined(separator: ", ")): mlgate speaks SCRAM-SHA-256")
                    }
                    let exchange = PostgresSCRAM(password: try requirePassword("SCRAM-SHA-256"))
                    let first = Array(exchange.clientFirst.utf8)
                    try sendPassword(Array("SCRAM-SHA-256".utf8) + [0] + Self.int32(Int32(first.count)) + first)
                    scram = exchange
                case 11:
                    guard var exchange = scram else { throw PostgresError(.protocolViolation, "a SASL continuation before SASL started") }
                    let response = try exchange.clientFinal(serverFirst: String(decoding: payload.dropFirst(4), as: UTF8.self))
                    scram = exchange
                    try sendPassword(Array(response.utf8))
                case 12:
                    try scram?.verify(serverFinal: String(decoding: payload.dropFirst(4), as: UTF8.self))
                default:
                    throw PostgresError(.authentication, "the server asks for an authentication method mlgate does not speak (code \(code)): use password, md5 or scram-sha-256")
                }
            case UInt8(ascii: "E"):
                let error = Self.serverError(payload)
                let authentication = ["28000", "28P01"].contains(error.sqlState ?? "")
                throw PostgresError(authentication ? .authentication : .server, error.message, sqlState: error.sqlState)
            case UInt8(ascii: "Z"):
                return
            default:
                continue  // ParameterStatus, BackendKeyData, notices
            }
        }
    }

    private func requirePassword(_ method: String) throws(PostgresError) -> String {
        guard let password = parameters.password else {
            throw PostgresError(
                .authentication,
                "the server asks for a password (\(method)) for user '\(parameters.user)' and none is given: set it in the URL, PGPASSWORD or ~/.pgpass")
        }
        return password
    }

    private func sendPassword(_ body: [UInt8]) throws(PostgresError) {
        try socket.write([UInt8(ascii: "p")] + Self.int32(Int32(body.count + 4)) + body)
    }

    // MARK: Queries

    /// Runs `sql` (one or more statements) with the simple protocol; the last result's rows.
    func query(_ sql: String) throws(PostgresError) -> Result {
        try sendQuery(sql)
        var result = Result(columns: [], rows: [])
        var failure: PostgresError?
        while true {
            let (type, payload) = try readMessage()
            switch type {
            case UInt8(ascii: "T"):
                result = Result(columns: try Self.rowDescription(payload), rows: [])
            case UInt8(ascii: "D"):
                result.rows.append(try Self.dataRow(payload))
            case UInt8(ascii: "E"):
                failure = Self.serverError(payload)
            case UInt8(ascii: "H"):
                failure = PostgresError(.protocolViolation, "a COPY where rows were expected")
            case UInt8(ascii: "Z"):
                if let failure { throw failure }
                return result
            default:
                continue
            }
        }
    }

    /// Starts `COPY … TO STDOUT`; the data then comes from ``nextCopyData()``.
    func startCopy(_ sql: String) throws(PostgresError) {
        try sendQuery(sql)
        while true {
            let (type, payload) = try readMessage()
            switch type {
            case UInt8(ascii: "H"): return
            case UInt8(ascii: "E"):
                let failure = Self.serverError(payload)
                try drainToReady()
                throw failure
            case UInt8(ascii: "Z"): throw PostgresError(.protocolViolation, "the server ended the COPY before it began")
            default: continue
            }
        }
    }

    /// Appends the next COPY data to `buffer` until it holds at least `minimum` bytes or
    /// the COPY ends; whether it has ended (and the connection is ready again).
    func nextCopyData(into buffer: inout [UInt8], minimum: Int) throws(PostgresError) -> Bool {
        while buffer.count < minimum {
            let (type, payload) = try readMessage()
            switch type {
            case UInt8(ascii: "d"):
                buffer.append(contentsOf: payload)
            case UInt8(ascii: "c"):
                try drainToReady()
                return true
            case UInt8(ascii: "E"):
                let failure = Self.serverError(payload)
                try? drainToReady()
                throw failure
            default:
                continue
            }
        }
        return false
    }

    private func drainToReady() throws(PostgresError) {
        var failure: PostgresError?
        while true {
            let (type, payload) = try readMessage()
            if type == UInt8(ascii: "E") { failure = Self.serverError(payload) }
            if type == UInt8(ascii: "Z") { break }
        }
        if let failure { throw failure }
    }

    private func sendQuery(_ sql: String) throws(PostgresError) {
        let body = Array(sql.utf8) + [0]
        try socket.write([UInt8(ascii: "Q")] + Self.int32(Int32(body.count + 4)) + body)
    }

    // MARK: Messages

    /// The largest message read (a row of COPY data is one message): 256 MiB.
    static let messageLimit = 1 << 28

    /// The next message: its type byte and its payload.
    private func readMessage() throws(PostgresError) -> (UInt8, ArraySlice<UInt8>) {
        try fill(5)
        let type = input[inputStart]
        let length = Int(input[inputStart + 1]) << 24 | Int(input[inputStart + 2]) << 16 | Int(input[inputStart + 3]) << 8
            | Int(input[inputStart + 4])
        guard length >= 4, length <= Self.messageLimit else {
            throw PostgresError(
                .protocolViolation,
                "a message of \(length) bytes, over the limit of \(Self.messageLimit) (one row of a table; is this a PostgreSQL server?)")
        }
        try fill(1 + length)
        let payload = input[(inputStart + 5)..<(inputStart + 1 + length)]
        inputStart += 1 + length
        return (type, payload)
    }

    /// Reads until `count` unread bytes are buffered.
    private func fill(_ count: Int) throws(PostgresError) {
        if input.count - inputStart >= count { return }
        if inputStart > 0 {
            input.removeSubrange(0..<inputStart)
            inputStart = 0
        }
        while input.count < count {
            let before = input.count
            try socket.read(into: &input, count: 1 << 16)
            bytesReceived += input.count - before
        }
    }

    private static func rowDescription(_ payload: ArraySlice<UInt8>) throws(PostgresError) -> [Column] {
        var reader = PayloadReader(payload)
        let count = try reader.count()
        var columns: [Column] = []
        for _ in 0..<count {
            let name = try reader.cString()
            _ = try reader.bytes(6)
            let type = UInt32(bitPattern: try reader.int32())
            _ = try reader.bytes(8)
            columns.append(Column(name: name, typeOID: type))
        }
        return columns
    }

    private static func dataRow(_ payload: ArraySlice<UInt8>) throws(PostgresError) -> [String?] {
        var reader = PayloadReader(payload)
        let count = try reader.count()
        var row: [String?] = []
        for _ in 0..<count {
            let length = try reader.int32()
            row.append(length < 0 ? nil : String(decoding: try reader.bytes(Int(length)), as: UTF8.self))
        }
        return row
    }

    /// An ErrorResponse: its message (with detail and hint) and SQLSTATE.
    static func serverError(_ payload: ArraySlice<UInt8>) -> PostgresError {
        var fields: [UInt8: String] = [:]
        var reader = PayloadReader(payload)
        while let code = try? reader.byte(), code != 0, let value = try? reader.cString() { fields[code] = value }
        var message = fields[UInt8(ascii: "M")] ?? "unknown server error"
        if let detail = fields[UInt8(ascii: "D")] { message += ". \(detail)" }
        if let hint = fields[UInt8(ascii: "H")] { message += " (hint: \(hint))" }
        let severity = fields[UInt8(ascii: "V")] ?? fields[UInt8(ascii: "S")] ?? "ERROR"
        return PostgresError(.server, "the server says: \(severity): \(message)", sqlState: fields[UInt8(ascii: "C")])
    }

    static func int32(_ value: Int32) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}

/// Reads the fields of one message's payload.
private struct PayloadReader {
    private let bytes: ArraySlice<UInt8>
    private var index: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        index = bytes.startIndex
    }

    mutating func byte() throws(PostgresError) -> UInt8 {
        try bytes(1)[0]
    }

    mutating func int16() throws(PostgresError) -> Int16 {
        let raw = try bytes(2)
        return Int16(bitPattern: UInt16(raw[0]) << 8 | UInt16(raw[1]))
    }

    /// A field count (Int16): never negative from a server that follows the protocol.
    mutating func count() throws(PostgresError) -> Int {
        let count = Int(try int16())
        guard count >= 0 else { throw PostgresError(.protocolViolation, "a message with a negative field count (\(count))") }
        return count
    }

    mutating func int32() throws(PostgresError) -> Int32 {
        let raw = try bytes(4)
        return Int32(bitPattern: UInt32(raw[0]) << 24 | UInt32(raw[1]) << 16 | UInt32(raw[2]) << 8 | UInt32(raw[3]))
    }

    mutating func bytes(_ count: Int) throws(PostgresError) -> [UInt8] {
        guard count >= 0, bytes.endIndex - index >= count else { throw PostgresError(.protocolViolation, "a message shorter than its fields") }
        defer { index += count }
        return Array(bytes[index..<(index + count)])
    }

    mutating func cString() throws(PostgresError) -> String {
        guard let end = bytes[index...].firstIndex(of: 0) else { throw PostgresError(.protocolViolation, "a string without its end") }
        defer { index = end + 1 }
        return String(decoding: bytes[index..<end], as: UTF8.self)
    }
}
