internal import CLibXML2

/// The RDF/XML grammar (RDF 1.1 XML Syntax, section 7) as a state machine
/// driven by libxml2's SAX2 events. A value type, so that each event is one
/// exclusive access instead of one dynamic check per field.
///
/// Only the stack of open elements and the pending literal text are held;
/// each triple is handed to `deliver` as soon as it is known, so memory does
/// not grow with the file.
struct RDFXMLGrammar {
    let options: RDFXMLParserOptions
    let documentName: String
    let expansionBudget: Int

    /// Receives each triple; returns false when the sink failed (parsing then stops).
    var deliver: (Triple) -> Bool = RDFXMLGrammar.discard
    static func discard(_: Triple) -> Bool { true }
    /// The first error raised by the grammar (or a limit); parsing stops there.
    var error: RDFParseError?
    /// `error != nil`, as a plain flag: it is tested on every event.
    private(set) var failed = false
    /// The first error libxml2 reported.
    var xmlError: RDFParseError?
    var context: xmlParserCtxtPtr?
    var expandedBytes = 0

    private var frames: [Frame] = []
    /// In-scope (xml:base, xml:lang) pairs; an element pushes one only when it changes them,
    /// so frames share them by index instead of copying two strings each.
    private var scopes: [(base: String, language: String?)] = []
    private var text: [UInt8] = []
    private var literal = XMLLiteralWriter()
    private var literalDepth = 0
    private var blankCounter = 0
    private var usedIDs: Set<String> = []
    private var names = QualifiedNameCache<NameInfo>()
    private var resolver = RelativeIRICache()
    /// Attributes of the element being started (reused to avoid an allocation per element).
    /// Values point into libxml2's buffers and are valid only during the start-element event.
    private var attributeBuffer = UnsafeMutablePointer<Attribute>.allocate(capacity: 16)
    private var attributeCapacity = 16
    private let documentBase: String

    init(base: String, documentName: String, options: RDFXMLParserOptions, inputBytes: Int) {
        self.documentBase = base
        scopes.append((base, nil))
        self.documentName = documentName
        self.options = options
        let multiple = inputBytes.multipliedReportingOverflow(by: options.entityExpansionMultiple)
        self.expansionBudget = max(options.entityExpansionFloor, multiple.overflow ? Int.max : multiple.partialValue)
        frames.reserveCapacity(64)
    }

    // MARK: - Frames

    private enum Kind {
        /// `rdf:RDF`: children are node elements.
        case root
        /// A node element: children are property elements.
        case node
        /// A property element that may still get text or one node element.
        case property
        /// A property element whose object is already fixed (rdf:resource, rdf:nodeID,
        /// property attributes): it must stay empty.
        case emptyProperty
        /// `rdf:parseType="Resource"`: behaves as a node element for its children.
        case resourceProperty
        /// `rdf:parseType="Collection"`: children are node elements of a list.
        case collection
        /// `rdf:parseType="Literal"`: content is serialised as an XML literal.
        case literalProperty
        /// An element inside an XML literal.
        case literalElement
    }

    /// A subject or blank object: an IRI or a blank node, never a literal. Smaller and
    /// cheaper to copy than a ``Term``, which frames would otherwise carry.
    private enum Node {
        case iri(String)
        case blank(String)

        @inline(__always)
        var term: Term {
            switch self {
            case .iri(let s): return .iri(s)
            case .blank(let s): return .blank(s)
            }
        }
    }

    private struct Frame {
        var kind: Kind
        /// Index into `scopes`: the in-scope xml:base and xml:lang.
        var scope: Int
        /// True when this element pushed `scope` (it declared xml:base or xml:lang).
        var ownsScope = false
        /// Node: its subject. Property kinds: the subject of the statement.
        var subject: Node
        var predicate: String = ""
        var liCounter: Int = 1
        var reification: String? = nil
        var datatype: String? = nil
        var hasNodeChild = false
        var textStart = 0
        /// Resource property: the new blank node. Collection: the last list cell.
        var object: Node? = nil
    }

