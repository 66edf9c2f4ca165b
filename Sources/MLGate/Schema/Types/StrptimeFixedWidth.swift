/// The common `strptime` pattern read in one pass: only `%Y %m %d %H %M %S` and literals,
/// and a cell of the fixed width where every directive has all its digits (`2024`,
/// `05`) and each whitespace of the pattern (`\s+`) is one space.
///
/// Python's regular expression tries each directive's two-digit alternatives before the
/// one-digit ones, so on such a cell, with each two-digit value in its directive's range
/// (`%d` 01–31, `%m` 01–12, `%H` 00–23, `%M` 00–59, `%S` 00–61), its first match takes
/// every directive's digits as here. Any other cell (`5/1/2010`, `13/01/2010`) is not
/// read here: ``StrptimePattern``'s matcher reads it, backtracking as Python does.
struct StrptimeFixedWidth: Sendable {
    private enum Part: Sendable {
        case literal([UInt8])
        case field(directive: UInt8, width: Int)
    }

    private let parts: [Part]
    /// The cell's length.
    private let width: Int

    /// Nil when the pattern has another directive.
    init?(_ tokens: [StrptimePattern.Token]) {
        var parts: [Part] = []
        var width = 0
        for token in tokens {
            switch token {
            case .space:
                // `\s+` before a digit or a literal that is not whitespace: one space
                // in the cell is all it can match.
                parts.append(.literal([UInt8(ascii: " ")]))
                width += 1
            case .literal(let bytes):
                parts.append(.literal(bytes))
                width += bytes.count
            case .directive(let directive):
                guard Array("YmdHMS".utf8).contains(directive) else { return nil }
                let digits = directive == UInt8(ascii: "Y") ? 4 : 2
                parts.append(.field(directive: directive, width: digits))
                width += digits
            }
        }
        self.parts = parts
        self.width = width
    }

    /// The captures of a cell of the fixed shape, or nil when it is not one (the general
    /// matcher then decides).
    @inline(__always)
    func captures(_ bytes: UnsafeBufferPointer<UInt8>) -> StrptimePattern.Captures? {
        guard bytes.count == width else { return nil }
        var captures = StrptimePattern.Captures()
        var index = 0
        for part in parts {
            switch part {
            case .literal(let literal):
                // Literals are held lowercased; an uppercase cell goes to the matcher.
                for byte in literal {
                    guard bytes[index] == byte else { return nil }
                    index += 1
                }
            case .field(let directive, let digits):
                var value = 0
                for _ in 0..<digits {
                    let digit = bytes[index] &- 48
                    guard digit < 10 else { return nil }
                    value = value * 10 + Int(digit)
                    index += 1
                }
                switch directive {
                case UInt8(ascii: "Y"): captures.year4 = value
                case UInt8(ascii: "m"): guard value >= 1, value <= 12 else { return nil }; captures.month = value
                case UInt8(ascii: "d"): guard value >= 1, value <= 31 else { return nil }; captures.day = value
                case UInt8(ascii: "H"): guard value <= 23 else { return nil }; captures.hour24 = value
                case UInt8(ascii: "M"): guard value <= 59 else { return nil }; captures.minute = value
                default: guard value <= 61 else { return nil }; captures.second = value
                }
            }
        }
        return captures
    }
}
