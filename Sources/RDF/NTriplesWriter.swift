/// A sink that writes canonical N-Triples to a file descriptor.
///
/// Output follows the canonical form of N-Triples: one triple per line, a
/// single space after subject, predicate and object, `.` and LF, no comments,
/// characters written directly (never as `\u` escapes) except where the
/// grammar forbids it:
///
/// - In literals, `"` `\` LF CR use `\"` `\\` `\n` `\r`, backspace, tab and
///   form feed use `\b` `\t` `\f`, and the other control characters
///   (U+0000–U+001F, U+007F) use `\u00XX` with upper-case hex (RDF 1.2
///   canonical N-Triples). A literal typed `xsd:string` is written without
///   its datatype; a language-tagged one as `"…"@tag`.
/// - In IRIs, characters that `IRIREF` forbids (controls, space,
///   `<>"{}|^`\`) are written as `\u00XX`.
/// - A blank node label that is not a valid N-Triples label is written as
///   `_:x_` followed by the hex of its UTF-8 bytes; valid labels are kept,
///   except those starting with `x_`, which are encoded the same way so the
///   mapping stays one-to-one.
///
/// Bytes go into a large buffer that is written when it fills; call
/// ``flush()`` at the end. With a negative file descriptor nothing is ever
/// written and ``output`` collects the whole document in memory. Copies of a
/// writer share one buffer.
public struct NTriplesWriter: TripleSink {
    /// The buffer the triples are written into.
    public let output: ByteOutput
    private let flushThreshold: Int

    /// A writer for `fileDescriptor` (stdout by default) that writes in blocks of about `bufferCapacity` bytes.
    public init(fileDescriptor: Int32 = 1, bufferCapacity: Int = 1 << 20) {
        let capacity = max(bufferCapacity, 4096)
        output = ByteOutput(fileDescriptor: fileDescriptor, capacity: capacity + capacity / 4)
        flushThreshold = capacity
    }

    /// Appends one triple; writes the buffer out once it holds `bufferCapacity` bytes.
    public mutating func consume(_ triple: Triple) throws {
        Self.write(triple, to: output)
        if output.count >= flushThreshold && output.fileDescriptor >= 0 { try output.flush() }
    }

    /// Writes everything still buffered.
    public mutating func flush() throws {
        try output.flush()
    }

