/// The encoding of one entity's literal attributes in `entity_attributes.data`.
///
/// Format (store version 2): a sequence of records, each an unsigned LEB128
/// `attribute_keys.id`, an unsigned LEB128 byte length and that many UTF-8 bytes
/// of the value. Records are sorted by (key id, value bytes) and distinct, so
/// merging a new import into a stored blob is a sort and a dedup, byte-exact
/// like the `BINARY` collation of the SQL rows it replaces.
enum AttributeBlob {
    /// Decoding failed: the blob is not a valid record sequence.
    struct Corrupt: Error {}

    /// Appends one record to `out`.
    static func append(key: Int, value: String, to out: inout [UInt8]) {
        var value = value
        value.withUTF8 { v in
            appendVarint(UInt64(key), to: &out)
            appendVarint(UInt64(v.count), to: &out)
            out.append(contentsOf: v)
        }
    }

    /// The records of `blob`, in stored order.
    static func decode(_ blob: [UInt8]) throws(Corrupt) -> [(key: Int, value: String)] {
        var out = [(key: Int, value: String)]()
        var i = 0
        func varint() throws(Corrupt) -> Int {
            var v: UInt64 = 0, shift: UInt64 = 0
            while true {
                guard i < blob.count, shift < 63 else { throw Corrupt() }
                let b = blob[i]
                i += 1
                v |= UInt64(b & 0x7F) << shift
                if b < 0x80 { break }
                shift += 7
            }
            guard v <= UInt64(Int32.max) else { throw Corrupt() }
            return Int(v)
        }
        while i < blob.count {
            let key = try varint()
            let n = try varint()
            guard n <= blob.count - i else { throw Corrupt() }
            out.append((key, String(decoding: blob[i..<(i + n)], as: UTF8.self)))
            i += n
        }
        return out
    }

    /// Sorts `records` by (key, value bytes) and drops repeats.
    static func normalize(_ records: inout [(key: Int, value: String)]) {
        guard records.count > 1 else { return }
        records.sort { a, b in a.key != b.key ? a.key < b.key : a.value.utf8.lexicographicallyPrecedes(b.value.utf8) }
        var w = 1
        for r in 1..<records.count {
            let prev = records[w - 1]
            if records[r].key == prev.key && records[r].value.utf8.elementsEqual(prev.value.utf8) { continue }
            records[w] = records[r]
            w += 1
        }
        records.removeSubrange(w...)
    }

    private static func appendVarint(_ v: UInt64, to out: inout [UInt8]) {
        var v = v
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }
}
