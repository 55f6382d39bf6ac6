#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Thrown inside ``TurtleScanner`` when a token reaches the end of the buffer
/// before the end of the input: the token is scanned again once more bytes are in.
struct TurtleNeedMoreInput: Error {}

/// One Turtle token. IRIs are already resolved and prefixed names expanded.
enum TurtleToken {
    /// `<…>`, resolved against the base.
    case iriRef(String)
    /// A prefixed name, expanded.
    case prefixedName(String)
    case blank(String)
    /// A literal, held in ``TurtleScanner/literal`` (keeps the token small: it is copied for every term).
    case literal
    /// The keyword `a` (rdf:type).
    case a
    /// `p:` in a prefix declaration (the prefix without the colon).
    case prefixDeclaration(String)
    case atPrefix, atBase, sparqlPrefix, sparqlBase
    case dot, semicolon, comma, openBracket, closeBracket, openParen, closeParen
    case eof

    /// How the token is named in error messages.
    var label: String {
        switch self {
        case .iriRef: return "an IRI"
        case .prefixedName: return "a prefixed name"
        case .blank: return "a blank node"
        case .literal: return "a literal"
        case .a: return "'a'"
        case .prefixDeclaration: return "a prefix name"
        case .atPrefix: return "'@prefix'"
        case .atBase: return "'@base'"
        case .sparqlPrefix: return "'PREFIX'"
        case .sparqlBase: return "'BASE'"
        case .dot: return "'.'"
        case .semicolon: return "';'"
        case .comma: return "','"
        case .openBracket: return "'['"
        case .closeBracket: return "']'"
        case .openParen: return "'('"
        case .closeParen: return "')'"
        case .eof: return "the end of the input"
        }
    }
}

/// Byte classes for Turtle scanning (see ``NTriplesByteClass`` for the pattern).
enum TurtleByteClass {
    /// Inside `'…'`: `'` closes, `\` escapes, CR/LF are forbidden.
    nonisolated(unsafe) static let shortSingle: UnsafePointer<UInt8> = table { b in
        b == 0x0A || b == 0x0D ? NTriplesByteClass.forbidden
            : b == 0x27 ? NTriplesByteClass.close : b == 0x5C ? NTriplesByteClass.backslash : NTriplesByteClass.plain
    }
    /// Inside `"""…"""`: `"` may close, `\` escapes, everything else is taken.
    nonisolated(unsafe) static let longDouble: UnsafePointer<UInt8> = table { b in
        b == 0x22 ? NTriplesByteClass.close : b == 0x5C ? NTriplesByteClass.backslash : NTriplesByteClass.plain
    }
    /// Inside `'''…'''`.
    nonisolated(unsafe) static let longSingle: UnsafePointer<UInt8> = table { b in
        b == 0x27 ? NTriplesByteClass.close : b == 0x5C ? NTriplesByteClass.backslash : NTriplesByteClass.plain
    }

    /// Name characters in ASCII: 1 for letters, digits, `_` and `-`; 0 otherwise.
    nonisolated(unsafe) static let nameChar: UnsafePointer<UInt8> = table { b in
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x2D ? 1 : 0
    }

    private static func table(_ f: (Int) -> UInt8) -> UnsafePointer<UInt8> {
        let t = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        for b in 0..<256 { t[b] = f(b) }
        return UnsafePointer(t)
    }
}

/// The Turtle lexer and grammar over one growing read buffer.
///
/// The grammar is a state machine with an explicit stack of frames (one per
/// open `[` or `(`), so nesting depth costs heap, not call stack. A token that
/// runs into the end of the buffer throws ``TurtleNeedMoreInput``; the driver
/// then moves the unfinished token to the front of the buffer, reads more and
/// scans the token again. Line counts are committed only between tokens.
struct TurtleScanner {
    // MARK: State

    let documentName: String
    let fd: Int32
    var buffer: UnsafeMutablePointer<UInt8>
    var capacity: Int
    /// Bytes in `buffer`.
    var end = 0
    var pos = 0
    var atEOF: Bool
    let maxTokenLength: Int
    let maxNestingDepth: Int

    /// 1-based line of `lineStart`.
    var line = 1
    /// Buffer index where the current line starts (or 0 when it started in a discarded part).
    var lineStart = 0
    /// Characters of the current line that were before `lineStart` (discarded by a refill).
    var columnCarry = 0
    /// Where the token being scanned starts.
    var tokenStart = 0

    /// Reused storage for terms with escapes.
    var scratch: [UInt8] = []

    var baseIRI: String?
    var iriCache = RelativeIRICache()
    var prefixIndex: [String: Int] = [:]
    var prefixNames: [[UInt8]] = []
    var prefixIRIs: [[UInt8]] = []
    /// Prefix index + 1 by a hash of the name (0: empty); see ``prefixNumber(_:at:)``.
    var prefixSlots = [Int](repeating: 0, count: prefixSlotCount)
    static let prefixSlotCount = 512
    var blankCounter = 0
    /// The next name is the `p:` of a prefix declaration: do not expand it.
    var declaringPrefix = false

    enum FrameKind { case statement, propertyList, collection }
    enum Role { case subject, object }

    /// What the grammar is inside of: the statement itself, a `[ … ]` or a `( … )`.
    struct Frame {
        var kind: FrameKind
        var role: Role
        /// The subject (statement, property list) or the first list cell (collection).
        var subject: Term?
        var predicate: String = ""
        /// The last list cell of a collection.
        var last: Term?
    }

    enum State: Equatable {
        case statement
        /// A predicate is required.
        case verb
        /// Just after `[`: a predicate, or `]` for an empty blank node.
        case verbOrCloseAnon
        /// After `;`: a predicate, another `;`, or the end of the list.
        case verbOrEnd
        /// After `[ … ]` as a subject: a predicate or `.`.
        case verbOrDot
        case object
        case afterObject
        /// Inside `( … )`: an object or `)`.
        case collectionItem
        case prefixName(sparql: Bool)
        case prefixIRI(sparql: Bool)
        case baseIRI(sparql: Bool)
        case directiveDot
    }

