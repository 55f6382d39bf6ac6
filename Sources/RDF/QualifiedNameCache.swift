/// Maps libxml2's interned (namespace URI, local name) pointer pairs to
/// resolved names without hashing strings.
///
/// libxml2 interns element and attribute names and namespace URIs in its
/// parser dictionary, so within one parse a pointer pair identifies a name.
/// Open addressing with linear probing; grows at half load.
struct QualifiedNameCache<Value> {
    private var uris: [UInt]
    private var locals: [UInt]
    private var slots: [Int32]
    private(set) var values: [Value] = []
    private var mask: Int

    init(capacity: Int = 256) {
        var c = 16
        while c < capacity * 2 { c <<= 1 }
        uris = Array(repeating: 0, count: c)
        locals = Array(repeating: 0, count: c)
        slots = Array(repeating: -1, count: c)
        mask = c - 1
    }

    @inline(__always)
    private func bucket(_ uri: UInt, _ local: UInt) -> Int {
        let h = (local &* 0x9E37_79B9_7F4A_7C15) ^ (uri &* 0xC2B2_AE3D_27D4_EB4F)
        return Int(truncatingIfNeeded: h >> 17) & mask
    }

    /// The value for the pair, if cached.
    @inline(__always)
    func lookup(uri: UInt, local: UInt) -> Value? {
        var i = bucket(uri, local)
        while true {
            let s = slots[i]
            if s < 0 { return nil }
            if locals[i] == local && uris[i] == uri { return values[Int(s)] }
            i = (i + 1) & mask
        }
    }

    mutating func insert(uri: UInt, local: UInt, value: Value) {
        if (values.count + 1) * 2 > slots.count { grow() }
        var i = bucket(uri, local)
        while slots[i] >= 0 { i = (i + 1) & mask }
        uris[i] = uri
        locals[i] = local
        slots[i] = Int32(values.count)
        values.append(value)
    }

    private mutating func grow() {
        let oldURIs = uris, oldLocals = locals, oldSlots = slots
        let c = slots.count * 2
        uris = Array(repeating: 0, count: c)
        locals = Array(repeating: 0, count: c)
        slots = Array(repeating: -1, count: c)
        mask = c - 1
        for j in 0..<oldSlots.count where oldSlots[j] >= 0 {
            var i = bucket(oldURIs[j], oldLocals[j])
            while slots[i] >= 0 { i = (i + 1) & mask }
            uris[i] = oldURIs[j]
            locals[i] = oldLocals[j]
            slots[i] = oldSlots[j]
        }
    }
}
