import Foundation
import Testing

@testable import MLGate

/// The streamed read in the binary COPY format decodes to exactly the CSV the text COPY
/// sends: every type mlgate decodes, NULLs, special values, and the types it sends as
/// text instead.
@Suite struct WarehouseBinaryCopyTests {
    /// Every decoded type with its edge values, a type sent as text (interval, uuid, an
    /// array, json), NULLs in every column; then 20,000 rows of random doubles and reals
    /// over 40 orders of magnitude and random timestamps (more than one 256 KiB chunk).
    static let table = """
        DROP TABLE IF EXISTS every_type;
        CREATE TABLE every_type (
          b boolean, s smallint, i integer, g bigint, r real, d double precision, n numeric, n2 numeric(12, 4),
          t text, v varchar(20), c char(5), dt date, ts timestamp, tz timestamptz, iv interval, u uuid, a int[], j json);
        INSERT INTO every_type VALUES
          (true, -32768, -2147483648, -9223372036854775808, 'NaN', 'NaN', 'NaN', 0, 'a,b', 'x"y', 'ab', '2026-12-01', '2026-12-01 10:00:00', '2026-12-01 10:00:00+02', '1 day 02:00:00', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{1,2}', '{"k": [1, 2]}'),
          (false, 32767, 2147483647, 9223372036854775807, 'Infinity', '-Infinity', 'Infinity', -12.5, E'line\\nbreak', '', 'abcde', '0044-03-15 BC', '0044-03-15 12:30:00.5 BC', '1900-01-01 00:00:00.000001+00', '-3 months', NULL, '{}', 'null'),
          (NULL, 0, 0, 0, '-0', '-0', '-Infinity', 0.0001, '', ' lead', NULL, 'infinity', 'infinity', '-infinity', NULL, NULL, NULL, NULL),
          (true, 1, 1, 1, 1e-5, 1e-5, 1e30, 99999999.9999, E'\\\\.', 'trail ', 'x', '-infinity', '-infinity', 'infinity', '0', NULL, NULL, '""'),
          (NULL, NULL, NULL, NULL, 3.4e38, 1.7976931348623157e308, -0.000000001, -0.5, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
          (false, -1, 100000, 1000000000000000, 1e6, 1e15, 123456789012345678901234567890.123456789, 1, 'é ünïcode', 'tab\tin', 'q"', '10000-01-01', '2000-01-01 00:00:00', '2000-01-01 00:00:00+00', '1 year', NULL, NULL, '1'),
          (true, 7, 7, 7, 123456, 123456789012345.6, 0.5e-20, 0, 'x', 'y', 'z', '1999-12-31', '1999-12-31 23:59:59.999999', '1999-12-31 23:59:59.999999+00', NULL, NULL, NULL, NULL),
          (true, 7, 7, 7, 5e-45, 5e-324, 0, 0, '"', ',', ' ', '0001-01-01', '0001-01-01 00:00:00', '0001-01-01 00:00:00+00', NULL, NULL, NULL, NULL);
        SELECT setseed(0.17);
        INSERT INTO every_type (d, r, n, ts, tz, dt, g)
          SELECT x, x::real, round(x::numeric, 6), t, t, t::date, (x * 1000)::bigint
          FROM (SELECT (random() - 0.5) * 10 ^ (random() * 40 - 20) AS x,
                       timestamp '1970-01-01' + random() * interval '100 years' AS t FROM generate_series(1, 20000)) AS r
          WHERE abs(x * 1000) < 9e18;
        """

