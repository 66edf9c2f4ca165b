import Foundation

/// The text of Arrow times and timestamps, as pandas writes them (docs/parquet.md):
/// Arrow adds seconds as a unit, and time zones by name or offset, to what Parquet has.
enum ArrowText {
    /// Appends a time of day given in `unit`s since midnight as `HH:MM:SS[.fraction]`.
    static func appendTime(_ value: Int64, unit: ArrowTimeUnit, to text: inout [UInt8]) {
        let (parquetValue, parquetUnit) = parquet(value, unit)
        ParquetText.appendTime(parquetValue, unit: parquetUnit, to: &text)
    }

    /// Appends an instant given in `unit`s since the epoch as pandas prints it: the wall
    /// time `YYYY-MM-DD HH:MM:SS[.fraction]`, and for a zoned timestamp the zone's
    /// local time followed by its offset (`+00:00` for UTC).
    static func appendTimestamp(_ value: Int64, unit: ArrowTimeUnit, timezone: String?, to text: inout [UInt8]) {
        let (instant, parquetUnit) = parquet(value, unit)
        guard let timezone else {
            ParquetText.appendTimestamp(instant, unit: parquetUnit, utc: false, to: &text)
            return
        }
        let seconds = ParquetText.floorDivide(instant, parquetUnit.perSecond)
        let offset = offsetSeconds(timezone, at: seconds) ?? 0
        let (local, overflow) = instant.addingReportingOverflow(Int64(offset) * parquetUnit.perSecond)
        ParquetText.appendTimestamp(overflow ? instant : local, unit: parquetUnit, utc: false, to: &text)
        text.append(UInt8(ascii: offset < 0 ? "-" : "+"))
        ParquetText.appendPadded(abs(offset) / 3600, width: 2, to: &text)
        text.append(UInt8(ascii: ":"))
        ParquetText.appendPadded(abs(offset) / 60 % 60, width: 2, to: &text)
    }

    /// The offset from UTC of the zone `timezone` (an IANA name such as `Europe/Paris`
    /// or `UTC`, or a fixed offset `+HH:MM`) at `seconds` after the epoch; nil for a zone
    /// this machine does not know.
    static func offsetSeconds(_ timezone: String, at seconds: Int64) -> Int? {
        let bytes = Array(timezone.utf8)
        if bytes.count == 6, bytes[0] == UInt8(ascii: "+") || bytes[0] == UInt8(ascii: "-"), bytes[3] == UInt8(ascii: ":"),
            let hours = Int(String(decoding: bytes[1..<3], as: UTF8.self)),
            let minutes = Int(String(decoding: bytes[4..<6], as: UTF8.self)), hours < 24, minutes < 60
        {
            return (bytes[0] == UInt8(ascii: "-") ? -1 : 1) * (hours * 3600 + minutes * 60)
        }
        if ["UTC", "Etc/UTC", "Z", "GMT", "Etc/GMT"].contains(timezone) { return 0 }
        guard let zone = TimeZone(identifier: timezone) else { return nil }
        return zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds)))
    }

    /// The value in a unit Parquet's text rules know (seconds become milliseconds).
    private static func parquet(_ value: Int64, _ unit: ArrowTimeUnit) -> (Int64, ParquetTimeUnit) {
        switch unit {
        case .second:
            let (millis, overflow) = value.multipliedReportingOverflow(by: 1000)
            return (overflow ? (value < 0 ? .min : .max) : millis, .millis)
        case .millisecond: return (value, .millis)
        case .microsecond: return (value, .micros)
        case .nanosecond: return (value, .nanos)
        }
    }
}
