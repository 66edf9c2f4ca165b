/// HTTP/2 header compression (RFC 7541), as much as a gRPC client needs: requests are
/// encoded as literals without indexing (no Huffman, no dynamic table: always valid, and
/// no state to keep in step); answers are decoded in full (indexed fields, the dynamic
/// table and its size updates, Huffman strings), since a server uses all of them.
///
/// It reads untrusted bytes: every length is checked and the table is bounded, so that
/// a malformed header block is an ``HPACK/DecodeError``, never a crash.
enum HPACK {
    /// Why a header block could not be decoded.
    struct DecodeError: Error, Sendable, Equatable {
        var message: String
    }

    /// The request headers that hold nothing secret.
    static let plainHeaders: Set<String> = ["content-type", "te", "user-agent", "x-spark-connect-user-agent"]

    /// Header fields as a literal block: each name and value written as is.
    static func encode(_ fields: [(name: String, value: String)]) -> [UInt8] {
        var block: [UInt8] = []
        for field in fields {
            // "Literal header field without indexing — new name" (0000 0000) for the call's
            // own headers; the token and the address's metadata (either may be a
            // credential) "never indexed" (0001 0000), so that no intermediary keeps them
            // (RFC 7541, 7.1.3).
            block.append(field.name.hasPrefix(":") || Self.plainHeaders.contains(field.name) ? 0 : 0x10)
            appendString(Array(field.name.utf8), to: &block)
            appendString(Array(field.value.utf8), to: &block)
        }
        return block
    }

    private static func appendString(_ bytes: [UInt8], to block: inout [UInt8]) {
        appendInteger(bytes.count, prefixBits: 7, flags: 0, to: &block)
        block.append(contentsOf: bytes)
    }

