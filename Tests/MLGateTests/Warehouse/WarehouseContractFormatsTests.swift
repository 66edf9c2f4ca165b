import Foundation
import Testing

@testable import MLGate

/// The contract's string formats (`email`, `uri`, `uuid`, `binary`), `time`, `year`,
/// `yearmonth`, `duration`, `geopoint`, `list`, `object` and `array`, and bounds and `enum` on dates,
/// datetimes and times (with and without a `format`) and years, pushed down: the server clears exactly the cells of their common shape, every
/// other cell — valid or not — is a candidate that the validator judges, and the report
/// is the file mode's.
@Suite struct WarehouseContractFormatsTests {
    static let schema = #"""
        {
          "fields": [
            {"name": "id", "type": "integer"},
            {"name": "mail", "type": "string", "format": "email"},
            {"name": "link", "type": "string", "format": "uri", "constraints": {"maxLength": 40}},
            {"name": "uid", "type": "string", "format": "uuid"},
            {"name": "at", "type": "time"},
            {"name": "yr", "type": "year", "constraints": {"minimum": "1990", "maximum": "2030"}},
            {"name": "ym", "type": "yearmonth"},
            {"name": "day", "type": "date", "constraints": {"minimum": "2020-01-01", "maximum": "2024-12-31"}},
            {"name": "pick", "type": "date", "constraints": {"enum": ["2024-01-01", "2024-04-01"]}},
            {"name": "ts", "type": "datetime", "constraints": {"minimum": "2020-01-01T00:00:00", "maximum": "2024-12-31T23:59:59"}},
            {"name": "open", "type": "time", "constraints": {"minimum": "08:00:00", "maximum": "18:00:00"}},
            {"name": "slot", "type": "time", "constraints": {"enum": ["09:00:00", "17:30:00"]}},
            {"name": "dmy", "type": "date", "format": "%d/%m/%Y", "constraints": {"minimum": "01/01/2020", "maximum": "31/12/2024"}},
            {"name": "ymd", "type": "date", "format": "%Y%m%d", "constraints": {"enum": ["20240101", "20240401"]}},
            {"name": "hm", "type": "time", "format": "%H:%M", "constraints": {"minimum": "08:00", "maximum": "18:30"}},
            {"name": "stamp", "type": "datetime", "format": "%d.%m.%Y %H:%M", "constraints": {"minimum": "01.01.2020 00:00", "maximum": "31.12.2024 23:59"}},
            {"name": "iso", "type": "datetime", "format": "%Y-%m-%dT%H:%M:%SZ"},
            {"name": "dur", "type": "duration"},
            {"name": "geo", "type": "geopoint"},
            {"name": "ints", "type": "list", "itemType": "integer"},
            {"name": "amts", "type": "list", "itemType": "number", "delimiter": "|"},
            {"name": "blob", "type": "string", "format": "binary"},
            {"name": "tags", "type": "list"},
            {"name": "mon", "type": "date", "format": "%d-%b-%y", "constraints": {"minimum": "01-Jan-90", "maximum": "31-Dec-30"}},
            {"name": "obj", "type": "object"},
            {"name": "arr", "type": "array"}
          ],
          "primaryKey": ["id"]
        }
        """#

    static let header = [
        "id", "mail", "link", "uid", "at", "yr", "ym", "day", "pick", "ts", "open", "slot", "dmy", "ymd", "hm", "stamp", "iso", "dur",
        "geo", "ints", "amts", "blob", "tags", "mon", "obj", "arr",
    ]
    /// A row's cells of the common shapes, each valid.
    static let plain = [
        "", "a@b.org", "https://x.org", "123e4567-e89b-12d3-a456-426614174000", "12:30:05", "2024", "2024-05", "2022-06-15", "2024-01-01",
        "2022-06-15T10:00:00", "12:00:00", "09:00:00", "15/06/2022", "20240101", "12:00", "15.06.2022 14:30", "2022-06-15T10:00:00Z",
        "P1D", "13.4, 52.5", "1,2,3", "1.5|2", "aGVsbG8=", "a,b", "15-Jun-22", #"{"a": 1}"#, "[1, 2]",
    ]

    /// Cells by column, and whether the server clears them (false: a candidate, valid or not).
    static let cells: [(column: Int, cell: String, cleared: Bool)] = [
        (1, "First.Last+tag@mail.example.co", true), (1, "x_y{z}~'@a-b.c9.io", true),
        (1, String(repeating: "a", count: 64) + "@b.org", true), (1, String(repeating: "a", count: 65) + "@b.org", false),
        (1, "a..b@c.org", false), (1, "a@b", false), (1, "a@b.c", false), (1, "a@-b.org", false), (1, "\"q\"@b.org", false),
        (1, "é@b.org", false), (1, "a@b.o1", false), (1, "a@b.org ", false), (1, "a@b@c.org", false),
        (2, "mailto:a@b", true), (2, "a+b.c-d:rest", true), (2, "https://example.org/a/very/long/path?x=12", false),
        (2, "1http://x", false), (2, "//x.org", false), (2, "http", false), (2, " http://x", false), (2, "héllo:x", false),
        (3, "123E4567E89B12D3A456426614174000", true), (3, "{123e4567-e89b-12d3-a456-426614174000}", false),
        (3, "urn:uuid:123e4567-e89b-12d3-a456-426614174000", false), (3, "123e4567-e89b-12d3-a456-42661417400", false),
        (3, "g23e4567-e89b-12d3-a456-426614174000", false), (3, "123e4567e89b-12d3-a456-4266141740000", false),
        (4, "00:00:00", true), (4, "23:59:59", true), (4, "24:00:00", false), (4, "12:30", false), (4, "12:30:05.5", false),
        (4, "12:30:05Z", false), (4, "1:30:05", false), (4, "12:60:00", false), (4, "12:30:05+02:00", false),
        (5, "1990", true), (5, "2030", true), (5, "1989", false), (5, "2031", false), (5, "abcd", false), (5, "+999", false),
        (5, "02024", false), (5, "0990", false),
        (6, "2024-01", true), (6, "0001-12", true), (6, "2024-1", false), (6, "2024-13", false), (6, "24-01", false), (6, "2024-00", false),
        (7, "2020-01-01", true), (7, "2024-02-29", true), (7, "2024-12-31", true), (7, "2019-12-31", false), (7, "2025-01-01", false),
        (7, "2023-02-29", false), (7, "2024-1-5", false), (7, "0000-01-01", false), (7, "2024-02-30", false),
        (8, "2024-04-01", true), (8, "2024-01-02", false), (8, "2024-1-1", false),
        (9, "2020-01-01T00:00:00", true), (9, "2024-12-31T23:59:59", true), (9, "1999-03-01T12:00:00", false),
        (9, "2019-12-31T23:59:59", false), (9, "2025-01-01T00:00:00", false), (9, "2022-02-29T10:00:00", false),
        (9, "2022-06-15T10:00:00Z", false), (9, "2022-06-15T10:00:00+02:00", false), (9, "2022-06-15 10:00:00", false),
        (9, "2022-06-15T24:00:00", false), (9, "2022-06-15T10:00:00.5", false), (9, "0000-06-15T10:00:00", false),
        (10, "08:00:00", true), (10, "18:00:00", true), (10, "07:59:59", false), (10, "18:00:01", false), (10, "12:00", false),
        (10, "12:00:00Z", false), (10, "19:00:00+02:00", false),
        (11, "17:30:00", true), (11, "09:00:01", false), (11, "9:00:00", false), (11, "17:30:00.0", false),
        (12, "01/01/2020", true), (12, "31/12/2024", true), (12, "29/02/2024", true), (12, "31/12/2019", false),
        (12, "01/01/2025", false), (12, "29/02/2023", false), (12, "31/04/2022", false), (12, "5/06/2022", false),
        (12, "15-06-2022", false), (12, "15/13/2022", false), (12, "00/06/2022", false), (12, "15/06/0000", false),
        (12, "15/06/22", false), (12, "2022-06-15", false),
        (13, "20240401", true), (13, "20240102", false), (13, "2024041", false), (13, "2024-04-01", false),
        (14, "08:00", true), (14, "18:30", true), (14, "00:00", false), (14, "07:59", false), (14, "18:31", false), (14, "8:00", false),
        (14, "12:00:00", false), (14, "24:00", false), (14, "12:60", false), (14, "1200", false),
        (15, "01.01.2020 00:00", true), (15, "31.12.2024 23:59", true), (15, "29.02.2024 10:00", true), (15, "31.12.2019 23:59", false),
        (15, "01.01.2025 00:00", false), (15, "29.02.2023 10:00", false), (15, "31.04.2022 10:00", false), (15, "15.06.2022  14:30", false),
        (15, "15.06.2022T14:30", false), (15, "15.06.2022 24:00", false), (15, "5.06.2022 14:30", false), (15, "15.06.2022 14:30:00", false),
        (16, "2022-06-15t10:00:00z", true), (16, "1999-12-31T23:59:59Z", true), (16, "2022-06-15T10:00:00", false),
        (16, "2022-06-15T10:00:00+00:00", false), (16, "2022-02-30T10:00:00Z", false), (16, "0000-06-15T10:00:00Z", false),
        (16, "2022-06-15T10:00:60Z", false), (16, "2022-06-15 10:00:00Z", false),
        (17, "P1Y2M3W4DT5H6M7S", true), (17, "PT", true), (17, "P1DT", true), (17, "-P1D", true), (17, "+PT5M", true), (17, "P0D", true),
        (17, "P", false), (17, "-P", false), (17, "P1.5D", false), (17, "P1M1Y", false), (17, "PT1H1D", false), (17, "P1234567D", false),
        (17, "1D", false), (17, "P1D ", false), (17, "p1d", false), (17, "P2000-01-01T10:00:00", false),
        (18, "180,90", true), (18, "-180, -90", true), (18, "0.5,-0.25", true), (18, "179.999999999999,89.9999999999999", true),
        (18, "180.000000000001,0", false), (18, "0,90.0000000000001", false), (18, "181,0", false), (18, "0,91", false),
        (18, "1,2,3", false), (18, "1 ,2", false), (18, "1e2,3", false), (18, "+1,2", false), (18, "1,", false), (18, "abc", false),
        (18, "0,  2", false), (18, "[1, 2]", false),
        (19, "7", true), (19, "-5,007,123456789012345678", true), (19, "1, 2", false), (19, "1,,2", false), (19, "1.5,2", false),
        (19, "+1", false), (19, "1234567890123456789", false), (19, "1;2", false),
        (20, "0.25|-3|4.125", true), (20, "1.5", true), (20, "1e3|2", false), (20, "1,5|2", false), (20, "1||2", false), (20, "|", false),
        (20, " 1.5|2", false), (20, "1.5,2", false),
        (21, "aGVsbG8gd29ybGQ=", true), (21, "YWJj", true), (21, "YQ==", true), (21, "YQ=", false), (21, "aGVs bG8=", false),
        (21, "YQ==YQ==", false), (21, "abc", false), (21, "a", false), (21, "aGVsbG8-", false),
        (22, "anything, at all", true), (22, "x", true),
        (23, "15-jun-22", true), (23, "15-JUN-22", true), (23, "01-Jan-90", true), (23, "31-Dec-30", true), (23, "15-Jun-05", true),
        (23, "29-Feb-00", true), (23, "31-Dec-89", false), (23, "01-Jan-31", false), (23, "15-Jun-69", false), (23, "15-Jun-68", false),
        (23, "29-Feb-99", false), (23, "31-Apr-22", false), (23, "15-June-22", false), (23, "15-Jun-2022", false), (23, "5-Jun-22", false),
        (23, "15-Jnu-22", false), (23, "15/Jun/22", false),
        (24, "{}", true), (24, #"{"a":1,"b":"x y~!","c":true,"d":null,"e":-0.5,"f":false}"#, true), (24, #"{ "a" : 0 }"#, true),
        (24, #"{"a":1,"a":2}"#, true), (24, #"{"a":123456789012345.123456789012345}"#, true), (24, #"{"a":{"b":1}}"#, false),
        (24, #"{"é":1}"#, false), (24, "[1]", false), (24, #"{"a":01}"#, false), (24, #"{"a":1,}"#, false), (24, "{'a':1}", false),
        (24, #" {"a":1}"#, false), (24, #"{"a":NaN}"#, false), (24, #"{"a":"x"y"}"#, false), (24, #"{"a":1e5}"#, false),
        (24, #"{"a":[1]}"#, false), (24, #"{"a":"[x]"}"#, false), (24, #"{"a":1"#, false), (24, #"{"a"}"#, false),
        (24, #"{"a":tru}"#, false), (24, "{\"a\":\"\u{01}\"}", false), (24, #"{"a":"\u0001"}"#, false),
        (25, "[]", true), (25, #"["a", 1, true, null, -2.5]"#, true), (25, "[ 1 ,2 ]", true), (25, "[[1]]", false), (25, "[1,]", false),
        (25, #"{"a":1}"#, false), (25, "[01]", false), (25, #"["é"]"#, false), (25, "[1 2]", false), (25, "[", false),
        (25, "[-]", false), (25, #"["a" , "b"]"#, true),
    ]

    /// 100 rows of plain cells, then a row per cell above (the others plain).
    static func rows() -> [[String]] {
        var rows: [[String]] = []
        for _ in 0..<100 { rows.append(plain) }
        for entry in cells {
            var row = plain
            row[entry.column] = entry.cell
            rows.append(row)
        }
        for index in rows.indices { rows[index][0] = String(index + 1) }
        return rows
    }

    static func csv() -> String {
        func quoted(_ cell: String) -> String {
            cell.contains(where: { $0 == "," || $0 == "\"" }) ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
        }
        return ([header.joined(separator: ",")] + rows().map { $0.map(quoted).joined(separator: ",") }).joined(separator: "\n") + "\n"
    }

    /// Rows the server must send: those with a cell it does not clear.
    static var candidates: Int { cells.filter { !$0.cleared }.count }

    @Test func formatsAndBoundsAreClearedOnTheServer() async throws {
        let server = try PostgresTestServer.shared.get()
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.schema.write(to: folder.appendingPathComponent("schema.json"), atomically: true, encoding: .utf8)
        try Self.csv().write(to: folder.appendingPathComponent("rows.csv"), atomically: true, encoding: .utf8)
        try server.load("contract_formats", from: folder.appendingPathComponent("rows.csv"))
        let url = server.url()
        let (fromFile, fromServer) = try await WarehouseContractTests.runBoth(folder: folder, url: url, table: "contract_formats")

        // File mode found errors of each kind among the candidates.
        let json = String(decoding: try JSONRenderer().render(fromFile), as: UTF8.self)
        #expect(json.contains("type-error") && json.contains("constraint-error"))
        let input = try #require(fromServer.gates[0].checks.first).message
        #expect(input.contains("\(Self.candidates) rows judged by mlgate"), "\(input)")
        let db = String(decoding: try JSONRenderer().render(fromServer), as: UTF8.self)
        #expect(WarehouseContractTests.swapped(db, url: url, table: "contract_formats") == json)
    }

    /// The date, datetime and time formats an engine clears cells of: `%Y` or `%y`, `%m`,
    /// `%b` or `%B`, `%d`, `%j`, `%H` or `%I` (with or without `%p`), `%M`, `%S`, `%f`, `%a`
    /// and `%A` once each, with separators, colons, letters and single spaces, a field of
    /// varying width followed by no directive or letter; a date or datetime needs a year
    /// and either a month and a day or `%j`, a time its hour and no part of a day. Their
    /// fields' places, shape and rearranged text.
    @Test func momentLayouts() throws {
        func layout(_ format: String, _ kind: PlainMomentLayout.Kind = .date) throws -> PlainMomentLayout? {
            PlainMomentLayout(try StrptimePattern(format), kind: kind)
        }
        #expect(try layout("%d/%m/%Y").map { [$0.place("Y"), $0.place("m"), $0.place("d")] } == [7, 4, 1])
        #expect(try layout("%Y%m%d").map { [$0.place("Y"), $0.place("m"), $0.place("d")] } == [1, 5, 7])
        #expect(try layout("%m-%d-%Y")?.shape == "(?:0[1-9]|1[0-2])[-](?:0[1-9]|[12][0-9]|3[01])[-][0-9]{4}")
        #expect(try layout("%Y-%m-%dT%H:%M:%SZ", .datetime)?.shape
            == "[0-9]{4}[-](?:0[1-9]|1[0-2])[-](?:0[1-9]|[12][0-9]|3[01])[tT](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9][zZ]")
        #expect(try layout("%d.%m.%Y %H:%M", .datetime)?.isoText("x", PostgreSQLDialect())
            == "(substr(x, 7, 4) || '-' || substr(x, 4, 2) || '-' || substr(x, 1, 2) || 'T' || substr(x, 12, 2) || ':' || substr(x, 15, 2) || ':' || '00')")
        #expect(try layout("%H:%M", .time)?.isoText("x", PostgreSQLDialect()) == "(substr(x, 1, 2) || ':' || substr(x, 4, 2) || ':' || '00')")
        #expect(try layout("%d %m %Y")?.shape.contains("[ ]") == true)
        #expect(try layout("%Y-%m-%d", .datetime)?.isoText("x", PostgreSQLDialect()).hasSuffix("'T' || '00' || ':' || '00' || ':' || '00')") == true)
        #expect(try layout("%b %d %Y")?.isoText("x", PostgreSQLDialect())
            == "(substr(x, 8, 4) || '-' || (CASE lower(substr(x, 1, 3)) WHEN 'jan' THEN '01' WHEN 'feb' THEN '02' WHEN 'mar' THEN '03' "
            + "WHEN 'apr' THEN '04' WHEN 'may' THEN '05' WHEN 'jun' THEN '06' WHEN 'jul' THEN '07' WHEN 'aug' THEN '08' WHEN 'sep' THEN '09' "
            + "WHEN 'oct' THEN '10' WHEN 'nov' THEN '11' WHEN 'dec' THEN '12' END) || '-' || substr(x, 5, 2))")
        #expect(try layout("%d/%m/%y")?.isoText("x", PostgreSQLDialect())
            == "((CASE WHEN CAST(substr(x, 7, 2) AS INT) <= 68 THEN '20' ELSE '19' END || substr(x, 7, 2)) || '-' || substr(x, 4, 2) || '-' || substr(x, 1, 2))")
        // A twelve-hour clock: 12 AM is hour 00, 12 PM hour 12, 1–11 PM hours 13–23; without
        // `%p` every hour is before noon. `%a`'s weekday takes three places and no part.
        let evening = (1...11).map { "WHEN '\($0 < 10 ? "0" : "")\($0)' THEN '\($0 + 12)'" }.joined(separator: " ")
        #expect(try layout("%I:%M %p", .time)?.isoText("x", PostgreSQLDialect())
            == "((CASE lower(substr(x, 7, 2)) WHEN 'pm' THEN (CASE substr(x, 1, 2) \(evening) ELSE '12' END) "
            + "ELSE (CASE substr(x, 1, 2) WHEN '12' THEN '00' ELSE substr(x, 1, 2) END) END) || ':' || substr(x, 4, 2) || ':' || '00')")
        #expect(try layout("%I:%M %p", .time)?.shape == "(?:0[1-9]|1[0-2]):[0-5][0-9][ ][aApP][mM]")
        #expect(try layout("%I:%M", .time)?.isoText("x", PostgreSQLDialect())
            == "((CASE substr(x, 1, 2) WHEN '12' THEN '00' ELSE substr(x, 1, 2) END) || ':' || substr(x, 4, 2) || ':' || '00')")
        #expect(try layout("%Y-%m-%d %I:%M %p", .datetime)?.place("p") == 18)
        #expect(try layout("%a %d/%m/%Y").map { [$0.place("a"), $0.place("d"), $0.place("m"), $0.place("Y")] } == [1, 5, 8, 11])
        #expect(try layout("%a %d/%m/%Y")?.shape.hasPrefix("(?:[mM][oO][nN]|[tT][uU][eE]|[wW][eE][dD]|") == true)
        // After a field of varying width (`%B`, `%A`, `%f`), fields are read by the
        // engine's regular expressions, each in its own group.
        let long = try #require(try layout("%A, %d %B %Y"))
        #expect([long.place("A"), long.place("d"), long.place("B"), long.place("Y")] == [1, nil, nil, nil])
        #expect(long.shape.hasPrefix("(?:[mM][oO][nN][dD][aA][yY]|[tT][uU][eE][sS][dD][aA][yY]|"))
        let day = "(?:0[1-9]|[12][0-9]|3[01])"
        #expect(long.isoText("x", PostgreSQLDialect()).hasSuffix("|| '-' || substring(x from '^\(long.pieces[0].regex)[,][ ](\(day))[ ]\(long.pieces[5].regex)[ ][0-9]{4}$'))"))
        #expect(long.isoText("x", SparkSQLDialect()).hasPrefix("(regexp_extract(x, '^\(long.pieces[0].regex)[,][ ]\(day)[ ]\(long.pieces[5].regex)[ ]([0-9]{4})\\\\z', 1) || '-' || (CASE lower(regexp_extract("))
        #expect(long.isoText("x", SparkSQLDialect()).contains("WHEN 'september' THEN '09'"))
        // `%j`: the year's day by the engine's date arithmetic.
        #expect(try layout("%Y-%j")?.isoText("x", PostgreSQLDialect())
            == "((CASE WHEN substr(x, 1, 4) = '0000' THEN 'x' ELSE to_char(make_date(CAST(substr(x, 1, 4) AS INT), 1, 1) + (CAST(substr(x, 6, 3) AS INT) - 1), 'YYYY-MM-DD') END))")
        #expect(try layout("%y%j %H:%M", .datetime)?.place("H") == 7)
        // `%f` is left out of the text; a maximum then holds only below its second.
        let fraction = try #require(try layout("%H:%M:%S.%f", .time))
        #expect(fraction.isoText("x", PostgreSQLDialect()) == "(substr(x, 1, 2) || ':' || substr(x, 4, 2) || ':' || substr(x, 7, 2))")
        let range = ContractPushdownPlan.TextRange(minimum: "08:00:00", maximum: "17:00:00", exclusiveMaximum: "18:00:00")
        #expect(fraction.bounds(range) == ContractPushdownPlan.TextRange(minimum: "08:00:00", exclusiveMaximum: "17:00:00"))
        #expect(fraction.bounds(ContractPushdownPlan.TextRange(maximum: "19:00:00", exclusiveMaximum: "18:00:00"))
            == ContractPushdownPlan.TextRange(exclusiveMaximum: "18:00:00"))
        #expect(fraction.bounds(ContractPushdownPlan.TextRange(allowed: ["08:00:00"])) == nil)
        #expect(try layout("%H:%M:%S", .time)?.bounds(range) == range)
        #expect(try layout("%Y-%m-%d %H:%M:%S.%f")?.bounds(range) == range)
        // `%z`: its offset left out of the text, decided by its shape; after `%f` too.
        let zoned = try #require(try layout("%Y-%m-%dT%H:%M:%S.%f%z", .datetime))
        #expect(zoned.shape.hasSuffix("[.][0-9]{1,6}" + PlainMomentLayout.zoneShape))
        #expect(zoned.isoText("x", PostgreSQLDialect()).hasSuffix("|| ':' || substr(x, 18, 2))"))
        for offset in ["Z", "+01:00", "-0530", "+23:59:59", "-235959.5", "+00:00:00.123456"] {
            #expect(offset.wholeMatch(of: try Regex(PlainMomentLayout.zoneShape)) != nil, "\(offset)")
        }
        for offset in ["z", "+2400", "+24:00", "+01:60", "+1:00", "+01:0030", "+0100:30", "+01:00:30.1234567", "+01:00:", "UTC", ""] {
            #expect(offset.wholeMatch(of: try Regex(PlainMomentLayout.zoneShape)) == nil, "\(offset)")
        }
        for refused in [
            "%Y-%m", "%d/%m/%Y%%", "%H:%M", "%d/%m/%Y é", "%d %b %m %Y", "%y %Y-%m-%d", "%Y-%m-%d %H %I:%M", "%d %B%Y", "%A%d/%m/%Y",
            "%Aday %d/%m/%Y", "%Y-%j-%d", "%m %j %Y", "%j", "%d %b %B %Y",
        ] {
            #expect(try layout(refused) == nil, "\(refused)")
            #expect(try layout(refused, .datetime) == nil, "\(refused)")
        }
        for refused in ["%M:%S", "%Y-%m-%d %H:%M", "%H:%M:%S%z%f", "%p %M", "%H:%I", "%b %H:%M", "%y %H:%M", "%j %H:%M", "%H:%M:%S.%f%p"] {
            #expect(try layout(refused, .time) == nil, "\(refused)")
        }
    }

    /// A datetime or time bound is compared as the text a plain cell of the same value
    /// has (instants before 1970 too); a value no plain cell has gets no text, and the
    /// field is then streamed.
    @Test func boundsAsPlainCellTexts() throws {
        let schema = try SchemaLoader.parse(Self.schema, file: "schema.json")
        let validator = try ContractValidator(schema: schema, labels: Self.header, sampleLimit: 1)
        func value(_ column: Int, _ text: String) -> CellValue? {
            var text = text
            return text.withUTF8 { validator.fields[column].cast($0) }
        }
        for text in ["1969-12-31T23:59:59", "1960-02-29T00:00:00", "0001-01-01T00:00:00", "9999-12-31T23:59:59", "2024-06-01T12:34:56"] {
            #expect(value(9, text).flatMap(ContractPushdownPlan.datetimeText) == text)
        }
        #expect(value(9, "2024-06-01T12:34:56+02:00").flatMap(ContractPushdownPlan.datetimeText) == "2024-06-01T10:34:56")
        #expect(value(9, "2024-06-01T12:34:56.5").flatMap(ContractPushdownPlan.datetimeText) == nil)
        for text in ["00:00:00", "01:02:03", "23:59:59"] { #expect(value(10, text).flatMap(ContractPushdownPlan.timeText) == text) }
        #expect(value(10, "01:00:00+02:00").flatMap(ContractPushdownPlan.timeText) == nil)
        #expect(value(10, "12:00:00.25").flatMap(ContractPushdownPlan.timeText) == nil)
    }

    /// Every cell the plan clears is valid, with its field's constraints met, as the
    /// contract judges it: the rules only ever say less than the contract.
    @Test func clearedCellsAreValid() throws {
        let schema = try SchemaLoader.parse(Self.schema, file: "schema.json")
        let validator = try ContractValidator(schema: schema, labels: Self.header, sampleLimit: 1)
        #expect(ContractPushdownPlan(validator) != nil)
        for entry in Self.cells + Self.plain.enumerated().dropFirst().map({ ($0.offset, $0.element, true) }) where entry.cleared {
            let field = validator.fields[entry.column]
            var text = entry.cell
            let ok = text.withUTF8 { bytes in field.isValid(bytes) && field.failedConstraints(bytes, field.cast(bytes)).isEmpty }
            #expect(ok, "\(Self.header[entry.column]): '\(entry.cell)'")
        }
    }
}
