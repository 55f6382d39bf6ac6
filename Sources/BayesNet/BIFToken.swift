/// One lexical token of a BIF file.
struct BIFToken: Sendable {
    enum Kind: Sendable, Equatable {
        /// A bare word: keyword, name, state label or number.
        case word
        /// A double-quoted string (quotes removed).
        case quoted
        /// One of `{ } ( ) [ ] ; , |`.
        case punctuation(UInt8)
        case endOfFile
    }

    var kind: Kind
    var text: String
    var line: Int
    var column: Int

    /// How the token reads in an error message.
    var display: String {
        switch kind {
        case .word: return "'\(text)'"
        case .quoted: return "\"\(text)\""
        case let .punctuation(c): return "'\(Character(Unicode.Scalar(c)))'"
        case .endOfFile: return "end of file"
        }
    }

    /// A name: a bare word or a quoted string.
    var isName: Bool { kind == .word || kind == .quoted }

    @inline(__always) func isPunctuation(_ c: Unicode.Scalar) -> Bool { kind == .punctuation(UInt8(ascii: c)) }
    func isWord(_ w: String) -> Bool { kind == .word && text == w }
}
