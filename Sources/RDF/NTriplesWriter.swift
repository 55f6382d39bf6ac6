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
    private let cleanIRIs = CleanIRICache()

    /// A writer for `fileDescriptor` (stdout by default) that writes in blocks of about `bufferCapacity` bytes.
    public init(fileDescriptor: Int32 = 1, bufferCapacity: Int = 1 << 20) {
        let capacity = max(bufferCapacity, 4096)
        output = ByteOutput(fileDescriptor: fileDescriptor, capacity: capacity + capacity / 4)
        flushThreshold = capacity
    }

    /// Appends one triple; writes the buffer out once it holds `bufferCapacity` bytes.
    public mutating func consume(_ triple: Triple) throws {
        let out = output
        // Objects are mostly one-off IRIs: remembering them would only evict the subjects
        // and predicates that do repeat.
        writeTerm(triple.subject, to: out, remember: true)
        out.append(0x20)
        writeIRI(triple.predicate, to: out, remember: true)
        out.append(0x20)
        writeTerm(triple.object, to: out, remember: false)
        out.append(0x20)
        out.append(UInt8(ascii: "."))
        out.append(0x0A)
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

    /// As ``writeTerm(_:to:)``, skipping the escape scan of IRIs known to be clean.
    @inline(__always)
    private func writeTerm(_ term: Term, to out: ByteOutput, remember: Bool) {
        switch term {
        case .iri(let iri): writeIRI(iri, to: out, remember: remember)
        case .blank(let label): Self.writeBlankNode(label, to: out)
        case .literal(let literal): Self.writeLiteral(literal, to: out)
        }
    }

    /// Subjects, predicates, classes repeat from triple to triple as the same String
    /// storage; an IRI whose storage was already found clean is copied without scanning.
    @inline(__always)
    private func writeIRI(_ iri: String, to out: ByteOutput, remember: Bool) {
        let done: Bool? = iri.utf8.withContiguousStorageIfAvailable { bytes in
            guard bytes.count > CleanIRICache.smallStringCapacity else { return false }
            if cleanIRIs.contains(bytes) {
                out.append(UInt8(ascii: "<"))
                out.append(bytes)
                out.append(UInt8(ascii: ">"))
                return true
            }
            if Self.writeIRIBytes(bytes, to: out) && remember { cleanIRIs.insert(iri, bytes) }
            return true
        }
        if done != true { Self.writeIRI(iri, to: out) }
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
        var s = iri
        s.withUTF8 { _ = writeIRIBytes($0, to: out) }
    }

    /// Writes `<iri>` with escapes; returns true when no byte needed one.
    @discardableResult
    static func writeIRIBytes(_ bytes: UnsafeBufferPointer<UInt8>, to out: ByteOutput) -> Bool {
        out.append(UInt8(ascii: "<"))
        defer { out.append(UInt8(ascii: ">")) }
        guard let p = bytes.baseAddress else { return true }
        let table = NTriplesByteClass.iri
        let clean = EscapeScan.iriPlainPrefix(p, bytes.count)
        out.append(UnsafeBufferPointer(start: p, count: clean))
        if clean == bytes.count { return true }
        out.reserve((bytes.count - clean) * 6)
        for b in bytes[clean...] {
            if table[Int(b)] == NTriplesByteClass.plain {
                out.appendUnchecked(b)
            } else {
                appendUCHAR(b, to: out)
            }
        }
        return false
    }

    static func writeLiteral(_ literal: Literal, to out: ByteOutput) {
        out.append(0x22)
        var s = literal.lexicalForm
        s.withUTF8 { bytes in
            guard let p = bytes.baseAddress else { return }
            let clean = EscapeScan.literalPlainPrefix(p, bytes.count)
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

/// A few IRIs the writer found free of characters to escape, identified by the
/// address and length of their UTF-8 storage. Each entry keeps its String alive,
/// so while it is cached no other string can occupy that storage.
final class CleanIRICache {
    /// Longer strings live in heap storage with a stable address (shorter ones are stored inline).
    static let smallStringCapacity = 15
    private static let size = 32
    @exclusivity(unchecked) private var addresses = [UInt](repeating: 0, count: size)
    @exclusivity(unchecked) private var counts = [Int](repeating: 0, count: size)
    @exclusivity(unchecked) private var strings = [String](repeating: "", count: size)

    @inline(__always)
    private static func slot(_ address: UInt) -> Int {
        Int(truncatingIfNeeded: (address &* 0x9E37_79B9_7F4A_7C15) >> 59)
    }

    @inline(__always)
    func contains(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let address = UInt(bitPattern: bytes.baseAddress)
        let i = Self.slot(address)
        return addresses[i] == address && counts[i] == bytes.count
    }

    func insert(_ string: String, _ bytes: UnsafeBufferPointer<UInt8>) {
        let address = UInt(bitPattern: bytes.baseAddress)
        let i = Self.slot(address)
        addresses[i] = address
        counts[i] = bytes.count
        strings[i] = string
    }
}

/// Finds the first byte the writer must escape, sixteen bytes at a time.
enum EscapeScan {
    private typealias Block = SIMD16<UInt8>

    /// `any(mask)`, which the standard library does not inline: lanes are all-zero or all-one bits.
    @inline(__always)
    private static func hasLane(_ m: SIMDMask<SIMD16<Int8>>) -> Bool {
        let halves = unsafeBitCast(m, to: (UInt64, UInt64).self)
        return halves.0 | halves.1 != 0
    }

    /// True when the block holds a control character, space or `<>"{}|^`\`.
    @inline(__always)
    private static func iriDirty(_ v: Block) -> Bool {
        // Unsigned comparison: non-ASCII bytes (kept as they are) are never <= 0x20.
        var m = v .<= Block(repeating: 0x20)
        m .|= v .== Block(repeating: 0x3C)
        m .|= v .== Block(repeating: 0x3E)
        m .|= v .== Block(repeating: 0x22)
        m .|= v .== Block(repeating: 0x7B)
        m .|= v .== Block(repeating: 0x7D)
        m .|= v .== Block(repeating: 0x7C)
        m .|= v .== Block(repeating: 0x5E)
        m .|= v .== Block(repeating: 0x60)
        m .|= v .== Block(repeating: 0x5C)
        return hasLane(m)
    }

    /// True when the block holds a control character, `"`, `\` or DEL.
    @inline(__always)
    private static func literalDirty(_ v: Block) -> Bool {
        var m = v .< Block(repeating: 0x20)
        m .|= v .== Block(repeating: 0x22)
        m .|= v .== Block(repeating: 0x5C)
        m .|= v .== Block(repeating: 0x7F)
        return hasLane(m)
    }

    /// The length of the longest prefix of `p[0..<n]` without a byte that `dirty` flags;
    /// `table` classifies single bytes where blocks cannot decide.
    @inline(__always)
    private static func plainPrefix(_ p: UnsafePointer<UInt8>, _ n: Int, table: UnsafePointer<UInt8>,
                                    dirty: (Block) -> Bool) -> Int {
        let raw = UnsafeRawPointer(p)
        var i = 0
        if n >= 16 {
            while i &+ 16 <= n {
                if dirty(raw.loadUnaligned(fromByteOffset: i, as: Block.self)) { break }
                i &+= 16
            }
            // The tail as one block overlapping the previous one.
            if i &+ 16 > n && !dirty(raw.loadUnaligned(fromByteOffset: n &- 16, as: Block.self)) { return n }
        } else if n > 0 {
            // Short: pad with a plain byte to one block.
            var block = Block(repeating: 0x41)
            withUnsafeMutableBytes(of: &block) { $0.baseAddress!.copyMemory(from: raw, byteCount: n) }
            if !dirty(block) { return n }
        }
        while i < n && table[Int(p[i])] == NTriplesByteClass.plain { i &+= 1 }
        return i
    }

    /// The length of the longest prefix of `p[0..<n]` that an IRIREF holds as is.
    @inline(__always)
    static func iriPlainPrefix(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
        plainPrefix(p, n, table: NTriplesByteClass.iri, dirty: iriDirty)
    }

    /// The length of the longest prefix of `p[0..<n]` that a literal holds as is.
    @inline(__always)
    static func literalPlainPrefix(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
        plainPrefix(p, n, table: NTriplesByteClass.literalOutput, dirty: literalDirty)
    }
}
