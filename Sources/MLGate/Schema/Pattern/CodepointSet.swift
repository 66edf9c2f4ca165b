/// A set of Unicode code points, as sorted disjoint ranges: what one position of an XML
/// Schema regular expression accepts (a literal, a class, `.`, a multi-character escape).
struct CodepointSet: Sendable, Hashable {
    /// The largest code point.
    static let maximum: UInt32 = 0x10FFFF

    /// Sorted, disjoint and not adjacent.
    private(set) var ranges: [ClosedRange<UInt32>]
    /// Whether the non-ASCII members come from Unicode's tables (`\d \D \w \W`, and
    /// classes holding them): only the ASCII members in `ranges` are then exact, and a
    /// non-ASCII character read here leaves the cell to libxml2.
    var nonASCIIFromTables = false

    static let empty = CodepointSet(ranges: [])
    static let all = CodepointSet(ranges: [0...maximum])

    private init(ranges: [ClosedRange<UInt32>]) {
        self.ranges = ranges
    }

    /// The one code point `scalar`.
    init(_ scalar: Unicode.Scalar) {
        ranges = [scalar.value...scalar.value]
    }

    /// The code points `range`.
    init(_ range: ClosedRange<UInt32>) {
        ranges = [range]
    }

    /// The ASCII code points whose flag in `members` (indexed by code point) is set.
    init(asciiMembers members: [Bool]) {
        var set = CodepointSet.empty
        for code in members.indices where members[code] { set.formUnion(CodepointSet(UInt32(code)...UInt32(code))) }
        self = set
    }

    var isEmpty: Bool { ranges.isEmpty }

    func contains(_ code: UInt32) -> Bool {
        ranges.contains { $0.contains(code) }
    }

    /// Adds the code points of `other`.
    mutating func formUnion(_ other: CodepointSet) {
        nonASCIIFromTables = nonASCIIFromTables || other.nonASCIIFromTables
        guard !other.ranges.isEmpty else { return }
        let sorted = (ranges + other.ranges).sorted { $0.lowerBound < $1.lowerBound }
        var merged: [ClosedRange<UInt32>] = []
        for range in sorted {
            if let last = merged.last, range.lowerBound <= last.upperBound &+ 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        ranges = merged
    }

    /// Every code point not in the set.
    func inverted() -> CodepointSet {
        var result: [ClosedRange<UInt32>] = []
        var next: UInt32 = 0
        for range in ranges {
            if range.lowerBound > next { result.append(next...range.lowerBound - 1) }
            next = range.upperBound &+ 1
        }
        if next <= Self.maximum { result.append(next...Self.maximum) }
        var inverted = CodepointSet(ranges: result)
        inverted.nonASCIIFromTables = nonASCIIFromTables
        return inverted
    }

    /// The set restricted to ASCII.
    var asciiPart: CodepointSet {
        CodepointSet(ranges: ranges.compactMap { $0.lowerBound <= 0x7F ? $0.lowerBound...min($0.upperBound, 0x7F) : nil })
    }
}
