import CYaml

/// Refuses YAML whose aliases expand it beyond ``limit`` nodes, before Yams composes it.
///
/// Yams keeps an alias as a shared node, so a plain alias bomb costs little to compose
/// and read; but its duplicate-key check hashes every mapping key in full, so an alias
/// used as a key (`? *a9`, `{*a9: x}`) makes composing exponential (found by
/// Fuzz/run.sh's dialect target). This walks libyaml's events once, sizing every
/// anchored node with its aliases expanded, and stops at the first place the document
/// grows past the limit. Configs, Table Schemas and dialect files all pass through it.
enum YAMLExpansion {
    /// Nodes a document may have with every alias expanded: far above any real config.
    static let limit = 1_000_000

    /// Throws a located error when `text` expands past ``limit``; syntax errors are left
    /// to the composer, which reports them.
    static func check(_ text: String, file: String, document: String) throws(DiagnosticError) {
        var bytes = Array(text.utf8)
        guard bytes.contains(UInt8(ascii: "*")) else { return }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return }
        defer { yaml_parser_delete(&parser) }
        var sizes: [String: Int] = [:]
        // Open collections: their anchor and their size so far.
        var open: [(anchor: String?, size: Int)] = []
        var total = 0
        var crossed: (line: Int, column: Int)?
        bytes.withUnsafeMutableBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var event = yaml_event_t()
            func name(_ anchor: UnsafeMutablePointer<yaml_char_t>?) -> String? {
                anchor.map { String(cString: UnsafePointer($0)) }
            }
            /// Adds a finished node of `size` to its parent (or the document).
            func add(_ size: Int) {
                if open.isEmpty { total += size } else { open[open.count - 1].size += size }
            }
            while crossed == nil, yaml_parser_parse(&parser, &event) == 1 {
                defer { yaml_event_delete(&event) }
                let mark = (line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return
                case YAML_SCALAR_EVENT:
                    if let anchor = name(event.data.scalar.anchor) { sizes[anchor] = 1 }
                    add(1)
                case YAML_ALIAS_EVENT:
                    add(name(event.data.alias.anchor).flatMap { sizes[$0] } ?? 1)
                case YAML_SEQUENCE_START_EVENT:
                    open.append((name(event.data.sequence_start.anchor), 1))
                case YAML_MAPPING_START_EVENT:
                    open.append((name(event.data.mapping_start.anchor), 1))
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    guard let closed = open.popLast() else { break }
                    if let anchor = closed.anchor { sizes[anchor] = closed.size }
                    add(closed.size)
                default:
                    break
                }
                let largest = max(total, open.map(\.size).max() ?? 0)
                if largest > limit { crossed = mark }
            }
        }
        if let crossed {
            throw DiagnosticError(
                "\(document) expands to more than \(limit) nodes through its aliases (an alias bomb?): mlgate refuses it (docs/limits.md)",
                at: SourceLocation(file: file, line: crossed.line, column: crossed.column))
        }
    }
}