    var current = Frame(kind: .statement, role: .subject, subject: nil)
    var stack: [Frame] = []
    var state = State.statement
    var pendingPrefix = ""
    /// The value of the last ``TurtleToken/literal`` token.
    var literal = Literal("")

    // Copied into the instance so the hot loops do not go through the lazy
    // initialisation check of a static on every use.
    let xsdInteger = Vocabulary.xsd + "integer"
    let xsdDecimal = Vocabulary.xsd + "decimal"
    let xsdDouble = Vocabulary.xsd + "double"
    let xsdBoolean = Vocabulary.xsd + "boolean"
    let iriTable = NTriplesByteClass.iri
    let nameTable = TurtleByteClass.nameChar
    let shortDoubleTable = NTriplesByteClass.literal
    let shortSingleTable = TurtleByteClass.shortSingle
    let longDoubleTable = TurtleByteClass.longDouble
    let longSingleTable = TurtleByteClass.longSingle
    let rdfNil = Term.iri(Vocabulary.rdfNil)
    let rdfFirst = Vocabulary.rdfFirst
    let rdfRest = Vocabulary.rdfRest
    let rdfType = Vocabulary.rdfType

    /// A scanner that reads `fileDescriptor` in chunks of `capacity` bytes.
    init(documentName: String, fileDescriptor: Int32, capacity: Int, base: String?,
         maxTokenLength: Int, maxNestingDepth: Int) {
        self.documentName = documentName
        self.fd = fileDescriptor
        self.capacity = capacity
        self.buffer = .allocate(capacity: capacity)
        self.atEOF = false
        self.baseIRI = base
        self.maxTokenLength = maxTokenLength
        self.maxNestingDepth = maxNestingDepth
        scratch.reserveCapacity(256)
    }

    /// A scanner over a copy of `bytes` (the whole input).
    init(documentName: String, bytes: UnsafeBufferPointer<UInt8>, base: String?,
         maxTokenLength: Int, maxNestingDepth: Int) {
        self.documentName = documentName
        self.fd = -1
        self.capacity = max(bytes.count, 1)
        self.buffer = .allocate(capacity: capacity)
        if let b = bytes.baseAddress, bytes.count > 0 { buffer.update(from: b, count: bytes.count) }
        self.end = bytes.count
        self.atEOF = true
        self.baseIRI = base
        self.maxTokenLength = maxTokenLength
        self.maxNestingDepth = maxNestingDepth
        scratch.reserveCapacity(256)
    }

    func deallocate() { buffer.deallocate() }

    /// Fills the buffer for the first time and skips a byte-order mark.
    mutating func start() throws {
        while !atEOF && end < 3 { try refill(keepFrom: 0) }
        if end >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF {
            pos = 3
            lineStart = 3
        }
    }

    // MARK: Input

    /// Drops the bytes before `k`, then reads more input after what is kept
    /// (growing the buffer when what is kept fills it).
    mutating func refill(keepFrom k: Int) throws {
        if k > 0 {
            if lineStart < k {
                columnCarry += characters(from: lineStart, to: k)
                lineStart = 0
            } else {
                lineStart -= k
            }
            let kept = end - k
            if kept > 0 { memmove(buffer, buffer + k, kept) }
            end = kept
            pos -= k
            tokenStart -= k
        }
        if end == capacity {
            if end >= maxTokenLength {
                throw RDFParseError.limitExceeded(
                    location(tokenStart), limit: "maximum Turtle token length in bytes", value: maxTokenLength)
            }
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            bigger.update(from: buffer, count: end)
            buffer.deallocate()
            buffer = bigger
            capacity *= 2
        }
        while true {
            let n = read(fd, buffer + end, capacity - end)
            if n < 0 {
                if errno == EINTR { continue }
                throw RDFParseError.io(path: documentName, message: String(cString: strerror(errno)))
            }
            if n == 0 { atEOF = true } else { end += n }
            return
        }
    }

    /// The byte at `i`, nil at the end of the input; throws ``TurtleNeedMoreInput``
    /// when `i` is past the buffer but not past the input.
    @inline(__always) func byte(at i: Int) throws -> UInt8? {
        if i < end { return buffer[i] }
        if atEOF { return nil }
        throw TurtleNeedMoreInput()
    }

    /// Skips spaces, line ends and comments, counting lines.
    mutating func skipLayout() throws {
        while true {
            // Spaces, tabs and LF in a local loop (the common indentation and line ends).
            var i = pos
            let e = end, p = buffer
            while i < e {
                let b = p[i]
                if b == 0x20 || b == 0x09 {
                    i &+= 1
                } else if b == 0x0A {
                    i &+= 1
                    line += 1
                    lineStart = i
                    columnCarry = 0
                } else {
                    break
                }
            }
            pos = i
            if pos >= end {
                if atEOF { return }
                try refill(keepFrom: pos)
                continue
            }
            let c = buffer[pos]
            if c == 0x0D {
                if pos + 1 >= end && !atEOF {
                    try refill(keepFrom: pos)
                    continue
                }
                pos += 1
                if pos < end && buffer[pos] == 0x0A { pos += 1 }
                newLine()
            } else if c == UInt8(ascii: "#") {
                var i = pos + 1
                var high = false
                while i < end {
                    let b = buffer[i]
                    if b == 0x0A || b == 0x0D { break }
                    if b >= 0x80 { high = true }
                    i += 1
                }
                if i == end && !atEOF {
                    if end - pos >= maxTokenLength {
                        throw RDFParseError.limitExceeded(
                            location(pos), limit: "maximum Turtle comment length in bytes", value: maxTokenLength)
                    }
                    tokenStart = pos
                    try refill(keepFrom: pos)
                    continue
                }
                if high && !NTriplesScanner.isValidUTF8(UnsafeBufferPointer(start: buffer + pos, count: i - pos)) {
                    throw failure("invalid UTF-8 in a comment", at: firstInvalidUTF8(from: pos))
                }
                pos = i
            } else {
                return
            }
        }
    }

