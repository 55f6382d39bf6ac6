import Foundation

/// The uncased BERT tokenizer of all-MiniLM-L6-v2, reproducing HuggingFace's `BertTokenizer`
/// (basic tokenizer followed by WordPiece) id for id.
///
/// Basic tokenization: drop NUL, U+FFFD and control/format characters (category C* other than
/// tab, newline, carriage return), turn whitespace into spaces, put spaces around CJK ideographs,
/// split on whitespace, then per word: lower-case, strip accents (NFD, drop category Mn) and split
/// off every punctuation character. WordPiece: greedy longest match first, continuations prefixed
/// `##`; a word longer than `maxCharactersPerWord` scalars or with an unmatched remainder becomes
/// `[UNK]`. `encode` adds `[CLS]` and `[SEP]` and truncates to `maxLength` ids including them.
public struct BertTokenizer: Sendable {
    /// The vocabulary.
    public let vocabulary: Vocabulary
    /// Maximum ids per sentence including `[CLS]` and `[SEP]` (sentence-transformers: 256).
    public let maxLength: Int
    /// Words longer than this (in Unicode scalars) become `[UNK]` (HF: 100).
    public let maxCharactersPerWord: Int

    public let clsID: Int32
    public let sepID: Int32
    public let unknownID: Int32
    public let paddingID: Int32

    /// A tokenizer over `vocabulary`.
    public init(vocabulary: Vocabulary, maxLength: Int = 256, maxCharactersPerWord: Int = 100) {
        precondition(maxLength >= 2, "maxLength must leave room for [CLS] and [SEP]")
        self.vocabulary = vocabulary
        self.maxLength = maxLength
        self.maxCharactersPerWord = maxCharactersPerWord
        // Vocabulary.init guarantees the special tokens.
        clsID = vocabulary.id(of: "[CLS]")!
        sepID = vocabulary.id(of: "[SEP]")!
        unknownID = vocabulary.id(of: "[UNK]")!
        paddingID = vocabulary.id(of: "[PAD]")!
    }

    /// Reads `vocab.txt` and builds the tokenizer.
    public init(vocabularyFile: URL, maxLength: Int = 256) throws {
        self.init(vocabulary: try Vocabulary(contentsOf: vocabularyFile), maxLength: maxLength)
    }

    /// The result of tokenizing one sentence.
    public struct Encoding: Sendable, Equatable {
        /// `[CLS]`, the word-piece ids, `[SEP]`.
        public var ids: [Int32]
        /// True when word pieces were dropped to fit `maxLength`.
        public var truncated: Bool
    }

    /// The ids of `text` with `[CLS]` and `[SEP]`, truncated to `maxLength`.
    public func encode(_ text: String) -> Encoding {
        let pieces = wordPieces(text)
        let room = maxLength - 2
        var ids: [Int32] = []
        ids.reserveCapacity(min(pieces.count, room) + 2)
        ids.append(clsID)
        ids.append(contentsOf: pieces.prefix(room))
        ids.append(sepID)
        return Encoding(ids: ids, truncated: pieces.count > room)
    }

    /// The word-piece ids of `text`, without markers or truncation.
    public func wordPieces(_ text: String) -> [Int32] {
        var ids: [Int32] = []
        for word in basicTokens(text) {
            appendWordPieces(of: word, to: &ids)
        }
        return ids
    }

