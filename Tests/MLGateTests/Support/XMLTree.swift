import CLibXML2
import Foundation

/// A parsed XML element, for asserting on rendered JUnit. Tests read XML back with
/// libxml2's parser (not the renderer's writer), so a malformed document fails here.
struct XMLElement: Equatable {
    var name: String
    var attributes: [String: String]
    var children: [XMLElement]
    /// The concatenated text content of this element (not of its children).
    var text: String

    subscript(_ attribute: String) -> String? { attributes[attribute] }

    func children(_ name: String) -> [XMLElement] { children.filter { $0.name == name } }

    func child(_ name: String) -> XMLElement? { children.first { $0.name == name } }

    /// Parses a document; `nil` if libxml2 rejects it.
    static func parse(_ data: Data) -> XMLElement? {
        let document = data.withUnsafeBytes { buffer in
            xmlReadMemory(
                buffer.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(buffer.count), "report.xml", nil,
                Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue))
        }
        guard let document else { return nil }
        defer { xmlFreeDoc(document) }
        guard let root = xmlDocGetRootElement(document) else { return nil }
        return element(root)
    }

    private static func element(_ node: xmlNodePtr) -> XMLElement {
        var attributes: [String: String] = [:]
        var attribute = node.pointee.properties
        while let current = attribute {
            let name = String(cString: current.pointee.name)
            if let value = xmlGetProp(node, current.pointee.name) {
                attributes[name] = String(cString: value)
                free(value)  // xmlFree is the C allocator's free unless an application replaces it
            }
            attribute = current.pointee.next
        }
        var children: [XMLElement] = []
        var text = ""
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_ELEMENT_NODE: children.append(element(current))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content { text += String(cString: content) }
            default: break
            }
            child = current.pointee.next
        }
        return XMLElement(
            name: String(cString: node.pointee.name), attributes: attributes, children: children,
            text: text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? "" : text)
    }

    /// Validates a document against an XSD; returns libxml2's messages (empty = valid).
    static func validate(_ data: Data, schema: URL) -> [String] {
        guard let parserContext = xmlSchemaNewParserCtxt(schema.path) else { return ["cannot load \(schema.path)"] }
        defer { xmlSchemaFreeParserCtxt(parserContext) }
        guard let parsedSchema = xmlSchemaParse(parserContext) else { return ["cannot parse \(schema.path)"] }
        defer { xmlSchemaFree(parsedSchema) }
        guard let validation = xmlSchemaNewValidCtxt(parsedSchema) else { return ["cannot create validator"] }
        defer { xmlSchemaFreeValidCtxt(validation) }
        let collector = ErrorCollector()
        let unmanaged = Unmanaged.passRetained(collector)
        defer { unmanaged.release() }
        xmlSchemaSetValidStructuredErrors(
            validation,
            { context, error in
                guard let context, let error else { return }
                let collector = Unmanaged<ErrorCollector>.fromOpaque(context).takeUnretainedValue()
                let message = error.pointee.message.map { String(cString: $0) } ?? "unknown error"
                collector.messages.append("line \(error.pointee.line): \(message.trimmingCharacters(in: .whitespacesAndNewlines))")
            }, unmanaged.toOpaque())
        let document = data.withUnsafeBytes { buffer in
            xmlReadMemory(
                buffer.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(buffer.count), "report.xml", nil,
                Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue))
        }
        guard let document else { return ["not well-formed XML"] }
        defer { xmlFreeDoc(document) }
        let result = xmlSchemaValidateDoc(validation, document)
        if result != 0, collector.messages.isEmpty { collector.messages.append("invalid (code \(result))") }
        return collector.messages
    }

    private final class ErrorCollector {
        var messages: [String] = []
    }
}