    @inline(__always) mutating func newLine() {
        line += 1
        lineStart = pos
        columnCarry = 0
    }

    // MARK: Grammar

    /// Parses statements until the end of the input.
    mutating func run<S: TripleSink>(into sink: inout S) throws {
        while true {
            let token = try nextToken()
            switch state {
            case .statement:
                switch token {
                case .eof:
                    return
                case .iriRef(let s), .prefixedName(let s):
                    current.subject = .iri(s)
                    state = .verb
                case .blank(let b):
                    current.subject = .blank(b)
                    state = .verb
                case .openBracket:
                    try push(Frame(kind: .propertyList, role: .subject, subject: newBlank()))
                    state = .verbOrCloseAnon
                case .openParen:
                    try push(Frame(kind: .collection, role: .subject, subject: nil))
                    state = .collectionItem
                case .atPrefix:
                    state = .prefixName(sparql: false)
                    declaringPrefix = true
                case .sparqlPrefix:
                    state = .prefixName(sparql: true)
                    declaringPrefix = true
                case .atBase:
                    state = .baseIRI(sparql: false)
                case .sparqlBase:
                    state = .baseIRI(sparql: true)
                default:
                    throw unexpected(token, "expected a subject (an IRI, a prefixed name, a blank node, '[' or '('), a directive or the end of the input")
                }
            case .verb, .verbOrCloseAnon, .verbOrEnd, .verbOrDot:
                switch token {
                case .iriRef(let p), .prefixedName(let p):
                    current.predicate = p
                    state = .object
                case .a:
                    current.predicate = rdfType
                    state = .object
                case .closeBracket where state == .verbOrCloseAnon:
                    try closePropertyList(empty: true)
                case .closeBracket where state == .verbOrEnd && current.kind == .propertyList:
                    try closePropertyList(empty: false)
                case .semicolon where state == .verbOrEnd:
                    break
                case .dot where (state == .verbOrEnd && current.kind == .statement) || state == .verbOrDot:
                    endStatement()
                default:
                    var expected = "expected a predicate (an IRI, a prefixed name or 'a')"
                    switch state {
                    case .verbOrCloseAnon: expected += " or ']'"
                    case .verbOrEnd: expected += current.kind == .statement ? " or '.'" : " or ']'"
                    case .verbOrDot: expected += " or '.'"
                    default: break
                    }
                    throw unexpected(token, expected)
                }
            case .object, .collectionItem:
                switch token {
                case .iriRef(let o), .prefixedName(let o):
                    try deliver(.iri(o), into: &sink)
                case .blank(let b):
                    try deliver(.blank(b), into: &sink)
                case .literal:
                    try deliver(.literal(literal), into: &sink)
                case .openBracket:
                    let b = newBlank()
                    try deliver(b, into: &sink)
                    try push(Frame(kind: .propertyList, role: .object, subject: b))
                    state = .verbOrCloseAnon
                case .openParen:
                    try push(Frame(kind: .collection, role: .object, subject: nil))
                    state = .collectionItem
                case .closeParen where state == .collectionItem:
                    try closeCollection(into: &sink)
                default:
                    throw unexpected(token, state == .collectionItem
                        ? "expected an object (an IRI, a prefixed name, a blank node, a literal, '[' or '(') or ')'"
                        : "expected an object (an IRI, a prefixed name, a blank node, a literal, '[' or '(')")
                }
            case .afterObject:
                switch token {
                case .comma:
                    state = .object
                case .semicolon:
                    state = .verbOrEnd
                case .dot where current.kind == .statement:
                    endStatement()
                case .closeBracket where current.kind == .propertyList:
                    try closePropertyList(empty: false)
                default:
                    throw unexpected(token, current.kind == .statement
                        ? "expected ',', ';' or '.' after the object"
                        : "expected ',', ';' or ']' after the object")
                }
            case .prefixName(let sparql):
                declaringPrefix = false
                guard case .prefixDeclaration(let name) = token else {
                    throw unexpected(token, "expected a prefix name ending in ':' after '\(sparql ? "PREFIX" : "@prefix")'")
                }
                pendingPrefix = name
                state = .prefixIRI(sparql: sparql)
            case .prefixIRI(let sparql):
                guard case .iriRef(let iri) = token else {
                    throw unexpected(token, "expected the namespace IRI '<…>' of prefix '\(pendingPrefix):'")
                }
                declarePrefix(pendingPrefix, iri)
                state = sparql ? .statement : .directiveDot
            case .baseIRI(let sparql):
                guard case .iriRef(let iri) = token else {
                    throw unexpected(token, "expected the base IRI '<…>' after '\(sparql ? "BASE" : "@base")'")
                }
                baseIRI = iri
                state = sparql ? .statement : .directiveDot
            case .directiveDot:
                guard case .dot = token else {
                    throw unexpected(token, "expected '.' to end the directive")
                }
                state = .statement
            }
        }
    }

    /// `term` is the next object of the current frame: a triple, or a new list cell.
    @inline(__always)
    mutating func deliver<S: TripleSink>(_ term: Term, into sink: inout S) throws {
        if current.kind == .collection {
            let cell = newBlank()
            if let last = current.last {
                try sink.consume(Triple(last, rdfRest, cell))
            } else {
                current.subject = cell
            }
            try sink.consume(Triple(cell, rdfFirst, term))
            current.last = cell
            state = .collectionItem
        } else {
            try sink.consume(Triple(current.subject!, current.predicate, term))
            state = .afterObject
        }
    }

    mutating func push(_ frame: Frame) throws {
        if stack.count >= maxNestingDepth {
            throw RDFParseError.limitExceeded(
                location(tokenStart), limit: "maximum nesting depth of '[' and '('", value: maxNestingDepth)
        }
        stack.append(current)
        current = frame
    }

    mutating func closePropertyList(empty: Bool) throws {
        let frame = current
        current = stack.removeLast()
        if frame.role == .subject {
            current.subject = frame.subject
            state = empty ? .verb : .verbOrDot
        } else {
            state = current.kind == .collection ? .collectionItem : .afterObject
        }
    }

