#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// What the automaton concluded about a cell.
enum AutomatonVerdict: Sendable, Equatable {
    case match
    case noMatch
    /// Not the automaton's to say: libxml2 decides. The cell holds a character XML does
    /// not allow (NUL, another control character than tab, line feed and carriage
    /// return, U+FFFE, U+FFFF), bytes that are not UTF-8, or a non-ASCII byte where the
    /// pattern needs Unicode's tables; or it needs a DFA state beyond the cap.
    case undecided
}

/// A matcher that may leave a cell to libxml2; the indirection lets platforms without
/// the Synchronization module (Apple OS releases before 2024) do without the automaton.
protocol CellAutomaton: AnyObject, Sendable {
    func verdict(_ bytes: UnsafeBufferPointer<UInt8>) -> AutomatonVerdict
    /// The DFA states built so far.
    var stateCount: Int { get }
}

/// A deterministic automaton over bytes, built lazily from a ``ByteNFA``: a state (a set
/// of NFA states) and its transitions are made the first time a cell needs them, then
/// kept.
///
/// The table is mapped once for the cap (anonymous zeroed pages, so untouched rows cost
/// no memory, whatever the allocator's settings) and never moves; its entries are
/// atomics. A cell that only meets built transitions reads the table with relaxed loads
/// and takes no lock; a missing entry is built under ``builder``'s lock and stored
/// atomically. Every value a reader can see is then either 0 ("not built yet": it takes
/// the lock) or a complete entry, and an entry is all a reader needs of a state, so
/// several threads may match at once.
///
/// Entry encoding: 0 not built, 1 dead (no match whatever follows), 2 undecided;
/// otherwise the offset of the next state's row (`row index * stride`, one entry per
/// byte class). Accepting states take the rows of the upper half of the table, so that
/// an entry says whether its state accepts without a bit to mask on every byte.
@available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *)
final class LazyDFA: CellAutomaton, @unchecked Sendable {
    // @unchecked: `table` and `classOf` are raw memory; `classOf` is only written in
    // init, and `table` only through atomics.
    private enum Entry {
        static let unknown: UInt32 = 0
        static let dead: UInt32 = 1
        static let undecided: UInt32 = 2
        static let firstState: UInt32 = 3
    }

    /// The most DFA states a pattern may have (half of them accepting, half not); a cell
    /// that would need another goes to libxml2.
    static let maximumStates = 10_000
    /// The most table entries (states × byte classes) a pattern may have.
    static let maximumEntries = 1 << 21

    private let table: UnsafeMutablePointer<Atomic<UInt32>>
    private let tableBytes: Int
    private let classOf: UnsafeMutablePointer<UInt8>
    private let start: UInt32
    /// The first accepting state's entry.
    private let acceptingBase: UInt32
    private let builder: Mutex<Builder>

    /// Nil when the table cannot be mapped (the pattern is then left to libxml2).
    init?(_ nfa: ByteNFA, maximumStates: Int = LazyDFA.maximumStates) {
        let classes = ByteClasses(nfa)
        let stride = classes.count
        // Rows 1...half for the states that do not accept, half + 1...2 * half for those
        // that do (row 0 unused).
        let half = max(1, min(maximumStates, Self.maximumEntries / stride - 1) / 2)
        let entries = (2 * half + 1) * stride
        tableBytes = entries * MemoryLayout<UInt32>.stride
        guard let mapped = mmap(nil, tableBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0),
              mapped != UnsafeMutableRawPointer(bitPattern: -1)
        else { return nil }
        table = mapped.bindMemory(to: Atomic<UInt32>.self, capacity: entries)
        classOf = .allocate(capacity: 256)
        classOf.initialize(from: classes.classOf, count: 256)
        acceptingBase = UInt32((half + 1) * stride)
        var builder = Builder(nfa: nfa, classes: classes, half: half)
        start = builder.entry(for: builder.closure([nfa.start]))
        self.builder = Mutex(builder)
    }

    deinit {
        munmap(table, tableBytes)
        classOf.deallocate()
    }

    var stateCount: Int { builder.withLock { $0.sets.count } }

    /// Runs the automaton over the whole of `bytes`.
    func verdict(_ bytes: UnsafeBufferPointer<UInt8>) -> AutomatonVerdict {
        var entry = start
        if entry < Entry.firstState { return entry == Entry.dead ? deadEnd(bytes) : .undecided }
        guard let base = bytes.baseAddress else { return entry >= acceptingBase ? .match : .noMatch }
        let count = bytes.count
        var high: UInt8 = 0
        var index = 0
        while index < count {
            let byte = base[index]
            let slot = Int(entry) &+ Int(classOf[Int(byte)])
            var next = table[slot].load(ordering: .relaxed)
            if next == entry {
                // A state looping on its byte: while the bytes keep it there, the row
                // does not change, so each lookup need not wait for the one before.
                high |= byte
                index &+= 1
                while index < count {
                    let byte = base[index]
                    guard table[Int(entry) &+ Int(classOf[Int(byte)])].load(ordering: .relaxed) == entry else { break }
                    high |= byte
                    index &+= 1
                }
                continue
            }
            if next < Entry.firstState {
                if next == Entry.unknown { next = build(slot, from: entry, byte: byte) }
                if next == Entry.dead { return deadEnd(bytes) }
                if next == Entry.undecided { return .undecided }
                if next == entry { continue }
            }
            high |= byte
            index &+= 1
            entry = next
        }
        if high >= 0x80, !Self.isXMLText(bytes) { return .undecided }
        return entry >= acceptingBase ? .match : .noMatch
    }