    /// The canonical N-Triples line for `triple`, including the final newline.
    public static func serialize(_ triple: Triple) -> String {
        let out = ByteOutput(fileDescriptor: -1, capacity: 256)
        write(triple, to: out)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    /// The canonical N-Triples form of one term (`<iri>`, `_:label` or a literal).
    public static func serialize(_ term: Term) -> String {
        let out = ByteOutput(fileDescriptor: -1, capacity: 128)
        writeTerm(term, to: out)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    // MARK: - Encoding

    static func write(_ triple: Triple, to out: ByteOutput) {
        writeTerm(triple.subject, to: out)
        out.append(0x20)
        writeIRI(triple.predicate, to: out)
        out.append(0x20)
        writeTerm(triple.object, to: out)
        out.append(0x20)
        out.append(UInt8(ascii: "."))
        out.append(0x0A)
    }

    @inline(__always)
    static func writeTerm(_ term: Term, to out: ByteOutput) {
        switch term {
        case .iri(let iri): writeIRI(iri, to: out)
        case .blank(let label): writeBlankNode(label, to: out)
        case .literal(let literal): writeLiteral(literal, to: out)
        }
    }

    static func writeIRI(_ iri: String, to out: ByteOutput) {
        out.append(UInt8(ascii: "<"))
        var s = iri
        s.withUTF8 { bytes in
            guard let p = bytes.baseAddress else { return }
            let table = NTriplesByteClass.iri
            var seen: UInt8 = 0
            let clean = NTriplesByteClass.skipPlain(table, p, 0, bytes.count, seen: &seen)
            out.append(UnsafeBufferPointer(start: p, count: clean))
            if clean == bytes.count { return }
            out.reserve((bytes.count - clean) * 6)
            for b in bytes[clean...] {
                if table[Int(b)] == NTriplesByteClass.plain {
                    out.appendUnchecked(b)
                } else {
                    appendUCHAR(b, to: out)
                }
            }
        }
        out.append(UInt8(ascii: ">"))
    }

    static func writeLiteral(_ literal: Literal, to out: ByteOutput) {
        out.append(0x22)
        var s = literal.lexicalForm
        s.withUTF8 { bytes in
            guard let p = bytes.baseAddress else { return }
            var seen: UInt8 = 0
            let clean = NTriplesByteClass.skipPlain(NTriplesByteClass.literalOutput, p, 0, bytes.count, seen: &seen)
            out.append(UnsafeBufferPointer(start: p, count: clean))
            if clean == bytes.count { return }
            out.reserve((bytes.count - clean) * 6)
            for b in bytes[clean...] {
                switch b {
                case 0x22: out.appendUnchecked(0x5C); out.appendUnchecked(0x22)
                case 0x5C: out.appendUnchecked(0x5C); out.appendUnchecked(0x5C)
                case 0x0A: out.appendUnchecked(0x5C); out.appendUnchecked(UInt8(ascii: "n"))
                case 0x0D: out.appendUnchecked(0x5C); out.appendUnchecked(UInt8(ascii: "r"))
                case 0x09: out.appendUnchecked(0x5C); out.appendUnchecked(UInt8(ascii: "t"))
                case 0x08: out.appendUnchecked(0x5C); out.appendUnchecked(UInt8(ascii: "b"))
                case 0x0C: out.appendUnchecked(0x5C); out.appendUnchecked(UInt8(ascii: "f"))
                case 0x00..<0x20, 0x7F: appendUCHAR(b, to: out)
                default: out.appendUnchecked(b)
                }
            }
        }
        out.append(0x22)
        if let language = literal.language {
            out.append(UInt8(ascii: "@"))
            out.append(language)
        } else if literal.datatype != Vocabulary.xsdString {
            out.append(UInt8(ascii: "^"))
            out.append(UInt8(ascii: "^"))
            writeIRI(literal.datatype, to: out)
        }
    }

    /// `\u00XX` for an ASCII byte; the caller reserved 6 bytes.
    @inline(__always)
    static func appendUCHAR(_ b: UInt8, to out: ByteOutput) {
        out.appendUnchecked(0x5C)
        out.appendUnchecked(UInt8(ascii: "u"))
        out.appendUnchecked(UInt8(ascii: "0"))
        out.appendUnchecked(UInt8(ascii: "0"))
        out.appendUnchecked(hexDigit(b >> 4, uppercase: true))
        out.appendUnchecked(hexDigit(b & 0x0F, uppercase: true))
    }

    @inline(__always)
    static func hexDigit(_ n: UInt8, uppercase: Bool) -> UInt8 {
        n < 10 ? 0x30 + n : (uppercase ? 0x37 : 0x57) + n
    }

    static func writeBlankNode(_ label: String, to out: ByteOutput) {
        out.append(UInt8(ascii: "_"))
        out.append(UInt8(ascii: ":"))
        if isSafeBlankNodeLabel(label) {
            out.append(label)
            return
        }
        out.append(UInt8(ascii: "x"))
        out.append(UInt8(ascii: "_"))
        for b in label.utf8 {
            out.append(hexDigit(b >> 4, uppercase: false))
            out.append(hexDigit(b & 0x0F, uppercase: false))
        }
    }

    /// True when `label` is a valid `BLANK_NODE_LABEL` body that does not start with `x_`.
    static func isSafeBlankNodeLabel(_ label: String) -> Bool {
        var s = label
        return s.withUTF8 { bytes -> Bool in
            guard let first = bytes.first else { return false }
            if bytes.count >= 2 && first == UInt8(ascii: "x") && bytes[1] == UInt8(ascii: "_") { return false }
            if bytes.last == UInt8(ascii: ".") { return false }
            var allASCII = true
            for (i, b) in bytes.enumerated() {
                if b >= 0x80 { allASCII = false; break }
                let letterOrDigit = ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x5F
                if i == 0 {
                    if !letterOrDigit { return false }
                } else if !(letterOrDigit || b == UInt8(ascii: "-") || b == UInt8(ascii: ".")) {
                    return false
                }
            }
            if allASCII { return true }
            for (i, scalar) in label.unicodeScalars.enumerated() {
                let v = scalar.value
                if v < 0x80 {
                    let b = UInt8(v)
                    let letterOrDigit = ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x5F
                    if i == 0 ? !letterOrDigit : !(letterOrDigit || b == UInt8(ascii: "-") || b == UInt8(ascii: ".")) {
                        return false
                    }
                } else if i == 0 ? !NTriplesScanner.isPNCharsBase(v) : !NTriplesScanner.isPNChars(v) {
                    return false
                }
            }
            return true
        }
    }
}