    mutating func closeCollection<S: TripleSink>(into sink: inout S) throws {
        let frame = current
        if let last = frame.last { try sink.consume(Triple(last, rdfRest, rdfNil)) }
        let head = frame.subject ?? rdfNil
        current = stack.removeLast()
        if frame.role == .subject {
            current.subject = head
            state = .verb
        } else {
            try deliver(head, into: &sink)
        }
    }

    mutating func endStatement() {
        current.subject = nil
        state = .statement
    }

    mutating func newBlank() -> Term {
        blankCounter += 1
        return .blank("genid" + String(blankCounter))
    }

    mutating func declarePrefix(_ name: String, _ iri: String) {
        if let i = prefixIndex[name] {
            prefixIRIs[i] = Array(iri.utf8)
        } else {
            prefixIndex[name] = prefixNames.count
            prefixNames.append(Array(name.utf8))
            prefixIRIs.append(Array(iri.utf8))
        }
    }

    func unexpected(_ token: TurtleToken, _ expected: String) -> RDFParseError {
        failure("\(expected), found \(token.label)", at: tokenStart)
    }

    // MARK: Tokens

    /// The next token; refills the buffer and scans again when a token is cut by its end.
    mutating func nextToken() throws -> TurtleToken {
        try skipLayout()
        tokenStart = pos
        while true {
            do {
                return try scanToken()
            } catch is TurtleNeedMoreInput {
                try refill(keepFrom: tokenStart)
                pos = tokenStart
            }
        }
    }

    mutating func scanToken() throws -> TurtleToken {
        if pos >= end { return .eof }
        let c = buffer[pos]
        switch c {
        case UInt8(ascii: "<"):
            return .iriRef(try scanIRIRef())
        case UInt8(ascii: ":"):
            return try scanName()
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            literal = try scanLiteral()
            return .literal
        case UInt8(ascii: "_"):
            guard try byte(at: pos + 1) == UInt8(ascii: ":") else {
                throw failure("expected '_:' to start a blank node label (a prefix cannot start with '_')", at: pos)
            }
            return .blank(try scanBlankNodeLabel())
        case UInt8(ascii: ";"): pos += 1; return .semicolon
        case UInt8(ascii: ","): pos += 1; return .comma
        case UInt8(ascii: "["): pos += 1; return .openBracket
        case UInt8(ascii: "]"): pos += 1; return .closeBracket
        case UInt8(ascii: "("): pos += 1; return .openParen
        case UInt8(ascii: ")"): pos += 1; return .closeParen
        case UInt8(ascii: "."):
            if let next = try byte(at: pos + 1), isDigit(next) {
                literal = try scanNumber()
                return .literal
            }
            pos += 1
            return .dot
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"):
            literal = try scanNumber()
            return .literal
        case UInt8(ascii: "@"):
            return try scanAtKeyword()
        default:
            if isASCIILetter(c) { return try scanName() }
            if c >= 0x80 {
                let (scalar, _) = try scalar(at: pos, what: "a name")
                if NTriplesScanner.isPNCharsBase(scalar) { return try scanName() }
            }
            throw failure("unexpected \(describe(at: pos)) (expected an IRI, a prefixed name, a blank node, a literal, punctuation or a directive)", at: pos)
        }
    }

    /// Decodes the UTF-8 scalar at `p` (which must be below `end`), asking for more input
    /// when the buffer cuts it.
    func scalar(at p: Int, what: String) throws -> (UInt32, Int) {
        let b0 = buffer[p]
        let need = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : 2
        if p + need > end && !atEOF { throw TurtleNeedMoreInput() }
        guard let r = decodeScalar(at: p) else { throw failure("invalid UTF-8 in \(what)", at: p) }
        return r
    }

    func describe(at p: Int) -> String {
        let c = buffer[p]
        if c >= 0x80 { return "character" }
        if c < 0x20 || c == 0x7F {
            let hex = String(c, radix: 16, uppercase: true)
            return "character U+" + String(repeating: "0", count: 4 - hex.count) + hex
        }
        return "character '\(Character(Unicode.Scalar(c)))'"
    }

    // MARK: IRIs

    /// Scans `<…>` at `pos` and returns it resolved against the base.
    mutating func scanIRIRef() throws -> String {
        let open = pos
        let start = pos + 1
        let p = UnsafePointer(buffer), e = end, table = iriTable
        var seen: UInt8 = 0
        let i = NTriplesByteClass.skipPlain(table, p, start, e, seen: &seen)
        guard i < e else {
            if !atEOF { throw TurtleNeedMoreInput() }
            throw failure("expected '>' to close the IRI", at: i)
        }
        let cls = table[Int(p[i])]
        if cls == NTriplesByteClass.close {
            pos = i + 1
            let bytes = UnsafeBufferPointer(start: p + start, count: i - start)
            if seen >= 0x80 && !NTriplesScanner.isValidUTF8(bytes) {
                throw failure("invalid UTF-8 in an IRI", at: firstInvalidUTF8(from: start))
            }
            return try resolve(bytes, at: open)
        }
        if cls == NTriplesByteClass.backslash {
            scratch.removeAll(keepingCapacity: true)
            scratch.append(contentsOf: UnsafeBufferPointer(start: p + start, count: i - start))
            pos = i
            while true {
                guard let c = try byte(at: pos) else { throw failure("expected '>' to close the IRI", at: pos) }
                let k = table[Int(c)]
                if k == NTriplesByteClass.plain {
                    scratch.append(c)
                    pos += 1
                } else if k == NTriplesByteClass.close {
                    pos += 1
                    break
                } else if k == NTriplesByteClass.backslash {
                    let next = try byte(at: pos + 1)
                    guard next == UInt8(ascii: "u") || next == UInt8(ascii: "U") else {
                        throw failure("expected '\\u' or '\\U' (only numeric escapes are allowed in IRIs)", at: pos)
                    }
                    let escapeAt = pos
                    let v = try scanNumericEscape()
                    if v <= 0x20 || (v < 0x80 && "<>\"{}|^`\\".utf8.contains(UInt8(v))) {
                        throw failure("the escape denotes a character that is not allowed in an IRI", at: escapeAt)
                    }
                    appendUTF8(v)
                } else {
                    throw forbiddenInIRI(at: pos)
                }
            }
            let bytes = scratch
            return try bytes.withUnsafeBufferPointer { b in
                if !NTriplesScanner.isValidUTF8(b) {
                    throw failure("invalid UTF-8 in an IRI", at: firstInvalidUTF8(from: start))
                }
                return try resolve(b, at: open)
            }
        }
        throw forbiddenInIRI(at: i)
    }

