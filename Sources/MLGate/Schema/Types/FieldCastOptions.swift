/// Options of a field that change how its cells read (Table Schema names).
///
/// Defaults are frictionless-py's (frictionless/settings.py `DEFAULT_*`).
public struct FieldCastOptions: Sendable, Hashable {
    /// `decimalChar` of a number field: the character(s) that stand for the decimal point.
    public var decimalChar = "."
    /// `groupChar` of a number field: the character(s) removed as thousands separators.
    public var groupChar: String? = nil
    /// `bareNumber` of a number or integer field: when false, leading and trailing
    /// non-digits (currency signs, `%`) are dropped before reading.
    public var bareNumber = true
    /// `trueValues` of a boolean field: cells read as true (exact, case-sensitive).
    public var trueValues = ["true", "True", "TRUE", "1"]
    /// `falseValues` of a boolean field: cells read as false; wins over `trueValues`.
    public var falseValues = ["false", "False", "FALSE", "0"]
    /// `delimiter` of a list field.
    public var listDelimiter = ","
    /// `itemType` of a list field; `nil` reads items as strings.
    public var listItemType: FieldType? = nil

    /// The defaults.
    public init() {}
}