    /// Tags of the open elements inside an XML literal, to close them.
    private var literalTags: [(prefix: String?, localName: String)] = []

    // MARK: - Names

    /// Names of the RDF namespace the grammar treats specially.
    enum RDFName {
        case RDF, ID, about, parseType, resource, nodeID, datatype, Description, li
        case aboutEach, aboutEachPrefix, bagID, type
        case other
    }

    /// A resolved element or attribute name (a class: passed around by one retain).
    final class NameInfo {
        let iri: String
        let rdf: RDFName?       // nil: not in the RDF namespace
        let isXML: Bool         // xml: namespace, or an unqualified name starting with "xml"
        let isUnqualified: Bool
        let localName: String

        init(iri: String, rdf: RDFName?, isXML: Bool, isUnqualified: Bool, localName: String) {
            self.iri = iri
            self.rdf = rdf
            self.isXML = isXML
            self.isUnqualified = isUnqualified
            self.localName = localName
        }
    }

    @inline(__always)
    private mutating func info(uri: UnsafePointer<xmlChar>?, local: UnsafePointer<xmlChar>, isAttribute: Bool) -> NameInfo {
        // Attributes and elements with the same name differ only for unqualified names.
        let u = UInt(bitPattern: uri) | (uri == nil && isAttribute ? 1 : 0)
        if let cached = names.lookup(uri: u, local: UInt(bitPattern: local)) { return cached }
        let made = makeInfo(uri: uri, local: local, isAttribute: isAttribute)
        names.insert(uri: u, local: UInt(bitPattern: local), value: made)
        return made
    }

    private func makeInfo(uri: UnsafePointer<xmlChar>?, local: UnsafePointer<xmlChar>, isAttribute: Bool) -> NameInfo {
        let localName = String(cString: local)
        var result: NameInfo
        if let uri {
            let ns = String(cString: uri)
            let isRDF = ns == Vocabulary.rdf
            result = NameInfo(iri: ns + localName, rdf: isRDF ? Self.classify(localName) : nil,
                              isXML: ns == Vocabulary.xmlNamespace, isUnqualified: false, localName: localName)
        } else if isAttribute {
            // RDF/XML 6.1.4: a few unqualified attribute names mean the rdf: ones.
            let legacy = ["ID", "about", "resource", "parseType", "type"].contains(localName)
            result = NameInfo(iri: legacy ? Vocabulary.rdf + localName : localName,
                              rdf: legacy ? Self.classify(localName) : nil,
                              isXML: localName.lowercased().hasPrefix("xml"), isUnqualified: !legacy,
                              localName: localName)
        } else {
            result = NameInfo(iri: localName, rdf: nil, isXML: false, isUnqualified: true, localName: localName)
        }
        return result
    }

    private static func classify(_ local: String) -> RDFName {
        switch local {
        case "RDF": return .RDF
        case "ID": return .ID
        case "about": return .about
        case "parseType": return .parseType
        case "resource": return .resource
        case "nodeID": return .nodeID
        case "datatype": return .datatype
        case "Description": return .Description
        case "li": return .li
        case "aboutEach": return .aboutEach
        case "aboutEachPrefix": return .aboutEachPrefix
        case "bagID": return .bagID
        case "type": return .type
        default: return .other
        }
    }

    // MARK: - Errors and output

    var location: SourceLocation {
        guard let ctxt = context, let input = ctxt.pointee.input else {
            return SourceLocation(file: documentName, line: 0, column: 0)
        }
        return SourceLocation(file: documentName, line: Int(input.pointee.line), column: Int(input.pointee.col))
    }

    /// Records the first error and stops libxml2.
    mutating func fail(_ e: RDFParseError) {
        if !failed { error = e; failed = true }
        if let ctxt = context { xmlStopParser(ctxt) }
    }

    private mutating func syntax(_ message: String) {
        fail(.syntax(location, message: message))
    }