    /// The words of the basic tokenizer (lower-cased, accents stripped, punctuation split off),
    /// each as its Unicode scalars.
    public func basicTokens(_ text: String) -> [[Unicode.Scalar]] {
        // Clean, space out CJK ideographs, split on whitespace.
        var words: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        func flush() {
            if !current.isEmpty {
                words.append(current)
                current.removeAll(keepingCapacity: true)
            }
        }
        for c in text.unicodeScalars {
            if c.value == 0 || c.value == 0xFFFD || CharacterClasses.isControl(c) { continue }
            if CharacterClasses.isWhitespace(c) || CharacterClasses.isPythonSpace(c) {
                flush()
            } else if CharacterClasses.isCJK(c) {
                flush()
                words.append([c])
            } else {
                current.append(c)
            }
        }
        flush()

        var tokens: [[Unicode.Scalar]] = []
        tokens.reserveCapacity(words.count)
        for word in words {
            let normalized = Self.lowercasedWithoutAccents(word)
            // Split off punctuation: each punctuation scalar is a token of its own.
            var piece: [Unicode.Scalar] = []
            for c in normalized {
                if CharacterClasses.isPunctuation(c) {
                    if !piece.isEmpty { tokens.append(piece); piece.removeAll(keepingCapacity: true) }
                    tokens.append([c])
                } else {
                    piece.append(c)
                }
            }
            if !piece.isEmpty { tokens.append(piece) }
        }
        return tokens
    }

    /// Python's `str.lower()` then NFD with the nonspacing marks (Mn) removed. ASCII words, the
    /// common case, take a fast path.
    static func lowercasedWithoutAccents(_ word: [Unicode.Scalar]) -> [Unicode.Scalar] {
        if word.allSatisfy({ $0.isASCII }) {
            return word.map { c in
                (65...90).contains(c.value) ? Unicode.Scalar(c.value + 32)! : c
            }
        }
        var lowered = String.UnicodeScalarView()
        for (i, c) in word.enumerated() {
            if c.value == 0x03A3 {
                // Python applies the Final_Sigma rule: capital sigma after a cased letter and not
                // before one lower-cases to final sigma.
                lowered.append(isFinalSigma(word, at: i) ? "\u{03C2}" : "\u{03C3}")
            } else {
                lowered.append(contentsOf: c.properties.lowercaseMapping.unicodeScalars)
            }
        }
        let decomposed = String(lowered).decomposedStringWithCanonicalMapping
        return decomposed.unicodeScalars.filter { $0.properties.generalCategory != .nonspacingMark }
    }

    /// The Unicode Final_Sigma condition for the sigma at `index` of `word`.
    private static func isFinalSigma(_ word: [Unicode.Scalar], at index: Int) -> Bool {
        func isCased(_ c: Unicode.Scalar) -> Bool { c.properties.isCased }
        func isIgnorable(_ c: Unicode.Scalar) -> Bool { c.properties.isCaseIgnorable }
        var before = false
        var j = index - 1
        while j >= 0 {
            if isIgnorable(word[j]) { j -= 1; continue }
            before = isCased(word[j])
            break
        }
        guard before else { return false }
        j = index + 1
        while j < word.count {
            if isIgnorable(word[j]) { j += 1; continue }
            return !isCased(word[j])
        }
        return true
    }

    /// Greedy longest-match-first WordPiece of one basic token.
    private func appendWordPieces(of word: [Unicode.Scalar], to ids: inout [Int32]) {
        if word.count > maxCharactersPerWord {
            ids.append(unknownID)
            return
        }
        // UTF-8 offsets of each scalar boundary, so substrings are byte slices.
        var utf8: [UInt8] = []
        var boundaries: [Int] = [0]
        for c in word {
            utf8.append(contentsOf: UTF8.encode(c)!)
            boundaries.append(utf8.count)
        }
        let start0 = ids.count
        var start = 0
        var key: [UInt8] = []
        while start < word.count {
            var end = word.count
            var found: Int32?
            while start < end {
                key.removeAll(keepingCapacity: true)
                if start > 0 { key.append(contentsOf: [0x23, 0x23]) }  // "##"
                key.append(contentsOf: utf8[boundaries[start]..<boundaries[end]])
                if let id = vocabulary.id(utf8: key) {
                    found = id
                    break
                }
                end -= 1
            }
            guard let id = found else {
                ids.removeSubrange(start0...)
                ids.append(unknownID)
                return
            }
            ids.append(id)
            start = end
        }
    }
}
