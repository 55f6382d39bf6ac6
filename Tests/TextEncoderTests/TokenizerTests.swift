import Foundation
import Testing
import TextEncoder

/// The tokenizer on a small hand-made vocabulary (no model files needed).
@Suite("WordPiece tokenizer")
struct TokenizerTests {
    static let tokens = [
        "[PAD]", "[UNK]", "[CLS]", "[SEP]", "un", "##aff", "##able", "hello", "world", ",", "!", ".",
        "cafe", "naive", "你", "好", "a", "##b", "ab", "##c", "σ", "ς", "οδυσσευς", "'", "s", "$", "5",
    ]
    static let tokenizer: BertTokenizer = {
        let data = Data(tokens.joined(separator: "\n").utf8 + [0x0A])
        return BertTokenizer(vocabulary: try! Vocabulary(data: data), maxLength: 8)
    }()

    func pieces(_ text: String) -> [String] {
        Self.tokenizer.wordPieces(text).map { Self.tokens[Int($0)] }
    }

    @Test func greedyLongestMatchWithContinuations() {
        #expect(pieces("unaffable") == ["un", "##aff", "##able"])
        #expect(pieces("abc") == ["ab", "##c"])
        #expect(pieces("abb") == ["ab", "##b"])
    }

    @Test func unmatchedWordIsOneUnknown() {
        #expect(pieces("unaffablex hello") == ["[UNK]", "hello"])
    }

    @Test func overlongWordIsUnknown() {
        #expect(pieces(String(repeating: "a", count: 101)) == ["[UNK]"])
        #expect(pieces("a" + String(repeating: "b", count: 99)).count == 99)
    }

    @Test func lowerCasesStripsAccentsAndSplitsPunctuation() {
        #expect(pieces("Hello, WORLD!") == ["hello", ",", "world", "!"])
        #expect(pieces("Café naïve") == ["cafe", "naive"])
        #expect(pieces("Cafe\u{301}") == ["cafe"])  // decomposed input
        #expect(pieces("$5") == ["$", "5"])  // ASCII symbols count as punctuation
        #expect(pieces("hello's") == ["hello", "'", "s"])
    }

    @Test func cleansControlAndFormatCharacters() {
        #expect(pieces("hel\u{200B}lo wor\u{AD}ld\u{0}\u{FFFD}") == ["hello", "world"])
        #expect(pieces("hello\u{7}\tworld\u{A0}hello\r\nworld") == ["hello", "world", "hello", "world"])
    }

    @Test func spacesOutCJKIdeographs() {
        #expect(pieces("你好hello") == ["你", "好", "hello"])
    }

    @Test func greekFinalSigmaAsPythonLower() {
        #expect(pieces("ΟΔΥΣΣΕΥΣ") == ["οδυσσευς"])
        #expect(pieces("Σ") == ["σ"])
    }

    @Test func addsMarkersAndTruncates() {
        let t = Self.tokenizer
        #expect(t.encode("").ids == [2, 3])
        #expect(t.encode("").truncated == false)
        let long = t.encode("hello world hello world hello world hello world")
        #expect(long.ids.count == 8)
        #expect(long.ids.first == 2 && long.ids.last == 3)
        #expect(long.truncated)
        #expect(t.encode("hello world hello world hello world").truncated == false)
    }

    @Test func vocabularyRejectsDuplicatesAndMissingSpecials() {
        #expect(throws: ModelError.self) { try Vocabulary(data: Data("[PAD]\n[UNK]\n[CLS]\n[SEP]\na\na\n".utf8)) }
        #expect(throws: ModelError.self) { try Vocabulary(data: Data("[PAD]\n[UNK]\n[SEP]\n".utf8)) }
    }
}