    @inline(__always)
    private mutating func emit(_ s: Node, _ p: String, _ o: Term) {
        if !deliver(Triple(s.term, p, o)) { stop() }
    }

    /// The sink failed (``RDFXMLParser`` holds its error): no further events are handled.
    private mutating func stop() {
        failed = true
        if let ctxt = context { xmlStopParser(ctxt) }
    }

    private mutating func newBlank() -> Node {
        blankCounter += 1
        return .blank("genid\(blankCounter)")
    }

    private mutating func blank(fromNodeID id: String) -> Node? {
        guard XMLName.isNCName(id) else {
            syntax("rdf:nodeID value '\(id)' is not an XML NCName")
            return nil
        }
        return .blank(id.hasPrefix("genid") ? "u" + id : id)
    }

    private mutating func iri(fromID id: String, base: String) -> String? {
        guard XMLName.isNCName(id) else {
            syntax("rdf:ID value '\(id)' is not an XML NCName")
            return nil
        }
        let resolved = resolver.resolve("#" + id, against: base)
        guard usedIDs.insert(resolved).inserted else {
            syntax("rdf:ID '\(id)' is used twice with the same base (<\(resolved)>)")
            return nil
        }
        return resolved
    }

    /// Resolves an IRI-valued attribute, refusing characters no IRI may contain.
    private mutating func resolveIRI(_ value: AttributeValue, scope: Int) -> String? {
        switch IRIByteClass.scan(value) {
        case .forbidden(let bad):
            let shown = bad == 0x20 ? "a space" : bad < 0x20 ? "control character 0x" + String(bad, radix: 16, uppercase: true) : "'\(Character(Unicode.Scalar(bad)))'"
            fail(.invalidIRI(location, iri: Self.string(value), reason: "contains \(shown), which an IRI cannot hold"))
            return nil
        case .valid(let maybeDotSegments):
            return resolver.resolve(value, maybeDotSegments: maybeDotSegments, against: scopes[scope].base)
        }
    }

    @inline(__always)
    private static func string(_ value: AttributeValue) -> String {
        String(decoding: value, as: UTF8.self)
    }

    private mutating func reify(_ r: String, _ s: Node, _ p: String, _ o: Term) {
        let node = Node.iri(r)
        emit(node, Vocabulary.rdfType, .iri(Vocabulary.rdfStatement))
        emit(node, Vocabulary.rdfSubject, s.term)
        emit(node, Vocabulary.rdfPredicate, .iri(p))
        emit(node, Vocabulary.rdfObject, o)
    }

    // MARK: - SAX events

    typealias XMLAttributes = UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    /// The attributes of an element apart from xml:*, in document order.
    typealias Attributes = UnsafeBufferPointer<Attribute>
    typealias AttributeValue = UnsafeBufferPointer<UInt8>

    /// An attribute of the element being started. Trivially destructible: names live in
    /// `names` for the whole parse, values in libxml2's buffers during the event.
    struct Attribute {
        unowned(unsafe) let name: NameInfo
        let value: AttributeValue
    }

