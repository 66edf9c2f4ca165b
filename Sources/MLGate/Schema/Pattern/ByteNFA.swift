/// A Thompson automaton over UTF-8 bytes, compiled from a ``PatternNode``: each class
/// becomes byte-range sequences (``UTF8Sequences``), each quantifier copies or loops.
///
/// The lazy DFA (``LazyDFA``) is built from it by subset construction.
struct ByteNFA: Sendable {
    /// One state of the automaton.
    enum State: Sendable {
        /// Reads one byte in `low...high`, then goes to `next`.
        case byteRange(low: UInt8, high: UInt8, next: Int32)
        /// Goes to any of the targets without reading (none: a dead end).
        case fork([Int32])
        /// The whole input matched.
        case match
        /// A non-ASCII character where the pattern's class takes its non-ASCII members
        /// from Unicode's tables: libxml2 must decide the cell.
        case undecided
    }

    /// Patterns whose automaton (counted repetitions expanded) would be larger are left
    /// to libxml2.
    static let maximumStates = 10_000

    /// The states; ``matchState`` and ``undecidedState`` are first.
    let states: [State]
    /// Where matching starts.
    let start: Int32
    /// The index of the one `.match` state.
    static let matchState: Int32 = 0
    /// The index of the one `.undecided` state.
    static let undecidedState: Int32 = 1

    /// Compiles `node`.
    init(_ node: PatternNode, maximumStates: Int = ByteNFA.maximumStates) throws(UnsupportedPattern) {
        var compiler = Compiler(limit: maximumStates)
        start = try compiler.compile(node, next: Self.matchState)
        states = compiler.states
    }

    /// Builds the states back to front: each node is compiled knowing where it goes next.
    private struct Compiler {
        let limit: Int
        var states: [State] = [.match, .undecided]

        private struct Step: Hashable {
            let low: UInt8, high: UInt8, next: Int32
        }

        mutating func add(_ state: State) throws(UnsupportedPattern) -> Int32 {
            guard states.count < limit else {
                throw UnsupportedPattern(reason: "an automaton of more than \(limit) states (counted repetitions expanded)")
            }
            states.append(state)
            return Int32(states.count - 1)
        }

        mutating func compile(_ node: PatternNode, next: Int32) throws(UnsupportedPattern) -> Int32 {
            switch node {
            case .set(let set):
                guard set.nonASCIIFromTables else { return try compile(set, next: next) }
                // The exact ASCII members, and any non-ASCII lead byte to libxml2.
                let ascii = try compile(set.asciiPart, next: next)
                let other = try add(.byteRange(low: 0x80, high: 0xFF, next: ByteNFA.undecidedState))
                return try add(.fork([ascii, other]))
            case .sequence(let parts):
                var target = next
                for part in parts.reversed() { target = try compile(part, next: target) }
                return target
            case .alternation(let branches):
                var starts: [Int32] = []
                for branch in branches { starts.append(try compile(branch, next: next)) }
                return try add(.fork(starts))
            case .repetition(let body, let min, let max):
                var tail = next
                if let max {
                    // x{n,m}: the m - n optional copies nested, (x(x)?)?, then n copies.
                    for _ in 0..<(max - min) {
                        let copy = try compile(body, next: tail)
                        tail = try add(.fork([copy, next]))
                    }
                } else {
                    let loop = try add(.fork([]))
                    let copy = try compile(body, next: loop)
                    states[Int(loop)] = .fork([copy, next])
                    tail = loop
                }
                for _ in 0..<min { tail = try compile(body, next: tail) }
                return tail
            }
        }

        /// One character of `set`: its UTF-8 sequences, sharing their common tails.
        mutating func compile(_ set: CodepointSet, next: Int32) throws(UnsupportedPattern) -> Int32 {
            var shared: [Step: Int32] = [:]
            var starts: [Int32] = []
            for range in set.ranges {
                for sequence in UTF8Sequences.sequences(for: range) {
                    var target = next
                    for bytes in sequence.reversed() {
                        let step = Step(low: bytes.lowerBound, high: bytes.upperBound, next: target)
                        if let state = shared[step] {
                            target = state
                        } else {
                            target = try add(.byteRange(low: step.low, high: step.high, next: target))
                            shared[step] = target
                        }
                    }
                    if !starts.contains(target) { starts.append(target) }
                }
            }
            return starts.count == 1 ? starts[0] : try add(.fork(starts))
        }
    }
}
