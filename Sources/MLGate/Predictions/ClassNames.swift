import Foundation

/// Class names as mlgate compares and orders them.
enum ClassNames {
    /// An integral number is written without a fraction (`1.0` → `1`), so that a label
    /// file written by pandas matches a prediction column of ints.
    static func canonical(_ name: String) -> String {
        let trimmed = Self.trimmed(name)
        if trimmed.utf8.contains(UInt8(ascii: ".")), let value = Double(trimmed), value == value.rounded(),
            abs(value) < 1e15
        {
            return String(Int64(value))
        }
        return trimmed
    }

    /// Without leading and trailing spaces and tabs (fast when there are none).
    static func trimmed(_ text: String) -> String {
        let utf8 = text.utf8
        let blank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let first = utf8.first, let last = utf8.last, blank(first) || blank(last) else { return text }
        let start = utf8.firstIndex { !blank($0) } ?? utf8.endIndex
        guard start != utf8.endIndex else { return "" }
        let end = utf8.lastIndex { !blank($0) }!
        return String(text[start...end])
    }

    /// Sorted as `numpy.unique` sorts: numerically when every name is a number, else by
    /// Unicode code points.
    static func sorted(_ names: [String]) -> [String] {
        let unique = Array(Set(names))
        let numbers = unique.compactMap(Double.init)
        if numbers.count == unique.count {
            return unique.sorted { Double($0)! < Double($1)! }
        }
        return unique.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
    }

    /// The other class of a binary model that saw only one (`1` ↔ `0`, `true` ↔ `false`).
    static func complement(of name: String) -> String {
        switch name {
        case "1": "0"
        case "0": "1"
        case "true": "false"
        case "True": "False"
        default: "not \(name)"
        }
    }
}