    mutating func startElement(local: UnsafePointer<xmlChar>, prefix: UnsafePointer<xmlChar>?, uri: UnsafePointer<xmlChar>?,
                      attributeCount: Int, attributes: XMLAttributes) {
        guard !failed else { return }
        let top = frames.count - 1
        if top >= 0 && (frames[top].kind == .literalProperty || frames[top].kind == .literalElement) {
            startLiteralElement(local: local, prefix: prefix, uri: uri, attributeCount: attributeCount,
                                attributes: attributes, parentIndex: top)
            return
        }
        // Names live in `names` for the whole parse: no retain/release per event.
        unowned(unsafe) let name = info(uri: uri, local: local, isAttribute: false)
        if name.isUnqualified {
            if let prefix {
                return syntax("namespace prefix '\(String(cString: prefix))' of element <\(String(cString: prefix)):\(name.localName)> is not declared")
            }
            return syntax("element <\(name.localName)> has no namespace; RDF/XML element names must be qualified")
        }
        // Inherited and local xml:base / xml:lang.
        var scope = top >= 0 ? frames[top].scope : 0
        var ownsScope = false
        if attributeCount > attributeCapacity {
            attributeBuffer.deallocate()
            attributeCapacity = attributeCount
            attributeBuffer = .allocate(capacity: attributeCount)
        }
        var kept = 0
        if let attributes, attributeCount > 0 {
            for i in 0..<attributeCount {
                let a = attributes + 5 * i
                unowned(unsafe) let an = info(uri: a[2], local: a[0]!, isAttribute: true)
                let start = a[3]!, end = a[4]!
                let value = AttributeValue(start: start, count: end - start)
                if an.isXML {
                    if an.localName == "base" && !an.isUnqualified {
                        guard var base = resolveIRI(value, scope: scope) else { return }
                        if let hash = base.firstIndex(of: "#") { base = String(base[..<hash]) }
                        if !ownsScope { scopes.append(scopes[scope]); scope = scopes.count - 1; ownsScope = true }
                        scopes[scope].base = base
                    } else if an.localName == "lang" && !an.isUnqualified {
                        if !ownsScope { scopes.append(scopes[scope]); scope = scopes.count - 1; ownsScope = true }
                        scopes[scope].language = value.isEmpty ? nil : Self.string(value)
                    }
                    continue
                }
                if an.isUnqualified {
                    return syntax("attribute '\(an.localName)' has no namespace; RDF/XML attributes must be qualified")
                }
                (attributeBuffer + kept).initialize(to: Attribute(name: an, value: value))
                kept += 1
            }
        }
        let attrs = Attributes(start: attributeBuffer, count: kept)

        guard top >= 0 else {
            if name.rdf == .RDF {
                if let bad = attrs.first {
                    return syntax("attribute \(bad.name.iri) is not allowed on rdf:RDF")
                }
                frames.append(Frame(kind: .root, scope: scope, ownsScope: ownsScope, subject: .iri("")))
            } else {
                nodeElement(name, attrs, scope: scope, ownsScope: ownsScope)
            }
            return
        }
        switch frames[top].kind {
        case .root:
            nodeElement(name, attrs, scope: scope, ownsScope: ownsScope)
        case .node, .resourceProperty:
            propertyElement(name, attrs, scope: scope, ownsScope: ownsScope)
        case .property:
            if frames[top].hasNodeChild {
                return syntax("a property element may contain only one node element (found <\(name.iri)>)")
            }
            if frames[top].datatype != nil {
                return syntax("a property element with rdf:datatype must contain only text, found element <\(name.iri)>")
            }
            let textStart = frames[top].textStart
            if !Self.isWhitespace(text[textStart...]) {
                return syntax("a property element cannot contain both text and a node element <\(name.iri)>")
            }
            text.removeSubrange(textStart...)
            frames[top].hasNodeChild = true
            nodeElement(name, attrs, scope: scope, ownsScope: ownsScope)
        case .collection:
            nodeElement(name, attrs, scope: scope, ownsScope: ownsScope)
        case .emptyProperty:
            syntax("a property element with rdf:resource, rdf:nodeID or property attributes must be empty, found <\(name.iri)>")
        case .literalProperty, .literalElement:
            break // handled above
        }
    }

