import Foundation
import Testing

@testable import MLGate

/// Dates, datetimes and times of a `format` (``PlainMomentLayout``), drawn at random
/// around their shapes' edges: days 0–32 of every month, months 0–13 and their
/// abbreviations in any case (and a misspelt one), two-digit years on both sides of
/// Python's 68/69 pivot, hours to 25 and minutes to 61, twelve-hour clocks from 0 to 13
/// with AM and PM in any case (and a misspelt one), weekdays in any case whatever the
/// date (and a misspelt one), full month and weekday names likewise, days of the year 0–367
/// of leap and common years (and of years 0000 and 9999), fractions of a second of one to
/// seven digits (and at a maximum's second), UTC offsets of every form `%z` reads or
/// refuses (`Z` and `z`, with and without colons, seconds and fractions, hours to 24 and
/// minutes to 60, colons used inconsistently, one-digit hours, none), now and then a
/// one-digit field or a doubled space. Whatever the server clears or sends, the report must be the file
/// mode's: a cell it cleared wrongly would lose an error, one it sent is judged by the
/// validator as in file mode.
@Suite struct WarehouseMomentFormatsTests {
    static let schema = #"""
        {
          "fields": [
            {"name": "id", "type": "integer"},
            {"name": "dmy", "type": "date", "format": "%d/%m/%Y", "constraints": {"minimum": "01/03/1990", "maximum": "28/02/2030"}},
            {"name": "mon", "type": "date", "format": "%d-%b-%y", "constraints": {"minimum": "01-Jan-75", "maximum": "31-Dec-25"}},
            {"name": "hm", "type": "time", "format": "%H:%M", "constraints": {"minimum": "06:30", "maximum": "21:59"}},
            {"name": "iso", "type": "datetime", "format": "%Y-%m-%dT%H:%M:%SZ", "constraints": {"maximum": "2024-06-30T12:00:00Z"}},
            {"name": "stamp", "type": "datetime", "format": "%d.%m.%y %H:%M", "constraints": {"minimum": "01.01.70 00:00"}},
            {"name": "twelve", "type": "time", "format": "%I:%M %p", "constraints": {"minimum": "06:30 AM", "maximum": "09:59 PM"}},
            {"name": "wk", "type": "date", "format": "%a %d %b %Y", "constraints": {"minimum": "Thu 01 Mar 1990"}},
            {"name": "long", "type": "date", "format": "%A, %d %B %Y", "constraints": {"minimum": "Thursday, 01 March 1990", "maximum": "Monday, 31 December 2029"}},
            {"name": "doy", "type": "date", "format": "%Y-%j", "constraints": {"minimum": "1990-060", "maximum": "2030-059"}},
            {"name": "frac", "type": "time", "format": "%H:%M:%S.%f", "constraints": {"minimum": "06:30:00.0", "maximum": "21:59:59.000"}},
            {"name": "stampf", "type": "datetime", "format": "%d/%m/%Y %H:%M:%S.%f", "constraints": {"maximum": "30/06/2024 12:00:00.000000"}},
            {"name": "zoned", "type": "datetime", "format": "%Y-%m-%dT%H:%M:%S%z"},
            {"name": "zonedf", "type": "time", "format": "%H:%M:%S.%f%z"},
            {"name": "zday", "type": "date", "format": "%d/%m/%Y %z", "constraints": {"minimum": "01/03/1990 +0000"}}
          ],
          "primaryKey": ["id"]
        }
        """#

    /// `rows` rows, each with one random cell, seeded.
    static func csv(rows: Int, seed: UInt64) -> String {
        var random = SplitMix64(seed: seed)
        func draw(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(random.next() % UInt64(range.count)) }
        // Two digits, now and then one.
        func two(_ value: Int) -> String { value < 10 && draw(0...9) > 0 ? "0\(value)" : "\(value)" }
        let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "jnu"]
        func month() -> String {
            let name = months[draw(0...12)]
            return String(name.map { draw(0...2) == 0 ? Character($0.uppercased()) : $0 })
        }
        func space() -> String { draw(0...19) == 0 ? "  " : " " }
        let meridians = ["AM", "PM", "am", "pm", "Pm", "aM", "XM"]
        let weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun", "mnd"]
        func weekday() -> String {
            String(weekdays[draw(0...7)].map { draw(0...2) == 0 ? Character($0.uppercased()) : $0 })
        }
        let monthNames = PlainMomentLayout.monthNames + ["jnuary"]
        let weekdayNames = PlainMomentLayout.weekdayNames + ["mondy"]
        func anyCase(_ name: String) -> String {
            String(name.map { draw(0...2) == 0 ? Character($0.uppercased()) : $0 })
        }
        // Three digits, now and then one or two.
        func three(_ value: Int) -> String { draw(0...9) > 0 ? String("00\(value)".suffix(3)) : "\(value)" }
        // Leap years, their neighbours and the calendar's ends.
        func year() -> String { ["1988", "1990", "2000", "2023", "2024", "2029", "2030", "2100", "0000", "9999"][draw(0...9)] }
        // One to seven digits.
        func fraction() -> String { String((0..<draw(1...7)).map { _ in Character(String(draw(0...9))) }) }
        let zones = [
            "Z", "z", "+01:00", "+0100", "-05:30", "+2400", "+23:59", "-23:59:59", "+01:0030", "+0100:30", "+01:00:30.5", "+010030.123456",
            "+01:00:30.1234567", "+1:00", "+01:60", "", "+00:00", "-0000", "+01:00:", "UTC", "+01:00:30.", "+24:00", "-2359",
        ]
        func zone() -> String { zones[draw(0...(zones.count - 1))] }
        return WarehouseContractTests.oneRandomCellARow(
            header: ["dmy", "mon", "hm", "iso", "stamp", "twelve", "wk", "long", "doy", "frac", "stampf", "zoned", "zonedf", "zday"],
            plain: [
                "15/06/2022", "15-Jun-22", "12:00", "2022-06-15T10:00:00Z", "15.06.22 10:00", "02:30 PM", "Wed 15 Jun 2022",
                "Wednesday, 15 June 2022", "2022-166", "14:30:00.250", "15/06/2022 10:00:00.5", "2022-06-15T10:00:00+02:00",
                "14:30:00.250-0500", "15/06/2022 +0100",
            ], rows: rows
        ) { column in
            let dmy = "\(two(draw(0...32)))/\(two(draw(0...13)))/\(draw(1985...2035))"
            let mon = "\(two(draw(0...32)))-\(month())-\(two(draw(0...99)))"
            let hm = "\(two(draw(0...25))):\(two(draw(0...61)))"
            let iso = "\(draw(2019...2026))-\(two(draw(1...13)))-\(two(draw(1...31)))T\(two(draw(0...24))):\(two(draw(0...59))):\(two(draw(0...61)))Z"
            let stamp = "\(two(draw(1...31))).\(two(draw(1...12))).\(two(draw(0...99)))\(space())\(two(draw(0...23))):\(two(draw(0...59)))"
            // Hours 0–13 on a twelve-hour clock; any weekday, whatever the date.
            let twelve = "\(two(draw(0...13))):\(two(draw(0...61)))\(space())\(meridians[draw(0...6)])"
            let wk = "\(weekday())\(space())\(two(draw(0...32))) \(month()) \(draw(1985...2035))"
            let long = "\(anyCase(weekdayNames[draw(0...7)])),\(space())\(two(draw(0...32))) \(anyCase(monthNames[draw(0...12)])) \(year())"
            let doy = "\(year())-\(three(draw(0...367)))"
            // Now and then the maximum's second itself, with or without a fraction.
            let frac = draw(0...4) == 0 ? "21:59:59.\(fraction())" : "\(two(draw(0...24))):\(two(draw(0...60))):\(two(draw(0...61))).\(fraction())"
            let stampf = draw(0...4) == 0
                ? "30/06/2024 12:00:00.\(fraction())" : "\(two(draw(1...31)))/\(two(draw(1...12)))/\(year()) \(two(draw(0...23))):\(two(draw(0...59))):00.\(fraction())"
            let zoned = "\(year())-\(two(draw(1...13)))-\(two(draw(0...31)))T\(two(draw(0...24))):\(two(draw(0...59))):\(two(draw(0...60)))\(zone())"
            let zonedf = "\(two(draw(0...24))):\(two(draw(0...60))):\(two(draw(0...61))).\(fraction())\(zone())"
            let zday = "\(two(draw(0...32)))/\(two(draw(0...13)))/\(year())\(space())\(zone())"
            return [dmy, mon, hm, iso, stamp, twelve, wk, long, doy, frac, stampf, zoned, zonedf, zday][column]
        }
    }

    @Test(arguments: [1, 2])
    func randomCellsGiveTheFileModesReport(seed: UInt64) async throws {
        let (fromFile, _, judged) = try await WarehouseContractTests.runBoth(
            csv: Self.csv(rows: 3000, seed: seed), schema: Self.schema, table: "contract_moments_\(seed)")
        guard case .contract(let report)? = fromFile.gates[0].detail else { Issue.record("no contract report"); return }
        // Errors of both kinds, and rows the server cleared.
        let codes = Set(report.counts.map(\.code))
        #expect(codes.contains(.typeError) && codes.contains(.constraintError), "\(report.counts)")
        #expect((500...2500).contains(judged), "\(judged) rows judged")
    }
}
