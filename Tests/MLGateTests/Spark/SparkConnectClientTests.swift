import Foundation
import Testing

@testable import MLGate

/// mlgate's own Spark Connect client against a real Spark Connect 4.3.0 server
/// (``SparkTestServer``): rows arrive as Arrow, Spark's error classes come back as the
/// server wrote them, and nothing hangs.
@Suite("Spark Connect client", .serialized)
struct SparkConnectClientTests {
    static func client(timeout: Int = 120) throws -> SparkConnectClient {
        let server = try SparkTestServer.shared.get()
        return try SparkConnectClient(url: SparkConnectURL(server.url), timeout: timeout)
    }

    /// Every cell of a query's answer, column by column.
    static func rows(_ client: SparkConnectClient, _ query: String) throws -> (names: [String], cells: [[String?]], streams: Int) {
        var names: [String] = []
        var cells: [[String?]] = []
        var streams = 0
        try client.executeSQL(query) { (stream) throws(SparkConnectError) in
            streams += 1
            var reader = ArrowStreamReader(stream)
            do {
                _ = try reader.readSchema()
                names = reader.columnNames
                if cells.isEmpty { cells = Array(repeating: [], count: names.count) }
                while let batch = try reader.nextBatch() {
                    for (index, column) in batch.columns.enumerated() {
                        for row in 0..<batch.rowCount { cells[index].append(column?.text(row).map { String(decoding: $0, as: UTF8.self) }) }
                    }
                }
            } catch {
                throw SparkConnectError(.protocolViolation, "\(error)")
            }
        }
        return (names, cells, streams)
    }

    @Test("a query's rows arrive as Arrow streams, every one of them")
    func rows() throws {
        let client = try Self.client()
        let read = try Self.rows(client, "SELECT id, id * 2 AS twice, CONCAT('r', id) AS name FROM RANGE(0, 200000)")
        #expect(read.names == ["id", "twice", "name"])
        #expect(read.cells[0].count == 200_000)
        let ids: [Int] = read.cells[0].compactMap { $0.flatMap { Int($0) } }
        let total = ids.reduce(0, +)
        #expect(total == 199_999 * 200_000 / 2)
        #expect(read.cells[1][12_345] == "24690")
        #expect(Set(read.cells[2]).count == 200_000)
        // More than one Arrow stream: the window updates kept the answer flowing.
        #expect(read.streams >= 2)
        try client.releaseSession()
    }

    @Test("an address's other parameters go to the server as metadata, which it takes with the call")
    func metadataParameters() throws {
        let server = try SparkTestServer.shared.get()
        let client = try SparkConnectClient(
            url: SparkConnectURL(server.url + "/;x-mlgate-route=ci-runner-7;grpc_keepalive_time_ms=10000"), timeout: 120)
        #expect(SparkConnectClient.metadata(for: client.url).contains { $0 == ("x-mlgate-route", "ci-runner-7") })
        #expect(try Self.rows(client, "SELECT 41 + 1 AS answer").cells[0] == ["42"])
        try client.releaseSession()
    }

    @Test("the session's time zone is set by Config")
    func config() throws {
        let client = try Self.client()
        try client.setConfig([("spark.sql.session.timeZone", "UTC")])
        let utc = try Self.rows(client, "SELECT TIMESTAMP'2024-03-10 07:00:00' AS ts")
        #expect(utc.cells[0] == ["2024-03-10 07:00:00+00:00"])
        try client.setConfig([("spark.sql.session.timeZone", "America/New_York")])
        let local = try Self.rows(client, "SELECT TIMESTAMP'2024-03-10 03:00:00' AS ts")
        #expect(local.cells[0] == ["2024-03-10 03:00:00-04:00"])
    }

    @Test("Spark's error class leads the error", arguments: [
        ("SELECT * FROM mlgate_no_such_table", "[TABLE_OR_VIEW_NOT_FOUND]"),
        ("SELEC 1", "[PARSE_SYNTAX_ERROR]"),
        ("SELECT no_such_column FROM RANGE(1)", "[UNRESOLVED_COLUMN"),
    ])
    func errors(_ query: String, _ errorClass: String) throws {
        let client = try Self.client()
        do {
            _ = try Self.rows(client, query)
            Issue.record("\(query) ran")
        } catch let error as SparkConnectError {
            guard case .server = error.kind else {
                Issue.record("\(error)")
                return
            }
            #expect(error.message.contains(errorClass), "\(error)")
        }
        // The connection is still usable after an error.
        #expect(try Self.rows(client, "SELECT 1 AS one").cells == [["1"]])
    }

    @Test("an address nothing listens on is a connection error, at once")
    func unreachable() throws {
        let port = try PostgresTestServer.freePort()
        let start = Date()
        #expect {
            _ = try SparkConnectClient(url: SparkConnectURL("sc://127.0.0.1:\(port)"), timeout: 5)
        } throws: { error in
            (error as? SparkConnectError)?.kind == .connection && "\(error)".contains("127.0.0.1:\(port)")
        }
        #expect(Date().timeIntervalSince(start) < 5)
    }

    /// A listening socket on 127.0.0.1 nobody accepts from: a connection opens, no byte
    /// comes back. Its descriptor (to close) and port.
    static func silentListener() -> (descriptor: Int32, port: UInt16) {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                _ = bind(listener, $0, length)
                _ = getsockname(listener, $0, &length)
            }
        }
        listen(listener, 4)
        return (listener, UInt16(bigEndian: address.sin_port))
    }

    @Test("a server that never answers is a timeout, not a hang")
    func silentServer() throws {
        let (listener, port) = Self.silentListener()
        defer { close(listener) }
        let start = Date()
        let client = try SparkConnectClient(url: SparkConnectURL("sc://127.0.0.1:\(port)"), timeout: 1)
        #expect(throws: SparkConnectError.self) { try client.executeSQL("SELECT 1") { _ throws(SparkConnectError) in } }
        #expect(Date().timeIntervalSince(start) < 10)
    }
}