    private mutating func nodeElement(_ name: NameInfo, _ attrs: Attributes, scope: Int, ownsScope: Bool) {
        switch name.rdf {
        case .RDF, .ID, .about, .parseType, .resource, .nodeID, .datatype, .li, .aboutEach, .aboutEachPrefix, .bagID:
            return syntax("rdf:\(name.localName) is not allowed as a node element name")
        default: break
        }
        var subject: Node?
        var properties: [Attribute] = []
        for attribute in attrs {
            let an = attribute.name, value = attribute.value
            switch an.rdf {
            case .ID:
                guard subject == nil else { return syntax("a node element may have only one of rdf:ID, rdf:about, rdf:nodeID") }
                guard let r = iri(fromID: Self.string(value), base: scopes[scope].base) else { return }
                subject = .iri(r)
            case .about:
                guard subject == nil else { return syntax("a node element may have only one of rdf:ID, rdf:about, rdf:nodeID") }
                guard let r = resolveIRI(value, scope: scope) else { return }
                subject = .iri(r)
            case .nodeID:
                guard subject == nil else { return syntax("a node element may have only one of rdf:ID, rdf:about, rdf:nodeID") }
                guard let b = blank(fromNodeID: Self.string(value)) else { return }
                subject = b
            case .RDF, .parseType, .resource, .datatype, .Description, .li, .aboutEach, .aboutEachPrefix, .bagID:
                return syntax("rdf:\(an.localName) is not allowed as an attribute of a node element")
            default:
                properties.append(attribute)
            }
        }
        let s = subject ?? newBlank()
        // Link from the enclosing property or collection.
        let top = frames.count - 1
        if top >= 0 {
            switch frames[top].kind {
            case .property:
                emit(frames[top].subject, frames[top].predicate, s.term)
                if let r = frames[top].reification { reify(r, frames[top].subject, frames[top].predicate, s.term) }
            case .collection:
                let cell = newBlank()
                if let last = frames[top].object {
                    emit(last, Vocabulary.rdfRest, cell.term)
                } else {
                    emit(frames[top].subject, frames[top].predicate, cell.term)
                    if let r = frames[top].reification { reify(r, frames[top].subject, frames[top].predicate, cell.term) }
                }
                emit(cell, Vocabulary.rdfFirst, s.term)
                frames[top].object = cell
            default: break
            }
        }
        if name.rdf != .Description {
            emit(s, Vocabulary.rdfType, .iri(name.iri))
        }
        propertyAttributes(properties, subject: s, scope: scope)
        frames.append(Frame(kind: .node, scope: scope, ownsScope: ownsScope, subject: s))
    }

    private mutating func propertyAttributes(_ properties: [Attribute], subject: Node, scope: Int) {
        for attribute in properties {
            let an = attribute.name, value = attribute.value
            if an.rdf == .type {
                guard let r = resolveIRI(value, scope: scope) else { return }
                emit(subject, Vocabulary.rdfType, .iri(r))
            } else if let language = scopes[scope].language {
                emit(subject, an.iri, .literal(Literal(Self.string(value), language: language)))
            } else {
                emit(subject, an.iri, .literal(Literal(Self.string(value))))
            }
        }
    }

