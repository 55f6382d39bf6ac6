import Store

/// The fast path for request bodies (``JSONRequestBody``): a strict, allocation-light JSON parser
/// straight to ``JSONValue`` for the plain JSON that clients send (objects, arrays, strings —
/// escapes decoded by the store's ``JSONStringDecoder`` — numbers, `true`/`false`/`null`).
///
/// Decoding bodies through `JSONDecoder` into ``JSONValue`` (which tries each JSON type in turn)
/// cost half the server's CPU under feedback load and a sixth of it for cold-start requests. This
/// parser gives the same value for every body it accepts, and gives up (nil) on anything else —
/// malformed JSON, unpaired surrogate escapes, invalid UTF-8, duplicate members, deep nesting — so
/// the caller falls back to `JSONDecoder` and its error messages: the fast path never decides what
/// is an error.
enum PlainJSONParser {
    /// Deepest nesting accepted (a feedback body needs 3).
    static let maximumDepth = 16

    /// The top-level object of `bytes`, or nil when the fast path does not apply.
    static func parseObject(_ bytes: UnsafeRawBufferPointer) -> [String: JSONValue]? {
        var p = Cursor(bytes: bytes)
        p.skipSpace()
        guard let value = p.value(depth: 0) else { return nil }
        p.skipSpace()
        guard p.atEnd, case .object(let members) = value else { return nil }
        return members
    }

    private struct Cursor {
        let bytes: UnsafeRawBufferPointer
        var i = 0

        init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

        var atEnd: Bool { i >= bytes.count }

        mutating func skipSpace() {
            while i < bytes.count {
                let c = bytes[i]
                guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
                i += 1
            }
        }

        mutating func eat(_ c: UInt8) -> Bool {
            guard i < bytes.count, bytes[i] == c else { return false }
            i += 1
            return true
        }

        mutating func literal(_ text: StaticString) -> Bool {
            let n = text.utf8CodeUnitCount
            guard i + n <= bytes.count else { return false }
            for k in 0..<n where bytes[i + k] != text.utf8Start[k] { return false }
            i += n
            return true
        }

        mutating func value(depth: Int) -> JSONValue? {
            guard depth < PlainJSONParser.maximumDepth, i < bytes.count else { return nil }
            switch bytes[i] {
            case UInt8(ascii: "{"): return object(depth: depth)
            case UInt8(ascii: "["): return array(depth: depth)
            case UInt8(ascii: "\""): return string().map { .string($0) }
            case UInt8(ascii: "t"): return literal("true") ? .bool(true) : nil
            case UInt8(ascii: "f"): return literal("false") ? .bool(false) : nil
            case UInt8(ascii: "n"): return literal("null") ? .null : nil
            default: return number().map { .number($0) }
            }
        }

        mutating func object(depth: Int) -> JSONValue? {
            i += 1  // {
            var members: [String: JSONValue] = [:]
            skipSpace()
            if eat(UInt8(ascii: "}")) { return .object(members) }
            while true {
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: "\""), let key = string() else { return nil }
                skipSpace()
                guard eat(UInt8(ascii: ":")) else { return nil }
                skipSpace()
                guard let v = value(depth: depth + 1) else { return nil }
                guard members.updateValue(v, forKey: key) == nil else { return nil }  // duplicate member
                skipSpace()
                if eat(UInt8(ascii: ",")) { continue }
                return eat(UInt8(ascii: "}")) ? .object(members) : nil
            }
        }

        mutating func array(depth: Int) -> JSONValue? {
            i += 1  // [
            var items: [JSONValue] = []
            skipSpace()
            if eat(UInt8(ascii: "]")) { return .array(items) }
            while true {
                skipSpace()
                guard let v = value(depth: depth + 1) else { return nil }
                items.append(v)
                skipSpace()
                if eat(UInt8(ascii: ",")) { continue }
                return eat(UInt8(ascii: "]")) ? .array(items) : nil
            }
        }

        /// A string at `i` (on the opening quote), every escape decoded; nil for invalid UTF-8
        /// or anything else the full decoder reports.
        mutating func string() -> String? {
            guard let (text, next) = try? JSONStringDecoder.decode(bytes, openingQuote: i, end: bytes.count, invalidUTF8: .reject) else {
                return nil
            }
            i = next
            return text
        }

        /// A number per the JSON grammar; integers of up to 15 digits without conversion.
        mutating func number() -> Double? {
            let start = i
            _ = eat(UInt8(ascii: "-"))
            let intStart = i
            var integer: Int64 = 0
            while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 {
                integer = integer &* 10 &+ Int64(bytes[i] - 0x30)
                i += 1
            }
            let digits = i - intStart
            guard digits > 0, !(digits > 1 && bytes[intStart] == 0x30) else { return nil }
            var isInteger = true
            if eat(UInt8(ascii: ".")) {
                isInteger = false
                let fractionStart = i
                while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1 }
                guard i > fractionStart else { return nil }
            }
            if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
                isInteger = false
                i += 1
                if !eat(UInt8(ascii: "+")) { _ = eat(UInt8(ascii: "-")) }
                let exponentStart = i
                while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1 }
                guard i > exponentStart else { return nil }
            }
            if isInteger && digits <= 15 {
                let x = Double(integer)
                return bytes[start] == UInt8(ascii: "-") ? -x : x
            }
            guard let text = String(validating: UnsafeRawBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self),
                  let x = Double(text), x.isFinite else { return nil }
            return x
        }
    }
}