    /// No continuation matches: the cell does not, provided libxml2 reads it as the
    /// automaton does.
    private func deadEnd(_ bytes: UnsafeBufferPointer<UInt8>) -> AutomatonVerdict {
        bytes.allSatisfy({ $0 < 0x80 }) || Self.isXMLText(bytes) ? .noMatch : .undecided
    }

    /// Strictly valid UTF-8 (no surrogates, no overlong forms, nothing above U+10FFFF)
    /// without U+FFFE and U+FFFF, which XML does not allow. (The ASCII characters XML
    /// does not allow are sent to libxml2 by the table.)
    static func isXMLText(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                if encoded.count == 3, Unicode.UTF8.decode(encoded).value >= 0xFFFE { return false }
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

    /// The entry at `slot` (state `entry`, the class of `byte`), built under the lock.
    @inline(never)
    private func build(_ slot: Int, from entry: UInt32, byte: UInt8) -> UInt32 {
        builder.withLock { builder in
            let existing = table[slot].load(ordering: .relaxed)
            guard existing == Entry.unknown else { return existing }
            let next = builder.transition(from: entry, byteClass: Int(classOf[Int(byte)]))
            table[slot].store(next, ordering: .relaxed)
            return next
        }
    }

    /// The subset construction's state, only touched under the lock.
    private struct Builder {
        let nfa: [ByteNFA.State]
        let representatives: [UInt8]
        /// The rows for each kind of state (accepting or not).
        let half: Int
        let stride: Int
        /// The NFA states of each DFA state, by entry.
        var sets: [UInt32: [Int32]] = [:]
        var entries: [[Int32]: UInt32] = [:]
        /// The rows taken by states that do not accept, and by those that do.
        private var rejecting = 0, accepting = 0
        private var marks: [UInt32]
        private var generation: UInt32 = 0
        private var stack: [Int32] = []

        init(nfa: ByteNFA, classes: ByteClasses, half: Int) {
            self.nfa = nfa.states
            representatives = classes.representatives
            self.half = half
            stride = classes.count
            marks = [UInt32](repeating: 0, count: nfa.states.count)
        }

        /// The states reachable from `seeds` without reading: the byte readers and the
        /// match state, sorted.
        mutating func closure(_ seeds: [Int32]) -> [Int32] {
            generation &+= 1
            if generation == 0 {
                marks = [UInt32](repeating: 0, count: marks.count)
                generation = 1
            }
            var result: [Int32] = []
            stack.append(contentsOf: seeds)
            while let state = stack.popLast() {
                guard marks[Int(state)] != generation else { continue }
                marks[Int(state)] = generation
                switch nfa[Int(state)] {
                case .fork(let targets): stack.append(contentsOf: targets)
                case .byteRange, .match, .undecided: result.append(state)
                }
            }
            result.sort()
            return result
        }

        /// The entry of the DFA state `set`, made if new.
        mutating func entry(for set: [Int32]) -> UInt32 {
            if set.isEmpty { return Entry.dead }
            // Sorted: the match and undecided states come first.
            if set.prefix(2).contains(ByteNFA.undecidedState) { return Entry.undecided }
            if let entry = entries[set] { return entry }
            let row: Int
            if set[0] == ByteNFA.matchState {
                guard accepting < half else { return Entry.undecided }
                accepting += 1
                row = half + accepting
            } else {
                guard rejecting < half else { return Entry.undecided }
                rejecting += 1
                row = rejecting
            }
            let entry = UInt32(row * stride)
            sets[entry] = set
            entries[set] = entry
            return entry
        }

        /// Whether an ASCII byte is a character XML allows (libxml2 fails a cell holding
        /// any other: a NUL ends its C string, a control character is an error).
        static func isXMLCharacter(_ byte: UInt8) -> Bool {
            byte >= 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
        }

        /// The entry reached from the state `entry` on a byte of `byteClass`.
        mutating func transition(from entry: UInt32, byteClass: Int) -> UInt32 {
            let byte = representatives[byteClass]
            if !Self.isXMLCharacter(byte) { return Entry.undecided }
            var seeds: [Int32] = []
            for state in sets[entry]! {
                if case .byteRange(let low, let high, let next) = nfa[Int(state)], low <= byte, byte <= high {
                    seeds.append(next)
                }
            }
            return self.entry(for: closure(seeds))
        }
    }
}
