import Foundation
import Testing

@testable import MLGate

/// Keys of dates, datetimes, times, years and year-months pushed down: the server groups
/// their cells by the text of the default format (`2024-01-05`, `2024-03-01T00:01:00`),
/// which is the same exactly when the values are, and a foreign key compares such texts
/// tagged by type. A present cell of another shape (`2024-03-01T00:01:00Z`, the same
/// instant as a plain cell) makes every row a candidate, as an integer written `+1` does.
/// The reports are the file mode's.
@Suite struct WarehouseKeyTypesTests {
    static let schema = #"""
        {
          "fields": [
            {"name": "day", "type": "date"},
            {"name": "store", "type": "integer"},
            {"name": "at", "type": "datetime", "constraints": {"unique": true}},
            {"name": "slot", "type": "time"},
            {"name": "season", "type": "year"},
            {"name": "period", "type": "yearmonth"},
            {"name": "opened", "type": "date"}
          ],
          "primaryKey": ["day", "store"],
          "uniqueKeys": [["slot", "season", "period"]],
          "foreignKeys": [{"fields": ["opened", "store"], "reference": {"resource": "", "fields": ["day", "store"]}}]
        }
        """#

    /// 200 rows of four stores by fifty days, then a 201st with row 11's day and store (a
    /// primary key broken: both rows are sent); row 20's instant is row 21's, and row 30
    /// opened on a day its store does not have. `oddInstant` replaces row 60's instant
    /// with a text of another shape. The file's row numbers count the header: row 11 is
    /// line 12.
    static func csv(oddInstant: String? = nil) -> String {
        var lines = ["day,store,at,slot,season,period,opened"]
        func day(_ offset: Int) -> String {
            let date = CivilCalendar.civil(days: CivilCalendar.days(year: 2024, month: 1, day: 1) + offset)
            return String(format: "%04d-%02d-%02d", date.year, date.month, date.day)
        }
        func instant(_ minutes: Int) -> String { "2024-03-01T\(String(format: "%02d:%02d", minutes / 60, minutes % 60)):00" }
        for row in 1...201 {
            let index = row == 201 ? 10 : (row - 1) % 50, store = row == 201 ? 0 : (row - 1) / 50
            var at = instant(row == 20 ? 21 : row)
            if row == 60, let oddInstant { at = oddInstant }
            let slot = String(format: "%02d:%02d:%02d", row / 3600, row / 60 % 60, row % 60)
            let season = String(2000 + row % 7)
            let period = String(format: "20%02d-%02d", row % 5 + 20, row % 12 + 1)
            // Every store has every day of the fifty but 2031's first.
            let opened = row == 30 ? "2031-01-01" : day((index + 7) % 50)
            lines.append([day(index), String(store), at, slot, season, period, opened].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func keysOfDatesAndTimesAreGroupedOnTheServer() async throws {
        let (fromFile, _, judged) = try await WarehouseContractTests.runBoth(csv: Self.csv(), schema: Self.schema, table: "contract_key_types")
        guard case .contract(let report)? = fromFile.gates[0].detail else { Issue.record("no contract report"); return }
        let codes = report.samples.map { "\($0.code.rawValue) \($0.rowNumber ?? 0)" }
        #expect(codes.contains("primary-key 202") && codes.contains("unique-error 22") && codes.contains("foreign-key 31"), "\(codes)")
        // Both rows of each broken key, and the row whose foreign key is not found.
        #expect(judged == 5)
    }

    /// `2024-03-01T00:01:00Z` is row 1's instant written with its zone (row 60, line 61): the file mode finds
    /// the duplicate, and the server, which cannot group it by its text, sends every row.
    @Test func anInstantOfAnotherShapeSendsEveryRow() async throws {
        let (fromFile, _, judged) = try await WarehouseContractTests.runBoth(
            csv: Self.csv(oddInstant: "2024-03-01T00:01:00Z"), schema: Self.schema, table: "contract_key_types_odd")
        guard case .contract(let report)? = fromFile.gates[0].detail else { Issue.record("no contract report"); return }
        #expect(report.samples.contains { $0.code == .uniqueError && $0.rowNumber == 61 }, "\(report.samples.map(\.message))")
        #expect(judged == 201)
    }

    /// Keys of formatted dates and instants: a month's name in either case, and a fraction
    /// of a second, which the grouping text leaves out (so rows of one second are grouped
    /// and sent, and the validator tells them apart).
    static let formattedSchema = #"""
        {
          "fields": [
            {"name": "day", "type": "date", "format": "%d-%b-%Y"},
            {"name": "store", "type": "integer"},
            {"name": "at", "type": "datetime", "format": "%Y-%m-%d %H:%M:%S.%f", "constraints": {"unique": true}},
            {"name": "opened", "type": "date", "format": "%d-%b-%Y"}
          ],
          "primaryKey": ["day", "store"],
          "foreignKeys": [{"fields": ["opened", "store"], "reference": {"resource": "", "fields": ["day", "store"]}}]
        }
        """#

    /// The grid of ``csv(oddInstant:)`` with formatted cells: row 201 has row 11's day
    /// with its month in capitals (the same key), row 21 row 20's instant as `.50` for
    /// `.5` (the same instant), rows 22 and 23 one second with other fractions (grouped,
    /// not repeated), and row 30 opened on a day its store does not have: 7 rows sent.
    /// `oddDay` replaces row 55's day with a text of another shape.
    static func formattedCSV(oddDay: String? = nil) -> String {
        var lines = ["day,store,at,opened"]
        func day(_ offset: Int, capitals: Bool = false) -> String {
            let date = CivilCalendar.civil(days: CivilCalendar.days(year: 2024, month: 1, day: 1) + offset)
            let month = ["Jan", "Feb", "Mar"][date.month - 1]
            return String(format: "%02d-%@-%04d", date.day, capitals ? month.uppercased() : month, date.year)
        }
        for row in 1...201 {
            let index = row == 201 ? 10 : (row - 1) % 50, store = row == 201 ? 0 : (row - 1) / 50
            let second = row == 21 ? 20 : row == 23 ? 22 : row
            let fraction = row == 21 ? "50" : row == 22 ? "25" : row == 23 ? "75" : "5"
            let at = String(format: "2024-03-01 %02d:%02d:%02d.", second / 3600, second / 60 % 60, second % 60) + fraction
            var dayCell = day(index, capitals: row == 201)
            if row == 55, let oddDay { dayCell = oddDay }
            let opened = row == 30 ? "01-Jan-2031" : day((index + 7) % 50)
            lines.append([dayCell, String(store), at, opened].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func keysOfFormattedMomentsAreGroupedByTheirValues() async throws {
        let (fromFile, _, judged) = try await WarehouseContractTests.runBoth(
            csv: Self.formattedCSV(), schema: Self.formattedSchema, table: "contract_key_formats")
        guard case .contract(let report)? = fromFile.gates[0].detail else { Issue.record("no contract report"); return }
        let codes = report.samples.map { "\($0.code.rawValue) \($0.rowNumber ?? 0)" }
        #expect(codes.sorted() == ["foreign-key 31", "primary-key 202", "unique-error 22"], "\(codes)")
        #expect(judged == 7)
    }

    /// `5-Jan-2024` (one digit, which Python's `%d` reads) is not of the layout's shape:
    /// every row is sent.
    @Test func aFormattedDayOfAnotherShapeSendsEveryRow() async throws {
        let (_, _, judged) = try await WarehouseContractTests.runBoth(
            csv: Self.formattedCSV(oddDay: "5-Jan-2024"), schema: Self.formattedSchema, table: "contract_key_formats_odd")
        #expect(judged == 201)
    }

    /// Keys of numbers, booleans and strings of a format: numbers grouped by their double
    /// (`69.250` is `69.25`, `-0` is `0`), booleans by their truth (`Yes` is `yes`), a
    /// uuid or an e-mail by its text (`ABC…` is not `abc…`).
    static let valuesSchema = #"""
        {
          "fields": [
            {"name": "id", "type": "string", "format": "uuid", "constraints": {"unique": true}},
            {"name": "email", "type": "string", "format": "email"},
            {"name": "active", "type": "boolean", "trueValues": ["yes", "Yes"], "falseValues": ["no", "No"]},
            {"name": "rate", "type": "number", "constraints": {"unique": true}}
          ],
          "uniqueKeys": [["email", "active"]]
        }
        """#

    /// 201 rows: row 90 has row 89's id (row 120 row 119's in capitals: another text);
    /// row 150 is row 50's e-mail with `Yes` for `yes`; row 75's `maybe` (no boolean) and
    /// row 175's empty cell are both keyed as missing beside one e-mail (a partly missing
    /// key repeats nothing, but the server groups them: both are sent); row 70's rate is
    /// row 69's as `69.250`, rows 130 and 131 are `-0` and `0`: 10 rows sent. `oddRate`
    /// replaces row 40's rate with a text of another shape.
    static func valuesCSV(oddRate: String? = nil) -> String {
        var lines = ["id,email,active,rate"]
        func id(_ row: Int) -> String { String(format: "%08x-0000-4000-8000-%012x", row * 7919, row) }
        for row in 1...201 {
            var identifier = id(row == 90 ? 89 : row)
            if row == 120 { identifier = id(119).uppercased() }
            let email = "user\(row == 201 ? row : row % 100)@example.com"
            let active = row == 150 ? "Yes" : row == 75 ? "maybe" : row == 175 ? "" : row <= 100 ? "yes" : "no"
            var rate = row == 70 ? "69.250" : row == 130 ? "-0" : row == 131 ? "0" : "\(row).25"
            if row == 40, let oddRate { rate = oddRate }
            lines.append([identifier, email, active, rate].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func keysOfNumbersBooleansAndFormattedStringsAreGroupedByTheirValues() async throws {
        let (fromFile, _, judged) = try await WarehouseContractTests.runBoth(
            csv: Self.valuesCSV(), schema: Self.valuesSchema, table: "contract_key_values")
        guard case .contract(let report)? = fromFile.gates[0].detail else { Issue.record("no contract report"); return }
        let codes = report.samples.map { "\($0.code.rawValue) \($0.rowNumber ?? 0)" }
        #expect(Set(codes) == ["unique-error 91", "unique-error 151", "unique-error 71", "unique-error 132", "type-error 76"], "\(codes)")
        #expect(judged == 10)
    }

    /// `4e1` is a number the contract reads (40) but not of the plain shape: every row is sent.
    @Test func aNumberOfAnotherShapeSendsEveryRow() async throws {
        let (_, _, judged) = try await WarehouseContractTests.runBoth(
            csv: Self.valuesCSV(oddRate: "4e1"), schema: Self.valuesSchema, table: "contract_key_values_odd")
        #expect(judged == 201)
    }
}