    /// The bytes a streamed read's source hands the CSV reader: as CSV, or decoded.
    static func streamed(_ url: String, binary: Bool, kept: Set<Int>? = nil, limit: Int? = nil) throws -> [UInt8] {
        let dialect = PostgreSQLDialect()
        let table = DatabaseTable(connection: url, relation: .table("every_type"))
        let connection = try PostgresConnection(try PostgresConnectionParameters(url), statementTimeout: 0)
        let columns = try connection.query(dialect.describeStatement(table.relation)).columns
        var source = PostgresCopySource(connection: connection, table: table, location: SourceLocation(file: "t.yml"))
        if binary {
            let timeZone = try connection.query("SHOW TimeZone").rows[0][0] ?? ""
            let (sql, kinds) = dialect.binaryCopyStatement(table.relation, columns: columns, kept: kept, limit: limit, utc: PostgreSQLDialect.isUTC(timeZone))
            try connection.startCopy(sql)
            let sent = PostgreSQLDialect.sentColumns(columns.count, kept: kept)
            source.decoder = PostgresBinaryCopyDecoder(names: sent.map { columns[$0].name }, kinds: kinds)
        } else {
            try connection.startCopy(dialect.copyStatement(table.relation, columns: columns, kept: kept, limit: limit))
        }
        var bytes: [UInt8] = []
        var chunks = 0
        while let chunk = try source.nextChunk() {
            #expect(!chunk.isEmpty)
            bytes += chunk
            chunks += 1
        }
        if limit == nil { #expect(chunks > 1, "more than one chunk") }
        return bytes
    }

    @Test func binaryDecodesToTheTextCopysBytes() throws {
        let server = try PostgresTestServer.shared.get()
        try server.psql(Self.table)
        let text = try Self.streamed(server.url(), binary: false)
        let binary = try Self.streamed(server.url(), binary: true)
        #expect(text.count > 1 << 19)
        if text != binary {
            // The first line that differs, for the log.
            let a = String(decoding: text, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            let b = String(decoding: binary, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            let line = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
            Issue.record("line \(line + 1): text \(line < a.count ? String(a[line]) : "—") / binary \(line < b.count ? String(b[line]) : "—")")
        }
        // Columns left out are not sent; a limit is the text path's.
        let kept = try Self.streamed(server.url(), binary: true, kept: [1, 5, 11], limit: 5)
        #expect(try Self.streamed(server.url(), binary: false, kept: [1, 5, 11], limit: 5) == kept)
        #expect(String(decoding: kept.prefix { $0 != 0x0A }, as: UTF8.self) == "s,d,dt")
    }

    /// The reader streams in binary by default; its batches are the text path's.
    @Test func readerBatchesAreTheTextPaths() throws {
        let server = try PostgresTestServer.shared.get()
        try server.psql(Self.table.replacingOccurrences(of: "every_type", with: "every_type_reader"))
        let table = DatabaseTable(connection: server.url(), relation: .table("every_type_reader"))
        func cells(binary: Bool, kept: Set<Int>? = nil) throws -> [[String?]] {
            var reader = try PostgresTableReader(table, location: SourceLocation(file: "t.yml"))
            #expect(reader.binaryCopy)
            reader.binaryCopy = binary
            reader.keptColumns = kept
            var rows: [[String?]] = []
            while let batch = try reader.nextBatch() {
                #expect(batch.width == reader.columns.count)
                for row in 0..<batch.rowCount {
                    rows.append((0..<reader.columns.count).map { column in
                        if let kept, !kept.contains(column) {
                            #expect(batch.isMissing(column, row))
                            return nil
                        }
                        return batch.string(column, row)
                    })
                }
            }
            return rows
        }
        let binary = try cells(binary: true)
        #expect(binary.count > 18000)
        #expect(binary == (try cells(binary: false)))
        // Only the columns read are sent: their cells are the whole read's, in their places.
        let kept: Set<Int> = [0, 4, 12, 17]
        let whole = binary.map { row in row.indices.map { kept.contains($0) ? row[$0] : nil } }
        #expect(try cells(binary: true, kept: kept) == whole)
        #expect(try cells(binary: false, kept: kept) == whole)
    }

    /// Values laid out as PostgreSQL's output functions lay them out.
    @Test func textOfValues() throws {
        func double(_ value: Double) -> String {
            var text: [UInt8] = []
            PostgresBinaryText.appendDouble(value, into: &text)
            return String(decoding: text, as: UTF8.self)
        }
        #expect(double(0.1) == "0.1")
        #expect(double(1e-5) == "1e-05")
        #expect(double(0.0001) == "0.0001")
        #expect(double(1e15) == "1e+15")
        #expect(double(123456789012345) == "123456789012345")
        #expect(double(-2.5e-300) == "-2.5e-300")
        #expect(double(-0.0) == "-0")
        #expect(double(-7) == "-7")
        #expect(double(22858.63) == "22858.63")
        // The fast paths give the general path's text (seeded: integers, few decimals,
        // any bit pattern, uniform doubles).
        for value in SeededDoubles(seed: 1204, count: 200_000) {
            var general: [UInt8] = []
            PostgresBinaryText.appendDoubleInGeneral(value, into: &general)
            let fast = double(value)
            if fast != String(decoding: general, as: UTF8.self) {
                Issue.record("\(value): \(fast) against \(String(decoding: general, as: UTF8.self))")
                break
            }
        }
        var date: [UInt8] = []
        PostgresBinaryText.appendDate(-730_485 - 366, into: &date)
        #expect(String(decoding: date, as: UTF8.self).hasSuffix(" BC"))
        // A numeric: 2 digits, weight 0, negative, scale 6: -12.005 → "-12.005000".
        let numeric: [UInt8] = [0, 2, 0, 0, 0x40, 0, 0, 6, 0, 12, 0, 50]
        var text: [UInt8] = []
        try numeric.withUnsafeBufferPointer { buffer throws(PostgresError) in try PostgresBinaryText.appendNumeric(buffer, into: &text) }
        #expect(String(decoding: text, as: UTF8.self) == "-12.005000")
    }

    /// Damaged binary data is a protocol error, never a crash.
    @Test func damagedDataIsAnError() {
        var decoder = PostgresBinaryCopyDecoder(names: ["a"], kinds: [.int4])
        var csv: [UInt8] = []
        #expect(throws: PostgresError.self) { try decoder.decode(Array("PGCOPY\nXXXX".utf8) + [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], into: &csv) }
        var short = PostgresBinaryCopyDecoder(names: ["a"], kinds: [.int4])
        let header: [UInt8] = Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0] + [0, 0, 0, 0, 0, 0, 0, 0]
        #expect(throws: PostgresError.self) { try short.decode(header + [0, 1, 0, 0, 0, 2, 0, 1], into: &csv) }
        var cut = PostgresBinaryCopyDecoder(names: ["a"], kinds: [.int4])
        #expect(throws: Never.self) { try cut.decode(header + [0, 1, 0, 0, 0, 4, 0], into: &csv) }
        #expect(throws: PostgresError.self) { try cut.finish() }
    }
}