    /// An integer with an N-bit prefix (RFC 7541, 5.1); `flags` fills the bits above it.
    static func appendInteger(_ value: Int, prefixBits: Int, flags: UInt8, to block: inout [UInt8]) {
        let limit = (1 << prefixBits) - 1
        if value < limit {
            block.append(flags | UInt8(value))
            return
        }
        block.append(flags | UInt8(limit))
        var rest = value - limit
        while rest >= 128 {
            block.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        block.append(UInt8(rest))
    }

    /// The decoding side of one connection: its dynamic table lives as long as the connection.
    struct Decoder: Sendable {
        private var dynamic: [(name: String, value: String)] = []
        private var size = 0
        /// The table's size limit (SETTINGS_HEADER_TABLE_SIZE; 4,096 unless the client
        /// announces otherwise, which mlgate does not).
        private(set) var maximumSize = 4096
        /// The most bytes of names and values one block may decode to.
        static let maximumListBytes = 1 << 20

        init() {}

        /// The header fields of a complete header block.
        mutating func decode(_ block: [UInt8]) throws(DecodeError) -> [(name: String, value: String)] {
            var position = 0
            var fields: [(name: String, value: String)] = []
            var total = 0
            while position < block.count {
                let first = block[position]
                if first & 0x80 != 0 {
                    // Indexed header field.
                    let index = try integer(block, &position, prefixBits: 7)
                    fields.append(try entry(index))
                } else if first & 0xE0 == 0x20 {
                    // Dynamic table size update.
                    let newSize = try integer(block, &position, prefixBits: 5)
                    guard newSize <= 4096 else { throw DecodeError(message: "a table size update to \(newSize) above the 4,096 allowed") }
                    maximumSize = newSize
                    evict(toFit: 0)
                } else {
                    // A literal: with incremental indexing (01), without (0000) or never indexed (0001).
                    let indexing = first & 0xC0 == 0x40
                    let nameIndex = try integer(block, &position, prefixBits: indexing ? 6 : 4)
                    let name = nameIndex == 0 ? try string(block, &position) : try entry(nameIndex).name
                    let value = try string(block, &position)
                    if indexing { insert((name, value)) }
                    fields.append((name, value))
                }
                total += fields.last.map { $0.name.utf8.count + $0.value.utf8.count } ?? 0
                guard total <= Self.maximumListBytes else { throw DecodeError(message: "a header block decodes to more than 1 MiB") }
            }
            return fields
        }

        private func entry(_ index: Int) throws(DecodeError) -> (name: String, value: String) {
            if index >= 1, index <= HPACK.staticTable.count { return HPACK.staticTable[index - 1] }
            let dynamicIndex = index - HPACK.staticTable.count - 1
            guard dynamicIndex >= 0, dynamicIndex < dynamic.count else {
                throw DecodeError(message: "header index \(index) is not in the table (\(HPACK.staticTable.count + dynamic.count) entries)")
            }
            return dynamic[dynamicIndex]
        }

        private mutating func insert(_ field: (name: String, value: String)) {
            let entrySize = field.name.utf8.count + field.value.utf8.count + 32
            evict(toFit: entrySize)
            guard entrySize <= maximumSize else { return }
            dynamic.insert(field, at: 0)
            size += entrySize
        }

        private mutating func evict(toFit entrySize: Int) {
            while size + entrySize > maximumSize, let last = dynamic.popLast() {
                size -= last.name.utf8.count + last.value.utf8.count + 32
            }
        }

        private func integer(_ block: [UInt8], _ position: inout Int, prefixBits: Int) throws(DecodeError) -> Int {
            guard position < block.count else { throw DecodeError(message: "the header block ends inside an integer") }
            let limit = (1 << prefixBits) - 1
            var value = Int(block[position]) & limit
            position += 1
            guard value == limit else { return value }
            var shift = 0
            while true {
                guard position < block.count else { throw DecodeError(message: "the header block ends inside an integer") }
                let byte = block[position]
                position += 1
                value += Int(byte & 0x7F) << shift
                shift += 7
                guard shift <= 28 else { throw DecodeError(message: "an integer in the header block is too large") }
                if byte & 0x80 == 0 { return value }
            }
        }

        private func string(_ block: [UInt8], _ position: inout Int) throws(DecodeError) -> String {
            guard position < block.count else { throw DecodeError(message: "the header block ends inside a string") }
            let huffman = block[position] & 0x80 != 0
            let length = try integer(block, &position, prefixBits: 7)
            guard length <= block.count - position else { throw DecodeError(message: "a string of \(length) bytes runs past the header block") }
            let bytes = Array(block[position..<position + length])
            position += length
            return String(decoding: huffman ? try HPACK.huffmanDecode(bytes) : bytes, as: UTF8.self)
        }
    }

    /// The decoding tree of the Huffman code: node `n`'s children are `tree[2n]` (bit 0)
    /// and `tree[2n + 1]` (bit 1); a negative entry is the leaf of symbol `-entry - 1`.
    private static let huffmanTree: [Int32] = {
        var tree = [Int32](repeating: 0, count: 2)
        var nodes = 1
        for (symbol, (code, length)) in huffmanCodes.enumerated() {
            var node = 0
            for bit in stride(from: Int(length) - 1, through: 0, by: -1) {
                let slot = 2 * node + Int((code >> UInt32(bit)) & 1)
                if bit == 0 {
                    tree[slot] = -Int32(symbol) - 1
                } else {
                    if tree[slot] == 0 {
                        tree[slot] = Int32(nodes)
                        nodes += 1
                        tree += [0, 0]
                    }
                    node = Int(tree[slot])
                }
            }
        }
        return tree
    }()

    /// The bytes a Huffman-coded string stands for; padding must be at most 7 one bits,
    /// and the end-of-string symbol must not appear (RFC 7541, 5.2).
    static func huffmanDecode(_ bytes: [UInt8]) throws(DecodeError) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 8 / 5)
        let tree = huffmanTree
        var node = 0, depth = 0, allOnes = true
        for byte in bytes {
            for bit in stride(from: 7, through: 0, by: -1) {
                let one = (byte >> UInt8(bit)) & 1
                let next = tree[2 * node + Int(one)]
                depth += 1
                allOnes = allOnes && one == 1
                if next < 0 {
                    let symbol = Int(-next - 1)
                    guard symbol < 256 else { throw DecodeError(message: "a Huffman string holds the end-of-string symbol") }
                    output.append(UInt8(symbol))
                    node = 0
                    depth = 0
                    allOnes = true
                } else if next == 0 {
                    throw DecodeError(message: "a Huffman string holds an invalid code")
                } else {
                    node = Int(next)
                }
            }
        }
        guard depth <= 7, allOnes else { throw DecodeError(message: "a Huffman string has invalid padding") }
        return output
    }
}
