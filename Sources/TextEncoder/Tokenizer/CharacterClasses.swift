/// The character classes of HuggingFace's `BertTokenizer`, on Unicode scalars.
enum CharacterClasses {
    /// `_is_whitespace`: space, tab, newline, carriage return and category Zs.
    @inline(__always)
    static func isWhitespace(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x20, 0x09, 0x0A, 0x0D: return true
        case 0..<0x80: return false
        default: return c.properties.generalCategory == .spaceSeparator
        }
    }

    /// `_is_control`: any category C* (Cc, Cf, Cs, Co, Cn) except tab, newline and carriage return.
    @inline(__always)
    static func isControl(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x09, 0x0A, 0x0D: return false
        case 0x20..<0x7F: return false
        default:
            switch c.properties.generalCategory {
            case .control, .format, .surrogate, .privateUse, .unassigned: return true
            default: return false
            }
        }
    }

    /// `_is_punctuation`: the ASCII ranges 33–47, 58–64, 91–96, 123–126 (which include symbols such
    /// as `$`, `+`, `^` that Unicode does not call punctuation) and every category P*.
    @inline(__always)
    static func isPunctuation(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        if (33...47).contains(v) || (58...64).contains(v) || (91...96).contains(v) || (123...126).contains(v) {
            return true
        }
        if v < 0x80 { return false }
        switch c.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }

    /// `_is_chinese_char`: the CJK Unified Ideographs blocks and extensions A–E and the
    /// compatibility ideographs (not Hiragana, Katakana or Hangul).
    @inline(__always)
    static func isCJK(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F,
             0x2B740...0x2B81F, 0x2B820...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            return true
        default:
            return false
        }
    }

    /// Python's `str.isspace()`, which `whitespace_tokenize` (`str.split()`) splits on: the
    /// characters with bidirectional class WS, B or S, or category Zs.
    @inline(__always)
    static func isPythonSpace(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }
}
