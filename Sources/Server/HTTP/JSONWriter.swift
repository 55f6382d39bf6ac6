/// A minimal JSON text writer for the hot endpoints, where `JSONEncoder` (reflection over
/// containers, a new encoder per request) would cost as much as the ranking itself. Writes
/// objects, strings (escaped per RFC 8259), integers, finite doubles, null and already rendered
/// JSON values into a byte buffer; the caller is responsible for well-formed nesting and commas via ``key(_:)``.
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    private var needsComma = [false]

    public init(capacity: Int = 1024) { bytes.reserveCapacity(capacity) }

    public mutating func beginObject() { separate(); bytes.append(UInt8(ascii: "{")); needsComma.append(false) }
    public mutating func endObject() { needsComma.removeLast(); bytes.append(UInt8(ascii: "}")) }
    public mutating func beginArray() { separate(); bytes.append(UInt8(ascii: "[")); needsComma.append(false) }
    public mutating func endArray() { needsComma.removeLast(); bytes.append(UInt8(ascii: "]")) }

    /// An object member name; the next value written is its value.
    public mutating func key(_ name: String) {
        separate()
        writeString(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma[needsComma.count - 1] = false
    }

    public mutating func string(_ s: String?) {
        separate()
        guard let s else { bytes.append(contentsOf: "null".utf8); return }
        writeString(s)
    }

    public mutating func integer(_ n: Int) { separate(); bytes.append(contentsOf: String(n).utf8) }

    /// A finite number (`null` for NaN or ±∞, which JSON cannot hold).
    public mutating func number(_ x: Double) {
        separate()
        bytes.append(contentsOf: (x.isFinite ? "\(x)" : "null").utf8)
    }

    /// A finite single-precision number in its shortest round-trip form (`0.32133329`, not the
    /// widened double's `0.32133328914642334`); `null` for NaN or ±∞.
    public mutating func number(_ x: Float) {
        separate()
        bytes.append(contentsOf: (x.isFinite ? x.description : "null").utf8)
    }

    public mutating func bool(_ b: Bool) { separate(); bytes.append(contentsOf: (b ? "true" : "false").utf8) }

    /// A value already rendered as JSON text (e.g. a document from another writer), copied as is:
    /// the caller guarantees it is one well-formed JSON value.
    public mutating func raw(_ json: [UInt8]) { separate(); bytes.append(contentsOf: json) }

    /// A value already rendered as JSON text; see ``raw(_:)-([UInt8])``.
    public mutating func raw(_ json: String) {
        separate()
        var json = json
        json.withUTF8 { bytes.append(contentsOf: $0) }
    }

    private mutating func separate() {
        if needsComma[needsComma.count - 1] { bytes.append(UInt8(ascii: ",")) }
        needsComma[needsComma.count - 1] = true
    }

    private mutating func writeString(_ s: String) {
        var s = s
        bytes.append(UInt8(ascii: "\""))
        // One pass over the contiguous UTF-8: runs that need no escaping (most ids and titles
        // are one run) are copied whole.
        s.withUTF8 { utf8 in
            var run = 0
            for i in 0..<utf8.count {
                let b = utf8[i]
                guard b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run..<i]))
                run = i + 1
                switch b {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\")); bytes.append(b)
                case 0x0A: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "t"))
                default:
                    let hex = Self.hexDigits
                    bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(b >> 4)], hex[Int(b & 15)]])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}