    private mutating func propertyElement(_ name: NameInfo, _ attrs: Attributes, scope: Int, ownsScope: Bool) {
        let parentIndex = frames.count - 1
        let subject = frames[parentIndex].kind == .resourceProperty
            ? frames[parentIndex].object! : frames[parentIndex].subject
        var predicate = name.iri
        switch name.rdf {
        case .li:
            predicate = Vocabulary.rdf + "_\(frames[parentIndex].liCounter)"
            frames[parentIndex].liCounter += 1
        case .RDF, .ID, .about, .parseType, .resource, .nodeID, .datatype, .Description, .aboutEach, .aboutEachPrefix, .bagID:
            return syntax("rdf:\(name.localName) is not allowed as a property element name")
        default: break
        }
        var reification: String?
        var datatype: String?
        var parseType: String?
        var resource: Node?
        var sawNodeID = false, sawResource = false
        var properties: [Attribute] = []
        for attribute in attrs {
            let an = attribute.name, value = attribute.value
            switch an.rdf {
            case .ID:
                guard let r = iri(fromID: Self.string(value), base: scopes[scope].base) else { return }
                reification = r
            case .datatype:
                guard let r = resolveIRI(value, scope: scope) else { return }
                datatype = r
            case .parseType:
                parseType = Self.string(value)
            case .resource:
                guard !sawNodeID else { return syntax("a property element cannot have both rdf:resource and rdf:nodeID") }
                sawResource = true
                guard let r = resolveIRI(value, scope: scope) else { return }
                resource = .iri(r)
            case .nodeID:
                guard !sawResource else { return syntax("a property element cannot have both rdf:resource and rdf:nodeID") }
                sawNodeID = true
                guard let b = blank(fromNodeID: Self.string(value)) else { return }
                resource = b
            case .RDF, .about, .Description, .li, .aboutEach, .aboutEachPrefix, .bagID:
                return syntax("rdf:\(an.localName) is not allowed as an attribute of a property element")
            default:
                properties.append(attribute)
            }
        }
        if let parseType {
            var kind = Kind.property
            var object: Node?
            if resource != nil || datatype != nil || !properties.isEmpty {
                return syntax("rdf:parseType=\"\(parseType)\" cannot be combined with rdf:resource, rdf:nodeID, rdf:datatype or property attributes")
            }
            switch parseType {
            case "Resource":
                let n = newBlank()
                emit(subject, predicate, n.term)
                if let r = reification { reify(r, subject, predicate, n.term) }
                kind = .resourceProperty
                object = n
            case "Collection":
                kind = .collection
            case "Literal":
                kind = .literalProperty
                literal.reset()
                literalDepth = 0
            default:
                // RDF/XML 7.2.20 reads every other value as "Literal"; by default we refuse it.
                guard options.unknownParseType == .literal else {
                    return syntax("unknown rdf:parseType \"\(parseType)\"; expected Resource, Literal or Collection")
                }
                kind = .literalProperty
                literal.reset()
                literalDepth = 0
            }
            frames.append(Frame(kind: kind, scope: scope, ownsScope: ownsScope, subject: subject, predicate: predicate,
                                reification: reification, object: object))
            return
        }
        if resource != nil || !properties.isEmpty {
            if datatype != nil {
                return syntax("rdf:datatype cannot be combined with rdf:resource, rdf:nodeID or property attributes")
            }
            let object = resource ?? newBlank()
            emit(subject, predicate, object.term)
            if let r = reification { reify(r, subject, predicate, object.term) }
            propertyAttributes(properties, subject: object, scope: scope)
            // Nothing more is emitted for it: the frame needs no subject or predicate.
            frames.append(Frame(kind: .emptyProperty, scope: scope, ownsScope: ownsScope, subject: .iri("")))
            return
        }
        frames.append(Frame(kind: .property, scope: scope, ownsScope: ownsScope, subject: subject, predicate: predicate,
                            reification: reification, datatype: datatype, textStart: text.count))
    }