    func forbiddenInIRI(at p: Int) -> RDFParseError {
        failure("\(describe(at: p)) is not allowed in an IRI (expected an IRI character or '>')", at: p)
    }

    /// Resolves an IRI reference against the current base.
    mutating func resolve(_ bytes: UnsafeBufferPointer<UInt8>, at open: Int) throws -> String {
        guard let base = baseIRI else {
            guard IRIResolver.schemeLength(bytes) != nil else {
                throw RDFParseError.invalidIRI(
                    location(open), iri: String(decoding: bytes, as: UTF8.self),
                    reason: "a relative IRI reference needs a base IRI (none was given and no @base came before)")
            }
            return IRIResolver.resolve(String(decoding: bytes, as: UTF8.self), against: "")
        }
        // The characters were checked while scanning; only dot segments matter here.
        return iriCache.resolve(bytes, maybeDotSegments: Self.mayHaveDotSegments(bytes), against: base)
    }

    /// True when some "." starts `bytes` or follows "/" or ":" (see ``IRIByteClass``).
    @inline(__always)
    static func mayHaveDotSegments(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let p = bytes.baseAddress else { return false }
        var from = p
        let end = p + bytes.count
        while from < end, let d = memchr(from, 0x2E, end - from) {
            let dot = UnsafePointer(d.assumingMemoryBound(to: UInt8.self))
            if dot == p || dot[-1] == UInt8(ascii: "/") || dot[-1] == UInt8(ascii: ":") { return true }
            from = dot + 1
        }
        return false
    }

    /// Scans `\uXXXX` or `\UXXXXXXXX` at `pos` (which holds the backslash).
    mutating func scanNumericEscape() throws -> UInt32 {
        let escapeStart = pos
        let digits = buffer[pos + 1] == UInt8(ascii: "u") ? 4 : 8
        pos += 2
        var value: UInt32 = 0
        for _ in 0..<digits {
            guard let c = try byte(at: pos), let h = hexValue(c) else {
                throw failure("expected \(digits) hexadecimal digits after '\\\(digits == 4 ? "u" : "U")'", at: pos)
            }
            value = value << 4 | UInt32(h)
            pos += 1
        }
        guard Unicode.Scalar(value) != nil else {
            throw failure("escape does not denote a Unicode scalar value (surrogate or above U+10FFFF)", at: escapeStart)
        }
        return value
    }

    // MARK: Names

    /// Scans a prefixed name (or, in a prefix declaration, `p:`) or a keyword
    /// (`a`, `true`, `false`, `PREFIX`, `BASE`).
    mutating func scanName() throws -> TurtleToken {
        let start = pos
        var i = pos
        let table = nameTable
        // PN_PREFIX: PN_CHARS_BASE ((PN_CHARS | '.')* PN_CHARS)?
        while i < end {
            let c = buffer[i]
            if c < 0x80 {
                if table[Int(c)] != 0 || c == UInt8(ascii: ".") { i += 1 } else { break }
            } else {
                let (v, n) = try scalar(at: i, what: "a prefix name")
                guard NTriplesScanner.isPNChars(v) else { break }
                i += n
            }
        }
        let colon = try byte(at: i)
        if colon != UInt8(ascii: ":") {
            // A keyword; dots after it end the statement.
            var wordEnd = i
            while wordEnd > start && buffer[wordEnd - 1] == UInt8(ascii: ".") { wordEnd -= 1 }
            pos = wordEnd
            let word = UnsafeBufferPointer(start: buffer + start, count: wordEnd - start)
            if word.count == 1 && word[0] == UInt8(ascii: "a") { return .a }
            if word.elementsEqual("true".utf8) || word.elementsEqual("false".utf8) {
                literal = Literal(String(decoding: word, as: UTF8.self), datatype: xsdBoolean)
                return .literal
            }
            if Self.equalsIgnoringCase(word, "prefix") { return .sparqlPrefix }
            if Self.equalsIgnoringCase(word, "base") { return .sparqlBase }
            throw failure("unknown word '\(String(decoding: word, as: UTF8.self))' (expected a prefixed name 'prefix:name', 'a', 'true', 'false', PREFIX or BASE)", at: start)
        }
        if i > start && buffer[i - 1] == UInt8(ascii: ".") {
            throw failure("a prefix name cannot end with '.'", at: i - 1)
        }
        let prefix = UnsafeBufferPointer(start: buffer + start, count: i - start)
        let localStart = i + 1
        if declaringPrefix {
            if let next = try byte(at: localStart), next != 0x20 && next != 0x09 && next != 0x0A && next != 0x0D && next != UInt8(ascii: "<") && next != UInt8(ascii: "#") {
                throw failure("expected a prefix name ending in ':' (no local name in a prefix declaration)", at: localStart)
            }
            pos = localStart
            return .prefixDeclaration(String(decoding: prefix, as: UTF8.self))
        }
        // PN_LOCAL: (PN_CHARS_U | ':' | [0-9] | PLX) ((PN_CHARS | '.' | ':' | PLX)* (PN_CHARS | ':' | PLX))?
        var j = localStart
        var lastGood = localStart
        var escaped = false
        var first = true
        while true {
            if !first {
                // Fast path: a run of ASCII letters, digits, '_' and '-'.
                let runStart = j
                while j < end && table[Int(buffer[j])] != 0 { j += 1 }
                if j > runStart { lastGood = j }
            }
            guard let c = try byte(at: j) else { break }
            if c < 0x80 {
                if table[Int(c)] != 0 {
                    if first && c == UInt8(ascii: "-") { break }
                    j += 1
                    lastGood = j
                } else if c == UInt8(ascii: ":") {
                    j += 1
                    lastGood = j
                } else if c == UInt8(ascii: ".") {
                    if first { break }
                    j += 1
                } else if c == UInt8(ascii: "%") {
                    guard let h1 = try byte(at: j + 1), hexValue(h1) != nil,
                          let h2 = try byte(at: j + 2), hexValue(h2) != nil else {
                        throw failure("expected two hexadecimal digits after '%' in a local name", at: j)
                    }
                    j += 3
                    lastGood = j
                } else if c == UInt8(ascii: "\\") {
                    guard let e = try byte(at: j + 1), Self.isLocalEscape(e) else {
                        throw failure("invalid escape in a local name (expected '\\' followed by one of _~.-!$&'()*+,;=/?#@%)", at: j)
                    }
                    escaped = true
                    j += 2
                    lastGood = j
                } else {
                    break
                }
            } else {
                let (v, n) = try scalar(at: j, what: "a local name")
                guard first ? NTriplesScanner.isPNCharsBase(v) : NTriplesScanner.isPNChars(v) else { break }
                j += n
                lastGood = j
            }
            first = false
        }
        pos = lastGood
        let index = try prefixNumber(prefix, at: start)
        let local = UnsafeBufferPointer(start: buffer + localStart, count: lastGood - localStart)
        if !escaped {
            return .prefixedName(prefixIRIs[index].withUnsafeBufferPointer { Self.concatenate($0, local) })
        }
        scratch.removeAll(keepingCapacity: true)
        var k = 0
        while k < local.count {
            if local[k] == UInt8(ascii: "\\") { k += 1 }
            scratch.append(local[k])
            k += 1
        }
        let unescaped = scratch
        return .prefixedName(prefixIRIs[index].withUnsafeBufferPointer { iri in
            unescaped.withUnsafeBufferPointer { Self.concatenate(iri, $0) }
        })
    }

