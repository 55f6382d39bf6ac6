internal import CLibXML2

/// Process-wide libxml2 set-up and the SAX2 callback table of ``RDFXMLParser``.
enum LibXML2Setup {
    private static let initialised: Bool = {
        xmlInitParser()
        // Defence in depth: whatever path libxml2 takes to an external entity or DTD,
        // the loader refuses it. (The SAX getEntity/resolveEntity hooks refuse them first.)
        xmlSetExternalEntityLoader { url, _, ctxt in
            if let ctxt, let user = ctxt.pointee._private {
                let handler = Unmanaged<RDFXMLEventHandler>.fromOpaque(user).takeUnretainedValue()
                let id = url.map { String(cString: $0) } ?? "(unnamed)"
                handler.grammar.fail(.externalEntityRefused(handler.grammar.location, systemID: id))
            }
            return nil
        }
        return true
    }()

    static func once() { _ = initialised }

    static func saxHandler() -> xmlSAXHandler {
        var sax = xmlSAXHandler()
        // Start from libxml2's SAX2 defaults (they keep the internal DTD subset, whose
        // entity declarations the parser needs), then replace the content callbacks.
        xmlSAXVersion(&sax, 2)
        sax.startElementNs = { ctx, local, prefix, uri, _, _, nAttributes, _, attributes in
            withGrammar(ctx) {
                $0.startElement(local: local!, prefix: prefix, uri: uri, attributeCount: Int(nAttributes),
                                attributes: attributes)
            }
        }
        sax.endElementNs = { ctx, _, _, _ in
            withGrammar(ctx) { $0.endElement() }
        }
        sax.characters = { ctx, ch, len in
            withGrammar(ctx) { $0.characters(UnsafeBufferPointer(start: ch, count: Int(len))) }
        }
        sax.ignorableWhitespace = sax.characters
        sax.cdataBlock = sax.characters
        sax.processingInstruction = { ctx, target, data in
            eventHandler(ctx).grammar.processingInstruction(target: target.map { String(cString: $0) } ?? "",
                                               data: data.map { String(cString: $0) } ?? "")
        }
        sax.comment = nil
        sax.reference = nil
        sax.startElement = nil
        sax.endElement = nil
        // Never read an external DTD subset.
        sax.externalSubset = { _, _, _, _ in }
        sax.resolveEntity = { ctx, _, systemID in
            let h = eventHandler(ctx)
            h.grammar.fail(.externalEntityRefused(h.grammar.location, systemID: systemID.map { String(cString: $0) } ?? "(unnamed)"))
            return nil
        }
        sax.getEntity = { ctx, name in
            let h = eventHandler(ctx)
            guard let entity = xmlSAX2GetEntity(h.grammar.context.map { UnsafeMutableRawPointer($0) }, name) else { return nil }
            switch entity.pointee.etype {
            case XML_INTERNAL_GENERAL_ENTITY, XML_INTERNAL_PREDEFINED_ENTITY, XML_INTERNAL_PARAMETER_ENTITY:
                h.grammar.expandedBytes += Int(entity.pointee.length)
                if h.grammar.expandedBytes > h.grammar.expansionBudget {
                    h.grammar.fail(.limitExceeded(h.grammar.location,
                                          limit: "entity expansion over \(h.grammar.expansionBudget) bytes (possible entity bomb)",
                                          value: h.grammar.expandedBytes))
                    return nil
                }
                return entity
            default:
                let id = entity.pointee.SystemID.map { String(cString: $0) } ?? String(cString: name!)
                h.grammar.fail(.externalEntityRefused(h.grammar.location, systemID: id))
                return nil
            }
        }
        sax.getParameterEntity = { ctx, name in
            let h = eventHandler(ctx)
            guard let ctxt = h.grammar.context, let doc = ctxt.pointee.myDoc,
                  let entity = xmlGetParameterEntity(doc, name) else { return nil }
            if entity.pointee.etype != XML_INTERNAL_PARAMETER_ENTITY {
                let id = entity.pointee.SystemID.map { String(cString: $0) } ?? String(cString: name!)
                h.grammar.fail(.externalEntityRefused(h.grammar.location, systemID: id))
                return nil
            }
            h.grammar.expandedBytes += Int(entity.pointee.length)
            return entity
        }
        sax.serror = { ctx, error in
            guard let ctx, let error else { return }
            let h = eventHandler(ctx)
            guard error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue, h.grammar.xmlError == nil else { return }
            var message = error.pointee.message.map { String(cString: $0) } ?? "XML error"
            while message.last == "\n" { message.removeLast() }
            h.grammar.xmlError = .xml(SourceLocation(file: h.grammar.documentName, line: Int(error.pointee.line),
                                             column: Int(error.pointee.int2)), message: message)
        }
        sax.error = nil
        sax.warning = nil
        return sax
    }
}

/// Runs `body` on the grammar behind libxml2's user-data pointer. The handler is kept
/// alive by ``RDFXMLParser`` for the whole parse, so no retain/release per event.
@inline(__always)
private func withGrammar(_ ctx: UnsafeMutableRawPointer?, _ body: (inout RDFXMLGrammar) -> Void) {
    let ctxt = ctx!.assumingMemoryBound(to: xmlParserCtxt.self)
    Unmanaged<RDFXMLEventHandler>.fromOpaque(ctxt.pointee._private!)._withUnsafeGuaranteedRef { body(&$0.grammar) }
}

/// The parser state behind libxml2's user-data pointer.
@inline(__always)
private func eventHandler(_ ctx: UnsafeMutableRawPointer?) -> RDFXMLEventHandler {
    let ctxt = ctx!.assumingMemoryBound(to: xmlParserCtxt.self)
    return Unmanaged<RDFXMLEventHandler>.fromOpaque(ctxt.pointee._private!).takeUnretainedValue()
}
