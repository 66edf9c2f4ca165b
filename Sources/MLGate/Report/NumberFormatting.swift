import Foundation

/// Numbers as reports write them.
enum NumberFormatting {
    /// Seconds in fixed notation with three decimals ("0.001", never "1e-05"), as XML
    /// Schema's `xs:decimal` (and so the JUnit XSD) requires.
    static func seconds(_ value: Double) -> String {
        String(format: "%.3f", max(0, value.isFinite ? value : 0))
    }

    /// A measured value: whole numbers without a decimal point, others in their
    /// shortest exact form.
    static func value(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// A statistic in a message: four decimals; tiny values (p-values) with three
    /// significant digits, so that 3e-12 does not read as 0.
    static func fixed(_ value: Double) -> String {
        if value.isNaN { return "undefined" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        if abs(value) < 1e-4 { return String(format: "%.3g", value) }
        return String(format: "%.4f", value)
    }

    /// An ISO 8601 timestamp in UTC without a zone designator
    /// (`2026-11-23T10:30:00`), the form JUnit consumers expect.
    static func timestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d", parts.year!, parts.month!, parts.day!, parts.hour!,
            parts.minute!, parts.second!)
    }
}
