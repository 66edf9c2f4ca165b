/// Small integer codes, one a row (a class, a slice's value): a byte a row while every
/// code fits in one, four bytes a row once one does not. A million rows of a column with
/// a few distinct values take 1 MB, not 4.
struct NarrowCodes: Sendable {
    /// The codes while every one fits in a byte.
    private var narrow: [UInt8] = []
    /// The codes once one does not (``isWide``).
    private var wide: [UInt32] = []
    /// Whether the codes are ``wide``.
    private(set) var isWide = false

    /// No codes.
    init() {}

    /// The number of rows.
    var count: Int { isWide ? wide.count : narrow.count }

    /// Row `row`'s code.
    @inline(__always)
    subscript(row: Int) -> UInt32 { isWide ? wide[row] : UInt32(narrow[row]) }

    /// Appends a row's code, widening the codes when it does not fit in a byte.
    @inline(__always)
    mutating func append(_ code: UInt32) {
        if !isWide, code <= UInt32(UInt8.max) {
            narrow.append(UInt8(code))
        } else {
            if !isWide { widen() }
            wide.append(code)
        }
    }

    /// The codes no longer fit in a byte: four bytes a row from now on.
    private mutating func widen() {
        wide.reserveCapacity(max(narrow.capacity, narrow.count + 1))
        wide.append(contentsOf: narrow.lazy.map(UInt32.init))
        narrow = []
        isWide = true
    }

    /// Reserves room for this many rows.
    mutating func reserveCapacity(_ rows: Int) {
        if isWide { wide.reserveCapacity(rows) } else { narrow.reserveCapacity(rows) }
    }

    /// Removes the last `rows` codes.
    mutating func removeLast(_ rows: Int) {
        if isWide { wide.removeLast(rows) } else { narrow.removeLast(rows) }
    }

    /// Appends the codes of a later part, each mapped through `remap` (`nil`: as they are).
    mutating func append(contentsOf later: NarrowCodes, remap: [UInt32]?) {
        let largest = remap.map { $0.max() ?? 0 } ?? (later.isWide ? UInt32.max : UInt32(UInt8.max))
        if !isWide, !later.isWide, largest <= UInt32(UInt8.max) {
            if let remap {
                narrow += later.narrow.lazy.map { UInt8(remap[Int($0)]) }
            } else {
                narrow += later.narrow
            }
            return
        }
        if !isWide { widen() }
        wide.reserveCapacity(wide.count + later.count)
        for row in 0..<later.count { wide.append(remap.map { $0[Int(later[row])] } ?? later[row]) }
    }

    /// Every row's code, four bytes each.
    var uint32s: [UInt32] { isWide ? wide : narrow.map(UInt32.init) }

    /// Folds every row's code into `combined` as a mixed-radix digit:
    /// `combined[row] = combined[row] × radix + code(row)`.
    func accumulate(into combined: inout [UInt32], radix: UInt32) {
        precondition(combined.count == count, "a combination per row")
        combined.withUnsafeMutableBufferPointer { combined in
            if isWide {
                wide.withUnsafeBufferPointer { codes in
                    for row in codes.indices { combined[row] = combined[row] &* radix &+ codes[row] }
                }
            } else {
                narrow.withUnsafeBufferPointer { codes in
                    for row in codes.indices { combined[row] = combined[row] &* radix &+ UInt32(codes[row]) }
                }
            }
        }
    }

    /// Every row's code mapped through `remap` (`nil`: as it is), as `Int32`.
    /// Made on every core (``ParallelMap``).
    func int32s(remap: [Int32]? = nil) -> [Int32] {
        let wide = self.wide, narrow = self.narrow, isWide = self.isWide
        return ParallelMap.array(count: count) { range, target in
            switch (isWide, remap) {
            case (true, let remap?): Self.fill(target, range, from: wide) { remap[Int($0)] }
            case (false, let remap?): Self.fill(target, range, from: narrow) { remap[Int($0)] }
            case (true, nil): Self.fill(target, range, from: wide) { Int32(bitPattern: $0) }
            case (false, nil): Self.fill(target, range, from: narrow) { Int32($0) }
            }
        }
    }

    /// Initializes `target[i]` to `code(codes[i])` for each `i` in `range`.
    @inline(__always)
    private static func fill<Code>(
        _ target: UnsafeMutablePointer<Int32>, _ range: Range<Int>, from codes: [Code], _ code: (Code) -> Int32
    ) {
        codes.withUnsafeBufferPointer { codes in
            for index in range { (target + index).initialize(to: code(codes[index])) }
        }
    }
}
