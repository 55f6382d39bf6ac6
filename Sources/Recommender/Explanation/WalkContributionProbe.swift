import Embedding

/// Recomputes entries of the propagation walk's item → item matrix `W` (``RandomWalkPropagation``)
/// for a few items, optionally with some KG edges removed — the fidelity check of explanation
/// paths: does removing the facts on an item's top path lower the walk's score of that item?
///
/// Mirrors ``RandomWalkPropagation/transitions(interactions:features:)`` over the features of
/// ``ItemKnowledgeGraph/itemFeatures(minimumItems:maximumItems:)`` (minimum 2 items, maximum
/// `hubCap`): a feature's size is counted before the hub filter, so removing members can bring a
/// hub under the cap or a pair under the minimum, exactly as retraining would. Tested against the
/// dense matrix. Only for evaluation: feature lookups go through dictionaries.
public struct WalkContributionProbe: Sendable {
    public let walk: RandomWalkPropagation
    public let interactions: InteractionMatrix
    /// Feature keys of each item (relation, direction and neighbour packed as in `itemFeatures`), before filtering.
    private let itemFeatureKeys: [[Int64]]
    /// Number of distinct items holding each feature.
    private let featureSize: [Int64: Int]
    private let itemsOfEntity: [Int32: [Int32]]
    private let relationCount: Int64

    public init(knowledgeGraph kg: ItemKnowledgeGraph, interactions: InteractionMatrix, walk: RandomWalkPropagation) {
        self.walk = walk
        self.interactions = interactions
        relationCount = Int64(kg.vocabulary.relationCount)
        var entityItems: [Int32: [Int32]] = [:]
        for (i, e) in kg.itemEntity.enumerated() where e >= 0 { entityItems[e, default: []].append(Int32(i)) }
        itemsOfEntity = entityItems
        var keys = [Set<Int64>](repeating: [], count: kg.itemCount)
        var size: [Int64: Int] = [:]
        let relations = relationCount
        for t in kg.triples {
            if let hs = entityItems[t.head] {
                let key = Int64(t.tail) * 2 * relations + Int64(t.relation)
                for i in hs where keys[Int(i)].insert(key).inserted { size[key, default: 0] += 1 }
            }
            if let ts = entityItems[t.tail] {
                let key = Int64(t.head) * 2 * relations + relations + Int64(t.relation)
                for i in ts where keys[Int(i)].insert(key).inserted { size[key, default: 0] += 1 }
            }
        }
        itemFeatureKeys = keys.map { $0.sorted() }
        featureSize = size
    }

    /// A set of removed triples (head, relation, tail) in the KG's ids.
    public struct Removal: Sendable {
        /// Feature keys each affected item loses.
        var lost: [Int32: Set<Int64>] = [:]
        /// Members each affected feature loses.
        var shrink: [Int64: Int] = [:]
    }

    /// The removal of `triples` (each removed triple takes its features away from the items of its ends).
    public func removal(of triples: [IndexedTriple]) -> Removal {
        var r = Removal()
        for t in triples {
            for i in itemsOfEntity[t.head] ?? [] {
                let key = Int64(t.tail) * 2 * relationCount + Int64(t.relation)
                if r.lost[i, default: []].insert(key).inserted { r.shrink[key, default: 0] += 1 }
            }
            for i in itemsOfEntity[t.tail] ?? [] {
                let key = Int64(t.head) * 2 * relationCount + relationCount + Int64(t.relation)
                if r.lost[i, default: []].insert(key).inserted { r.shrink[key, default: 0] += 1 }
            }
        }
        return r
    }

    /// Features walked from item `i` after `removal`, with their sizes.
    private func features(of i: Int, _ removal: Removal?) -> [(key: Int64, size: Int)] {
        let lost = removal?.lost[Int32(i)]
        var out: [(Int64, Int)] = []
        for key in itemFeatureKeys[i] {
            if let lost, lost.contains(key) { continue }
            let size = featureSize[key]! - (removal?.shrink[key] ?? 0)
            if size >= 2 && size <= walk.hubCap { out.append((key, size)) }
        }
        return out
    }

    /// `Σ_{i ∈ items} W[i, j]` with `removal` applied (nil = the trained graph).
    public func score(items: ArraySlice<Int32>, target j: Int, removal: Removal? = nil) -> Double {
        let x = interactions
        let usersOfJ = Set(x.users(of: j))
        let targetFeatures = Dictionary(uniqueKeysWithValues: features(of: j, removal).map { ($0.key, $0.size) })
        let penalty = pow(Double(max(x.degree(item: j), 1)), -walk.popularityExponent)
        var total = 0.0
        for i32 in items where Int(i32) != j {
            let i = Int(i32)
            let fi = walk.kgWeight > 0 ? features(of: i, removal) : []
            let hasKG = walk.kgWeight > 0 && !fi.isEmpty
            var w = 0.0
            let di = Double(x.degree(item: i))
            if di > 0 {
                var viaUsers = 0.0
                for u in x.users(of: i) where usersOfJ.contains(u) { viaUsers += 1 / Double(x.degree(user: Int(u))) }
                w += (hasKG ? 1 - walk.kgWeight : 1) * viaUsers / di
            }
            if hasKG {
                let scale = (x.degree(item: i) > 0 ? walk.kgWeight : 1) / Double(fi.count)
                for f in fi where targetFeatures[f.key] != nil { w += scale / Double(f.size) }
            }
            total += w * penalty
        }
        return total
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
