/// A two-way dictionary between strings and dense `Int32` ids `0..<count`.
///
/// Ids are handed out in first-seen order and never change, so they can index
/// contiguous arrays (CSR offsets, embedding tables). Lookup is O(1) both ways.
///
/// The strings live in one contiguous UTF-8 buffer with an end-offset table, and
/// the reverse index is an open-addressing table of ids keyed by a fixed (not
/// per-process randomised) hash of the bytes. So there is no object per string,
/// and a snapshot can store the three arrays and load them with a copy, without
/// re-hashing anything.
public struct Interner: Sendable {
    /// UTF-8 bytes of all strings, in id order.
    public private(set) var bytes: [UInt8]
    /// `ends[id]` is the end offset of string `id` in ``bytes``.
    public private(set) var ends: [UInt32]
    /// Open-addressing table (power-of-two size, linear probing) of ids; -1 is empty.
    public private(set) var slots: [Int32]

    /// An empty interner.
    public init() {
        bytes = []
        ends = []
        slots = [Int32](repeating: -1, count: 16)
    }

    /// An interner holding `strings` with ids `0..<strings.count`.
    ///
    /// - Throws: `InternerError.duplicate` if a string occurs twice.
    public init(strings: [String]) throws(InternerError) {
        self.init()
        reserveCapacity(adding: strings.count)
        for (i, s) in strings.enumerated() where intern(s) != Int32(i) {
            throw .duplicate(s, id: i)
        }
    }

    /// An interner from stored arrays (a snapshot), checked for consistency.
    /// When `slots` is empty the index is rebuilt.
    public init(bytes: [UInt8], ends: [UInt32], slots: [Int32]) throws(InternerError) {
        var previous: UInt32 = 0
        for e in ends {
            guard e >= previous, Int(e) <= bytes.count else { throw .corrupt("string offsets out of order") }
            previous = e
        }
        guard Int(previous) == bytes.count else { throw .corrupt("string table length") }
        self.bytes = bytes
        self.ends = ends
        if slots.isEmpty {
            self.slots = []
            rebuildSlots(capacity: Self.capacity(for: ends.count))
            return
        }
        guard slots.count >= 16, slots.count & (slots.count - 1) == 0, slots.count >= 2 * ends.count else {
            throw .corrupt("index size \(slots.count) for \(ends.count) strings")
        }
        var filled = 0
        for s in slots {
            guard s >= -1, Int(s) < ends.count else { throw .corrupt("index entry \(s) out of range") }
            if s >= 0 { filled += 1 }
        }
        guard filled == ends.count else { throw .corrupt("index holds \(filled) of \(ends.count) strings") }
        self.slots = slots
    }

    /// Number of interned strings.
    @inlinable public var count: Int { ends.count }

    /// All strings in id order (allocates one `String` each; for small tables and tests).
    public var strings: [String] { (0..<ends.count).map { string(for: Int32($0)) } }

    /// The id of `string`, adding it when it is new.
    @discardableResult
    public mutating func intern(_ string: String) -> Int32 {
        var s = string
        return s.withUTF8 { intern(utf8: UnsafeRawBufferPointer($0)) }
    }

    /// The id of the UTF-8 `bytes`, adding them when new.
    public mutating func intern(utf8 key: UnsafeRawBufferPointer) -> Int32 {
        let h = Self.hash(key)
        var i = Int(truncatingIfNeeded: h) & (slots.count - 1)
        while true {
            let id = slots[i]
            if id < 0 { break }
            if equals(id, key) { return id }
            i = (i + 1) & (slots.count - 1)
        }
        precondition(ends.count < Int(Int32.max), "interner overflow: more than Int32.max strings")
        let id = Int32(ends.count)
        bytes.append(contentsOf: key)
        precondition(bytes.count <= Int(UInt32.max), "interner overflow: more than 4 GiB of strings")
        ends.append(UInt32(bytes.count))
        slots[i] = id
        if 2 * ends.count > slots.count { rebuildSlots(capacity: slots.count * 2) }
        return id
    }

    /// The id of `string`, or nil when it was never interned.
    public func id(of string: String) -> Int32? {
        var s = string
        return s.withUTF8 { id(utf8: UnsafeRawBufferPointer($0)) }
    }

