/// The common shapes an engine's regular expressions decide, in the syntax PostgreSQL's
/// and Java's engines share (ASCII only, so bytes are characters): each matches only
/// cells that mlgate's own check of the type or format accepts.
extension ContractPushdownPlan {
    /// The common shape of a string format, which the format's own check accepts
    /// (``StringFormats``): a cell of another shape is a candidate, judged by mlgate.
    enum PlainFormat: Sendable, Hashable {
        /// ``StringFormats/isPlainEmail(_:)``: an ASCII dot-atom of at most 64 bytes, `@`,
        /// and a domain of at most 253 bytes, its labels' letters, digits and inner
        /// hyphens, the last label two or more ending in a letter.
        case email
        /// A scheme and a colon (``StringFormats/isURI(_:)``, exactly).
        case uri
        /// ``StringFormats/isPlainUUID(_:)``: 32 hex digits, or 36 with the four dashes.
        case uuid
        /// ``StringFormats/isBase64(_:)`` of a cell without padding inside it or bytes
        /// outside the alphabet (which the check skips): whole groups of four, the last one
        /// padded as `xx==` or `xxx=`.
        case base64

        /// The shape as a regular expression anchored at the start and, but for `uri`,
        /// at `end` (`$` in PostgreSQL, `\z` in Java): ASCII only, so bytes are characters.
        func regex(end: String) -> String {
            switch self {
            case .email:
                let atom = "[-A-Za-z0-9!#$%&'*+/=?^_`{|}~]+"
                let label = "[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?"
                return "^\(atom)(\\.\(atom))*@(\(label)\\.)+[A-Za-z0-9][-A-Za-z0-9]{0,61}[A-Za-z]" + end
            case .uri:
                return "^[A-Za-z][-A-Za-z0-9+.]*:"
            case .uuid:
                let hex = { (count: Int) in "[0-9A-Fa-f]{\(count)}" }
                return "^(\(hex(32))|\(hex(8))-\(hex(4))-\(hex(4))-\(hex(4))-\(hex(12)))" + end
            case .base64:
                let letter = "[A-Za-z0-9+/]"
                return "^(\(letter){4})*(\(letter){2}==|\(letter){3}=)?" + end
            }
        }

        /// The lengths the shape also needs, in SQL both engines read: an e-mail's
        /// local part at most 64 bytes, its domain at most 253.
        func lengthConditions(_ x: String) -> [String] {
            guard self == .email else { return [] }
            return ["position('@' IN \(x)) <= 65", "char_length(\(x)) - position('@' IN \(x)) <= 253"]
        }
    }

    /// The regular expressions (without anchors) of the plain shapes, in the syntax
    /// PostgreSQL's and Java's engines share.
    enum PlainShape {
        /// A plain integer as the contract's integer kernel reads it (18 bytes at most).
        static let integer = "(-[0-9]{1,17}|[0-9]{1,18})"
        /// `YYYY-MM-DD` with a month 01–12 and a day 01–31 (the day's month checked apart).
        static let day = "[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
        /// `HH:MM:SS` of a day.
        static let time = "([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
        /// `YYYY-MM`.
        static let yearMonth = "[0-9]{4}-(0[1-9]|1[0-2])"
        /// An ISO 8601 duration of whole numbers in its designators' order, each of at most
        /// six digits (no sum then reaches `timedelta`'s limit), which ``DurationCast``
        /// reads; a bare `P` (which it refuses) matches too and is excluded apart.
        static let duration = "[-+]?P([0-9]{1,6}Y)?([0-9]{1,6}M)?([0-9]{1,6}W)?([0-9]{1,6}D)?(T([0-9]{1,6}H)?([0-9]{1,6}M)?([0-9]{1,6}S)?)?"
        /// A default-format `geopoint`: `lon,lat` or `lon, lat` as decimals of at most 15
        /// digits (which both engines and mlgate read as the same doubles), the bounds
        /// checked apart.
        static let geopoint = "-?[0-9]{1,3}([.][0-9]{1,12})?, ?-?[0-9]{1,2}([.][0-9]{1,13})?"
        /// A flat JSON scalar: a string of printable ASCII without `"`, `\`, `[` or `]`
        /// (so no escapes), a number without exponent of at most 15 digits on each
        /// side of the point, `true`, `false` or `null`.
        static let jsonScalar = #"("[ !#-Z^-~]*"|-?(0|[1-9][0-9]{0,14})([.][0-9]{1,15})?|true|false|null)"#
        /// A key's plain decimal: at most 15 digits on each side of the point, no sign but
        /// `-`, no exponent. Every such text is a number to the contract and to both
        /// engines, each reading it as the correctly rounded double (no overflow, no
        /// underflow).
        static let keyNumber = "-?[0-9]{1,15}(?:[.][0-9]{1,15})?"
        /// A JSON object of scalar members (keys strings as above), spaces around its
        /// tokens: what `json.loads` reads as an object (a repeated key keeps its last value).
        static let jsonObject = #"[{] *("[ !#-Z^-~]*" *: *"# + jsonScalar + #"( *, *"[ !#-Z^-~]*" *: *"# + jsonScalar + ")*)? *[}]"
        /// A JSON array of scalars, spaces around its tokens.
        static let jsonArray = #"\[ *("# + jsonScalar + " *(, *" + jsonScalar + " *)*)?" + #"\]"#
    }
}

extension ContractPushdownPlan {
    /// The items of a `list` field whose common shape an engine decides.
    enum PlainListItem: Sendable, Hashable {
        /// `integer` items: `-?[0-9]{1,18}` (Python's `int` reads any such text).
        case integer
        /// `number` items: `-?[0-9]{1,15}([.][0-9]{1,15})?` (the default number reader's).
        case number

        /// The item's shape without anchors.
        var shape: String {
            switch self {
            case .integer: "-?[0-9]{1,18}"
            case .number: "-?[0-9]{1,15}([.][0-9]{1,15})?"
            }
        }

        /// The delimiters a list's shape may use, each matched as a one-character
        /// bracket expression (the same in both engines' syntax).
        static let delimiters = Set(",;|/._-".utf8)

        /// The whole cell's shape without anchors: one item or more, `delimiter` between.
        func list(delimiter: UInt8) -> String {
            let separator = "[" + String(UnicodeScalar(delimiter)) + "]"
            return shape + "(" + separator + shape + ")*"
        }
    }
}
