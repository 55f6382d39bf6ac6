/// Checks of XML names as the RDF/XML grammar needs them (`rdf:ID` and
/// `rdf:nodeID` values must be XML NCNames).
enum XMLName {
    /// True when `s` matches the Namespaces in XML `NCName` production.
    static func isNCName(_ s: String) -> Bool {
        var first = true
        for scalar in s.unicodeScalars {
            let v = scalar.value
            if first {
                guard isNameStartChar(v) else { return false }
                first = false
            } else {
                guard isNameStartChar(v) || isNameCharOnly(v) else { return false }
            }
        }
        return !first
    }

    /// NameStartChar of XML 1.0 (5th edition) without ':'.
    private static func isNameStartChar(_ v: UInt32) -> Bool {
        switch v {
        case 0x41...0x5A, 0x61...0x7A, 0x5F: return true
        case 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x2FF, 0x370...0x37D, 0x37F...0x1FFF,
             0x200C...0x200D, 0x2070...0x218F, 0x2C00...0x2FEF, 0x3001...0xD7FF,
             0xF900...0xFDCF, 0xFDF0...0xFFFD, 0x10000...0xEFFFF:
            return true
        default: return false
        }
    }

    /// The characters NameChar adds to NameStartChar.
    private static func isNameCharOnly(_ v: UInt32) -> Bool {
        switch v {
        case 0x2D, 0x2E, 0x30...0x39, 0xB7, 0x300...0x36F, 0x203F...0x2040: return true
        default: return false
        }
    }
}