    /// The id of the UTF-8 `bytes`, or nil.
    public func id(utf8 key: UnsafeRawBufferPointer) -> Int32? {
        var i = Int(truncatingIfNeeded: Self.hash(key)) & (slots.count - 1)
        while true {
            let id = slots[i]
            if id < 0 { return nil }
            if equals(id, key) { return id }
            i = (i + 1) & (slots.count - 1)
        }
    }

    /// The string with id `id`. `id` must be in `0..<count`.
    public func string(for id: Int32) -> String {
        let r = range(of: id)
        return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[r]), as: UTF8.self) }
    }

    /// Reserves room for `n` more strings.
    public mutating func reserveCapacity(adding n: Int) {
        ends.reserveCapacity(ends.count + n)
        let needed = Self.capacity(for: ends.count + n)
        if needed > slots.count { rebuildSlots(capacity: needed) }
    }

    /// Bytes held (strings, offsets, index).
    public var memoryBytes: Int { bytes.count + ends.count * 4 + slots.count * 4 }

    // MARK: - Internals

    @inline(__always) private func range(of id: Int32) -> Range<Int> {
        let i = Int(id)
        return (i == 0 ? 0 : Int(ends[i - 1]))..<Int(ends[i])
    }

    @inline(__always) private func equals(_ id: Int32, _ key: UnsafeRawBufferPointer) -> Bool {
        let r = range(of: id)
        guard r.count == key.count else { return false }
        if r.isEmpty { return true }
        return bytes.withUnsafeBytes { all in memcmpBytes(all.baseAddress! + r.lowerBound, key.baseAddress!, r.count) }
    }

    private mutating func rebuildSlots(capacity: Int) {
        var table = [Int32](repeating: -1, count: capacity)
        let mask = capacity - 1
        bytes.withUnsafeBytes { all in
            var start = 0
            for (id, end) in ends.enumerated() {
                let key = UnsafeRawBufferPointer(rebasing: all[start..<Int(end)])
                var i = Int(truncatingIfNeeded: Self.hash(key)) & mask
                while table[i] >= 0 { i = (i + 1) & mask }
                table[i] = Int32(id)
                start = Int(end)
            }
        }
        slots = table
    }

    /// Smallest power of two ≥ 16 and ≥ 2n.
    static func capacity(for n: Int) -> Int {
        var c = 16
        while c < 2 * n { c *= 2 }
        return c
    }

    /// A fixed 64-bit hash of bytes (stable across processes, so stored indexes stay valid).
    @inline(__always) static func hash(_ key: UnsafeRawBufferPointer) -> UInt64 {
        let p: UInt64 = 0x9E37_79B1_85EB_CA87
        var h: UInt64 = 0xCBF2_9CE4_8422_2325 ^ UInt64(key.count)
        var i = 0
        let n = key.count
        while i + 8 <= n {
            let w = key.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ w) &* p
            h ^= h >> 29
            i += 8
        }
        if i < n {
            var w: UInt64 = 0
            var shift: UInt64 = 0
            while i < n {
                w |= UInt64(key[i]) << shift
                shift += 8
                i += 1
            }
            h = (h ^ w) &* p
        }
        h ^= h >> 32
        h = h &* 0xD6E8_FEB8_6659_FD93
        h ^= h >> 32
        return h
    }
}

@inline(__always) private func memcmpBytes(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ n: Int) -> Bool {
    var i = 0
    while i + 8 <= n {
        if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
        i += 8
    }
    while i < n {
        if a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) { return false }
        i += 1
    }
    return true
}

extension Interner: Equatable {
    /// Equal when they hold the same strings under the same ids.
    public static func == (a: Interner, b: Interner) -> Bool { a.ends == b.ends && a.bytes == b.bytes }
}

/// Why an interner could not be built from stored strings.
public enum InternerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The same string was stored under two ids (a corrupt dictionary).
    case duplicate(String, id: Int)
    /// Stored arrays are inconsistent.
    case corrupt(String)

    public var description: String {
        switch self {
        case .duplicate(let s, let id): return "dictionary lists '\(s)' twice (again at id \(id))"
        case .corrupt(let why): return "corrupt dictionary: \(why)"
        }
    }
}