    /// The index of a declared prefix. A small table hashed on the name's length and
    /// first and last bytes answers most look-ups without making a `String`; the
    /// dictionary answers the rest (and every undefined prefix).
    mutating func prefixNumber(_ name: UnsafeBufferPointer<UInt8>, at p: Int) throws -> Int {
        let n = name.count
        let slot = n == 0 ? 0 : (n &* 31 &+ Int(name[0]) &* 7 &+ Int(name[n - 1])) & (Self.prefixSlotCount - 1)
        let cached = prefixSlots[slot] - 1
        if cached >= 0 {
            let hit = prefixNames[cached].withUnsafeBufferPointer { known in
                known.count == n && (n == 0 || memcmp(known.baseAddress!, name.baseAddress!, n) == 0)
            }
            if hit { return cached }
        }
        guard let i = prefixIndex[String(decoding: name, as: UTF8.self)] else {
            throw failure("undefined prefix '\(String(decoding: name, as: UTF8.self)):' (declare it with @prefix)", at: p)
        }
        prefixSlots[slot] = i + 1
        return i
    }

    static func isLocalEscape(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "!"),
             UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"),
             UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "="),
             UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#"), UInt8(ascii: "@"), UInt8(ascii: "%"):
            return true
        default:
            return false
        }
    }

    static func equalsIgnoringCase(_ word: UnsafeBufferPointer<UInt8>, _ keyword: String) -> Bool {
        word.count == keyword.utf8.count && zip(word, keyword.utf8).allSatisfy { ($0 | 0x20) == $1 }
    }

    @inline(__always)
    static func concatenate(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: a.count + b.count) { out in
            let o = out.baseAddress!
            if a.count > 0 { o.update(from: a.baseAddress!, count: a.count) }
            if b.count > 0 { (o + a.count).update(from: b.baseAddress!, count: b.count) }
            return a.count + b.count
        }
    }

    /// Scans `@prefix` or `@base`.
    mutating func scanAtKeyword() throws -> TurtleToken {
        var i = pos + 1
        while let c = try byte(at: i), isASCIILetter(c) || c == UInt8(ascii: "-") || isDigit(c) { i += 1 }
        let word = UnsafeBufferPointer(start: buffer + pos + 1, count: i - pos - 1)
        if word.elementsEqual("prefix".utf8) { pos = i; return .atPrefix }
        if word.elementsEqual("base".utf8) { pos = i; return .atBase }
        throw failure("expected '@prefix' or '@base' (a language tag must follow a string directly)", at: pos)
    }

    /// Scans `_:label` at `pos` and returns the label (mapped as ``TurtleParser`` describes).
    mutating func scanBlankNodeLabel() throws -> String {
        var i = pos + 2
        let start = i
        guard let first = try byte(at: i) else { throw failure("expected a blank node label after '_:'", at: i) }
        if first < 0x80 {
            guard isASCIILetter(first) || isDigit(first) || first == UInt8(ascii: "_") else {
                throw failure("expected a letter, digit or '_' to start the blank node label", at: i)
            }
            i += 1
        } else {
            let (v, n) = try scalar(at: i, what: "a blank node label")
            guard NTriplesScanner.isPNCharsBase(v) else {
                throw failure("expected a letter, digit or '_' to start the blank node label", at: i)
            }
            i += n
        }
        var lastGood = i
        let table = nameTable
        while let c = try byte(at: i) {
            if c < 0x80 {
                if table[Int(c)] != 0 {
                    i += 1
                    lastGood = i
                } else if c == UInt8(ascii: ".") {
                    i += 1
                } else {
                    break
                }
            } else {
                let (v, n) = try scalar(at: i, what: "a blank node label")
                guard NTriplesScanner.isPNChars(v) else { break }
                i += n
                lastGood = i
            }
        }
        pos = lastGood
        let label = UnsafeBufferPointer(start: buffer + start, count: lastGood - start)
        let clash = label[0] == UInt8(ascii: "u")
            || (label.count >= 5 && label[0] == UInt8(ascii: "g") && label.starts(with: "genid".utf8))
        if clash {
            var mapped = "u"
            mapped += String(decoding: label, as: UTF8.self)
            return mapped
        }
        return String(decoding: label, as: UTF8.self)
    }

    // MARK: Literals

    /// Scans a string with its language tag or datatype.
    mutating func scanLiteral() throws -> Literal {
        let lexical = try scanString()
        guard let c = try byte(at: pos) else { return Literal(lexical) }
        if c == UInt8(ascii: "@") {
            let tagStart = pos + 1
            var i = tagStart
            while let b = try byte(at: i), isASCIILetter(b) { i += 1 }
            if i == tagStart { throw failure("expected a language tag of letters after '@'", at: i) }
            while try byte(at: i) == UInt8(ascii: "-") {
                i += 1
                let subtagStart = i
                while let b = try byte(at: i), isASCIILetter(b) || isDigit(b) { i += 1 }
                if i == subtagStart { throw failure("expected letters or digits after '-' in the language tag", at: i) }
            }
            pos = i
            return Literal(lexical, language: String(decoding: UnsafeBufferPointer(start: buffer + tagStart, count: i - tagStart), as: UTF8.self))
        }
        if c == UInt8(ascii: "^") {
            guard try byte(at: pos + 1) == UInt8(ascii: "^") else {
                throw failure("expected '^^' to introduce the literal's datatype", at: pos)
            }
            pos += 2
            guard let d = try byte(at: pos) else { throw failure("expected a datatype IRI after '^^'", at: pos) }
            if d == UInt8(ascii: "<") { return Literal(lexical, datatype: try scanIRIRef()) }
            if d == UInt8(ascii: ":") || isASCIILetter(d) || d >= 0x80 {
                let saved = declaringPrefix
                declaringPrefix = false
                defer { declaringPrefix = saved }
                let name = try scanName()
                if case .prefixedName(let iri) = name { return Literal(lexical, datatype: iri) }
            }
            throw failure("expected a datatype IRI ('<…>' or a prefixed name) after '^^'", at: pos)
        }
        return Literal(lexical)
    }

    /// Scans one of the four string forms at `pos` and returns its value.
    mutating func scanString() throws -> String {
        let open = pos
        let q = buffer[pos]
        var long = false
        if try byte(at: pos + 1) == q {
            if try byte(at: pos + 2) == q {
                long = true
            } else {
                pos += 2
                return ""
            }
        }
        let start = long ? pos + 3 : pos + 1
        let table = long
            ? (q == 0x22 ? longDoubleTable : longSingleTable)
            : (q == 0x22 ? shortDoubleTable : shortSingleTable)
        var seen: UInt8 = 0
        var escaped = false
        var segment = start
        var i = start
        var closeAt = 0
        while true {
            i = NTriplesByteClass.skipPlain(table, UnsafePointer(buffer), i, end, seen: &seen)
            if i >= end {
                if !atEOF { throw TurtleNeedMoreInput() }
                throw failure("expected \(long ? "\(Character(Unicode.Scalar(q)))\(Character(Unicode.Scalar(q)))\(Character(Unicode.Scalar(q)))" : "\(Character(Unicode.Scalar(q)))") to close the string", at: i)
            }
            let cls = table[Int(buffer[i])]
            if cls == NTriplesByteClass.close {
                if !long {
                    closeAt = i
                    pos = i + 1
                    break
                }
                if try byte(at: i + 1) == q, try byte(at: i + 2) == q {
                    closeAt = i
                    pos = i + 3
                    break
                }
                i += 1
            } else if cls == NTriplesByteClass.backslash {
                if !escaped {
                    escaped = true
                    scratch.removeAll(keepingCapacity: true)
                }
                scratch.append(contentsOf: UnsafeBufferPointer(start: buffer + segment, count: i - segment))
                guard let e = try byte(at: i + 1) else { throw failure("expected an escape after '\\'", at: i) }
                var simple: UInt8 = 0
                switch e {
                case UInt8(ascii: "t"): simple = 0x09
                case UInt8(ascii: "b"): simple = 0x08
                case UInt8(ascii: "n"): simple = 0x0A
                case UInt8(ascii: "r"): simple = 0x0D
                case UInt8(ascii: "f"): simple = 0x0C
                case UInt8(ascii: "\""): simple = 0x22
                case UInt8(ascii: "'"): simple = 0x27
                case UInt8(ascii: "\\"): simple = 0x5C
                case UInt8(ascii: "u"), UInt8(ascii: "U"):
                    pos = i
                    appendUTF8(try scanNumericEscape())
                    i = pos
                    segment = i
                    continue
                default:
                    throw failure(
                        "invalid escape in a string (expected one of \\t \\b \\n \\r \\f \\\" \\' \\\\ \\uXXXX \\UXXXXXXXX)",
                        at: i)
                }
                scratch.append(simple)
                i += 2
                segment = i
            } else {
                throw failure("a line end is not allowed in a short string (use \"\"\" or ''' for strings over several lines)", at: i)
            }
        }
        if closeAt - start > maxTokenLength {
            throw RDFParseError.limitExceeded(location(open), limit: "maximum Turtle token length in bytes", value: maxTokenLength)
        }
        let result: String
        if escaped {
            scratch.append(contentsOf: UnsafeBufferPointer(start: buffer + segment, count: closeAt - segment))
            let bytes = scratch
            result = try bytes.withUnsafeBufferPointer { b in
                if seen >= 0x80 && !NTriplesScanner.isValidUTF8(b) {
                    throw failure("invalid UTF-8 in a string", at: firstInvalidUTF8(from: start))
                }
                return String(decoding: b, as: UTF8.self)
            }
        } else {
            let b = UnsafeBufferPointer(start: buffer + start, count: closeAt - start)
            if seen >= 0x80 && !NTriplesScanner.isValidUTF8(b) {
                throw failure("invalid UTF-8 in a string", at: firstInvalidUTF8(from: start))
            }
            result = String(decoding: b, as: UTF8.self)
        }
        if long { commitLines(from: start, to: closeAt) }
        return result
    }

    /// Counts the line ends inside a long string once it is complete.
    mutating func commitLines(from a: Int, to b: Int) {
        var i = a
        while i < b {
            let c = buffer[i]
            if c == 0x0A || (c == 0x0D && !(i + 1 < end && buffer[i + 1] == 0x0A)) {
                line += 1
                lineStart = i + 1
                columnCarry = 0
            }
            i += 1
        }
    }

    /// Scans an integer, decimal or double, keeping its lexical form.
    mutating func scanNumber() throws -> Literal {
        let start = pos
        var i = pos
        let c0 = buffer[i]
        if c0 == UInt8(ascii: "+") || c0 == UInt8(ascii: "-") { i += 1 }
        let intStart = i
        while let c = try byte(at: i), isDigit(c) { i += 1 }
        let intDigits = i - intStart
        var datatype = xsdInteger
        if try byte(at: i) == UInt8(ascii: ".") {
            var j = i + 1
            while let c = try byte(at: j), isDigit(c) { j += 1 }
            if j > i + 1 {
                i = j
                datatype = xsdDecimal
            } else if intDigits > 0, let e = try byte(at: j), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
                i = j
                datatype = xsdDecimal
            }
        }
        if let e = try byte(at: i), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            var j = i + 1
            if let s = try byte(at: j), s == UInt8(ascii: "+") || s == UInt8(ascii: "-") { j += 1 }
            let expStart = j
            while let c = try byte(at: j), isDigit(c) { j += 1 }
            if j == expStart {
                throw failure("expected digits in the exponent of the number", at: j)
            }
            i = j
            datatype = xsdDouble
        }
        if intDigits == 0 && datatype == xsdInteger {
            throw failure("expected digits in the number", at: i)
        }
        if datatype == xsdDecimal && buffer[i - 1] == UInt8(ascii: ".") {
            // "1." followed by no digits and no exponent: the dot ends the statement.
            i -= 1
            datatype = xsdInteger
        }
        pos = i
        return Literal(String(decoding: UnsafeBufferPointer(start: buffer + start, count: i - start), as: UTF8.self),
                       datatype: datatype)
    }

    // MARK: Characters

    @inline(__always) func isASCIILetter(_ c: UInt8) -> Bool {
        (c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "z")
    }

    @inline(__always) func isDigit(_ c: UInt8) -> Bool {
        c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")
    }

    @inline(__always) func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        default: return nil
        }
    }

    mutating func appendUTF8(_ v: UInt32) {
        if v < 0x80 {
            scratch.append(UInt8(v))
        } else if v < 0x800 {
            scratch.append(UInt8(0xC0 | (v >> 6)))
            scratch.append(UInt8(0x80 | (v & 0x3F)))
        } else if v < 0x10000 {
            scratch.append(UInt8(0xE0 | (v >> 12)))
            scratch.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            scratch.append(UInt8(0x80 | (v & 0x3F)))
        } else {
            scratch.append(UInt8(0xF0 | (v >> 18)))
            scratch.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            scratch.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            scratch.append(UInt8(0x80 | (v & 0x3F)))
        }
    }

    /// Decodes one UTF-8 scalar at `p` (see ``NTriplesScanner/decodeScalar(at:)``).
    func decodeScalar(at p: Int) -> (UInt32, Int)? {
        let b0 = buffer[p]
        if b0 < 0x80 { return (UInt32(b0), 1) }
        @inline(__always) func cont(_ i: Int) -> UInt32? {
            guard p + i < end else { return nil }
            let b = buffer[p + i]
            return b & 0xC0 == 0x80 ? UInt32(b & 0x3F) : nil
        }
        if b0 >= 0xC2 && b0 <= 0xDF {
            guard let c1 = cont(1) else { return nil }
            return (UInt32(b0 & 0x1F) << 6 | c1, 2)
        }
        if b0 >= 0xE0 && b0 <= 0xEF {
            guard let c1 = cont(1), let c2 = cont(2) else { return nil }
            let v = UInt32(b0 & 0x0F) << 12 | c1 << 6 | c2
            if v < 0x800 || (v >= 0xD800 && v <= 0xDFFF) { return nil }
            return (v, 3)
        }
        if b0 >= 0xF0 && b0 <= 0xF4 {
            guard let c1 = cont(1), let c2 = cont(2), let c3 = cont(3) else { return nil }
            let v = UInt32(b0 & 0x07) << 18 | c1 << 12 | c2 << 6 | c3
            if v < 0x10000 || v > 0x10FFFF { return nil }
            return (v, 4)
        }
        return nil
    }

    /// The position of the first invalid UTF-8 sequence at or after `p` (only for errors).
    func firstInvalidUTF8(from p: Int) -> Int {
        var i = p
        while i < end {
            guard let (_, length) = decodeScalar(at: i) else { return i }
            i += length
        }
        return i
    }

    // MARK: Errors

    /// Characters (not continuation bytes, not line ends) in `buffer[a..<b]`.
    func characters(from a: Int, to b: Int) -> Int {
        var n = 0
        var i = a
        while i < b {
            if buffer[i] & 0xC0 != 0x80 { n += 1 }
            i += 1
        }
        return n
    }

    /// The location of byte `p` of the buffer (column counted in characters).
    func location(_ p: Int) -> SourceLocation {
        var l = line
        var column = 1 + columnCarry
        var i = lineStart
        let stop = min(p, end)
        while i < stop {
            let c = buffer[i]
            if c == 0x0A {
                l += 1
                column = 1
            } else if c == 0x0D {
                if !(i + 1 < end && buffer[i + 1] == 0x0A) {
                    l += 1
                    column = 1
                }
            } else if c & 0xC0 != 0x80 {
                column += 1
            }
            i += 1
        }
        return SourceLocation(file: documentName, line: l, column: column)
    }

    func failure(_ expected: String, at p: Int) -> RDFParseError {
        .syntax(location(p), message: expected)
    }
}