    private mutating func startLiteralElement(local: UnsafePointer<xmlChar>, prefix: UnsafePointer<xmlChar>?,
                                     uri: UnsafePointer<xmlChar>?, attributeCount: Int, attributes: XMLAttributes,
                                     parentIndex: Int) {
        let p = prefix.map { String(cString: $0) }
        let localName = String(cString: local)
        var attrs: [XMLLiteralWriter.Attribute] = []
        if let attributes, attributeCount > 0 {
            for i in 0..<attributeCount {
                let a = attributes + 5 * i
                let start = a[3]!, end = a[4]!
                attrs.append(.init(prefix: a[1].map { String(cString: $0) }, uri: a[2].map { String(cString: $0) },
                                   localName: String(cString: a[0]!),
                                   value: String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)))
            }
        }
        literal.startElement(prefix: p, uri: uri.map { String(cString: $0) }, localName: localName, attributes: attrs)
        frames.append(Frame(kind: .literalElement, scope: frames[parentIndex].scope, subject: .iri("")))
        literalTags.append((p, localName))
        checkLiteralSize(literal.bytes.count)
    }

    mutating func endElement() {
        guard !failed, !frames.isEmpty else { return }
        let frame = frames.removeLast()
        defer { if frame.ownsScope { scopes.removeLast() } }
        switch frame.kind {
        case .root, .node, .emptyProperty:
            break
        case .resourceProperty:
            break
        case .property:
            if frame.hasNodeChild {
                if !Self.isWhitespace(text[frame.textStart...]) {
                    return syntax("a property element cannot contain both text and a node element")
                }
                text.removeSubrange(frame.textStart...)
                return
            }
            let value = String(decoding: text[frame.textStart...], as: UTF8.self)
            text.removeSubrange(frame.textStart...)
            let object: Term
            if let dt = frame.datatype {
                object = .literal(Literal(value, datatype: dt))
            } else if let lang = scopes[frame.scope].language {
                object = .literal(Literal(value, language: lang))
            } else {
                object = .literal(Literal(value))
            }
            emit(frame.subject, frame.predicate, object)
            if let r = frame.reification { reify(r, frame.subject, frame.predicate, object) }
        case .collection:
            if let last = frame.object {
                emit(last, Vocabulary.rdfRest, .iri(Vocabulary.rdfNil))
            } else {
                emit(frame.subject, frame.predicate, .iri(Vocabulary.rdfNil))
                if let r = frame.reification { reify(r, frame.subject, frame.predicate, .iri(Vocabulary.rdfNil)) }
            }
        case .literalProperty:
            let object = Term.literal(Literal(String(decoding: literal.bytes, as: UTF8.self),
                                              datatype: Vocabulary.rdfXMLLiteral))
            literal.reset()
            literalTags.removeAll()
            emit(frame.subject, frame.predicate, object)
            if let r = frame.reification { reify(r, frame.subject, frame.predicate, object) }
        case .literalElement:
            let tag = literalTags.removeLast()
            literal.endElement(prefix: tag.prefix, localName: tag.localName)
        }
    }

    mutating func characters(_ buffer: UnsafeBufferPointer<UInt8>) {
        // Text outside any element cannot happen in well-formed XML.
        guard !failed, !frames.isEmpty else { return }
        let top = frames.count - 1
        let kind = frames[top].kind
        switch kind {
        case .property:
            if frames[top].hasNodeChild {
                if !Self.isWhitespace(buffer) { syntax("a property element cannot contain both text and a node element") }
                return
            }
            text.append(contentsOf: buffer)
            if text.count > options.maxLiteralBytes { checkLiteralSize(text.count - frames[top].textStart) }
        case .literalProperty, .literalElement:
            literal.text(buffer)
            checkLiteralSize(literal.bytes.count)
        default:
            if !Self.isWhitespace(buffer) {
                let snippet = String(decoding: buffer.prefix(40), as: UTF8.self)
                syntax("text \"\(snippet)\" is not allowed here; expected a \(kind == .emptyProperty ? "closing tag (empty property element)" : "element")")
            }
        }
    }

    mutating func processingInstruction(target: String, data: String) {
        guard !failed, let kind = frames.last?.kind else { return }
        if kind == .literalProperty || kind == .literalElement {
            literal.processingInstruction(target: target, data: data)
        }
    }

    /// Frees the scratch memory; the grammar is not used afterwards.
    func deallocate() {
        attributeBuffer.deallocate()
    }

    mutating func finish() {
        if !failed, !frames.isEmpty {
            syntax("document ended inside an element")
        }
    }

    private mutating func checkLiteralSize(_ n: Int) {
        if n > options.maxLiteralBytes {
            fail(.limitExceeded(location, limit: "literal longer than maxLiteralBytes = \(options.maxLiteralBytes)", value: n))
        }
    }

    private static func isWhitespace<C: Collection<UInt8>>(_ bytes: C) -> Bool {
        for b in bytes where !(b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D) { return false }
        return true
    }
}

/// The object behind libxml2's `_private` pointer: owns the grammar state.
final class RDFXMLEventHandler {
    // Only libxml2's callbacks touch it, one at a time on the parsing thread; a dynamic
    // exclusivity check per SAX event would cost more than the event itself.
    @exclusivity(unchecked) var grammar: RDFXMLGrammar

    init(base: String, documentName: String, options: RDFXMLParserOptions, inputBytes: Int) {
        grammar = RDFXMLGrammar(base: base, documentName: documentName, options: options, inputBytes: inputBytes)
    }

    deinit { grammar.deallocate() }
}
