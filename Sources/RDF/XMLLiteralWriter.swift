/// Serialises the content of an `rdf:parseType="Literal"` property element
/// as the lexical form of an `rdf:XMLLiteral`, following Exclusive XML
/// Canonicalization (without comments): namespace declarations appear on the
/// outermost element that visibly uses them, attributes are sorted, empty
/// elements are written as start/end tag pairs and text is escaped.
struct XMLLiteralWriter {
    private(set) var bytes: [UInt8] = []
    /// Namespace bindings rendered on each open literal element (prefix → URI).
    private var rendered: [[(prefix: String, uri: String)]] = []

    var isEmpty: Bool { bytes.isEmpty && rendered.isEmpty }

    mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        rendered.removeAll(keepingCapacity: true)
    }

    /// The namespace URI currently rendered for `prefix` ("" for none).
    private func renderedURI(for prefix: String) -> String {
        for level in rendered.reversed() {
            for b in level where b.prefix == prefix { return b.uri }
        }
        return ""
    }

    /// An attribute of a literal element.
    struct Attribute {
        var prefix: String?
        var uri: String?
        var localName: String
        var value: String
    }

    mutating func startElement(prefix: String?, uri: String?, localName: String, attributes: [Attribute]) {
        var needed: [(prefix: String, uri: String)] = []
        func need(_ p: String, _ u: String) {
            if renderedURI(for: p) != u && !needed.contains(where: { $0.prefix == p }) {
                needed.append((p, u))
            }
        }
        need(prefix ?? "", uri ?? "")
        for a in attributes {
            if let p = a.prefix, let u = a.uri { need(p, u) }
        }
        needed.sort { $0.prefix < $1.prefix }
        append("<")
        if let p = prefix { append(p); append(":") }
        append(localName)
        for ns in needed {
            if ns.prefix.isEmpty { append(" xmlns=\"") } else { append(" xmlns:"); append(ns.prefix); append("=\"") }
            appendEscaped(ns.uri, attribute: true)
            append("\"")
        }
        let sorted = attributes.sorted { a, b in
            let ua = a.uri ?? "", ub = b.uri ?? ""
            return ua != ub ? ua < ub : a.localName < b.localName
        }
        for a in sorted {
            append(" ")
            if let p = a.prefix { append(p); append(":") }
            append(a.localName)
            append("=\"")
            appendEscaped(a.value, attribute: true)
            append("\"")
        }
        append(">")
        rendered.append(needed)
    }

    mutating func endElement(prefix: String?, localName: String) {
        append("</")
        if let p = prefix { append(p); append(":") }
        append(localName)
        append(">")
        rendered.removeLast()
    }

    mutating func text(_ buffer: UnsafeBufferPointer<UInt8>) {
        for b in buffer { appendEscapedByte(b, attribute: false) }
    }

    mutating func processingInstruction(target: String, data: String) {
        append("<?"); append(target)
        if !data.isEmpty { append(" "); append(data) }
        append("?>")
    }

    private mutating func append(_ s: String) { bytes.append(contentsOf: s.utf8) }

    private mutating func appendEscaped(_ s: String, attribute: Bool) {
        for b in s.utf8 { appendEscapedByte(b, attribute: attribute) }
    }

    private mutating func appendEscapedByte(_ b: UInt8, attribute: Bool) {
        switch b {
        case UInt8(ascii: "&"): append("&amp;")
        case UInt8(ascii: "<"): append("&lt;")
        case UInt8(ascii: ">") where !attribute: append("&gt;")
        case UInt8(ascii: "\"") where attribute: append("&quot;")
        case 0x09 where attribute: append("&#x9;")
        case 0x0A where attribute: append("&#xA;")
        case 0x0D: append("&#xD;")
        default: bytes.append(b)
        }
    }
}
