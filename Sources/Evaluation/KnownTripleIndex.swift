/// All known true triples (train ∪ valid ∪ test), indexed for the filtered setting:
/// the true tails of each (head, relation) and the true heads of each (relation, tail).
///
/// Stored as two sorted key arrays with CSR offsets into id arrays; a lookup is a binary search,
/// no hashing.
public struct KnownTripleIndex: Sendable {
    private let tailKeys: [UInt64]
    private let tailOffsets: [Int]
    private let tails: [Int32]
    private let headKeys: [UInt64]
    private let headOffsets: [Int]
    private let heads: [Int32]

    /// Indexes `triples` (duplicates are removed).
    public init<S: Sequence>(_ triples: S) where S.Element == LinkPredictionTriple {
        var tailPairs: [(UInt64, Int32)] = []
        var headPairs: [(UInt64, Int32)] = []
        for t in triples {
            tailPairs.append((Self.key(t.relation, t.head), t.tail))
            headPairs.append((Self.key(t.relation, t.tail), t.head))
        }
        (tailKeys, tailOffsets, tails) = Self.build(&tailPairs)
        (headKeys, headOffsets, heads) = Self.build(&headPairs)
    }

    @inline(__always)
    static func key(_ relation: Int32, _ entity: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: relation)) << 32 | UInt64(UInt32(bitPattern: entity))
    }

    private static func build(_ pairs: inout [(UInt64, Int32)]) -> ([UInt64], [Int], [Int32]) {
        pairs.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        var keys: [UInt64] = [], offsets: [Int] = [], values: [Int32] = []
        for (i, p) in pairs.enumerated() {
            if i > 0 && pairs[i - 1] == p { continue }
            if keys.last != p.0 {
                keys.append(p.0)
                offsets.append(values.count)
            }
            values.append(p.1)
        }
        offsets.append(values.count)
        return (keys, offsets, values)
    }

    private static func lookup(_ keys: [UInt64], _ offsets: [Int], _ values: [Int32], _ k: UInt64) -> ArraySlice<Int32> {
        var lo = 0, hi = keys.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if keys[mid] < k { lo = mid + 1 } else { hi = mid }
        }
        guard lo < keys.count, keys[lo] == k else { return [] }
        return values[offsets[lo]..<offsets[lo + 1]]
    }

    /// Every `t` with (head, relation, t) known, ascending.
    public func knownTails(head: Int32, relation: Int32) -> ArraySlice<Int32> {
        Self.lookup(tailKeys, tailOffsets, tails, Self.key(relation, head))
    }

    /// Every `h` with (h, relation, tail) known, ascending.
    public func knownHeads(relation: Int32, tail: Int32) -> ArraySlice<Int32> {
        Self.lookup(headKeys, headOffsets, heads, Self.key(relation, tail))
    }

    /// Number of distinct known triples.
    public var count: Int { tails.count }
}
