/// What ``DialectDetector`` found in a file's sample, for the reports: the properties it
/// detected that differ from the defaults, and what it could not decide.
public struct DialectDetection: Sendable, Hashable, Codable {
    /// Each detected property that differs from the default, as a reviewer reads it:
    /// `delimiter ';'`, `encoding windows-1252`, `header row 3`.
    public var detected: [String] = []
    /// What could not be decided, and what was used instead.
    public var notes: [String] = []

    /// Creates a record.
    public init(detected: [String] = [], notes: [String] = []) {
        self.detected = detected
        self.notes = notes
    }

    /// One line for a report (`delimiter ';', encoding windows-1252 (detected)`), `nil`
    /// when the file was read with the defaults and nothing was left undecided.
    public var summary: String? {
        var parts: [String] = []
        if !detected.isEmpty { parts.append(detected.joined(separator: ", ") + " (detected)") }
        parts += notes
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }
}
