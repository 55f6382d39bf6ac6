import Foundation
import Store

/// One item of a user's history: its weight when set and the user's event clock at that moment.
struct HistoryEntry: Equatable {
    var weight: Float
    var at: Int
}

/// The live model: a trained hybrid (item × item) model plus per-user state that learns from
/// feedback events one at a time, without retraining.
///
/// **State per user** is their history: item → weight (training positives weigh 1; events weigh
/// per ``FeedbackWeights``). The item–item part scores `s_u = Σ_i w_ui · M[i, ·]`, kept as a dense
/// accumulator, so an event changing `w_ui` by δ costs one SIMD row update `s_u += δ · M[i, ·]`
/// (O(items), independent of the history and the log) and the user's next scores reflect it at once.
/// A dislike makes the weight negative: the item's row is subtracted, pushing similar items down.
///
/// **Cold → warm.** Final scores blend the item–item scores with the cold-start prior
/// (``OnlineColdStartPrior``; popularity when the user's attributes are unknown) by the number n of
/// positively weighted items: α = n / (n + k), each part scaled to ‖·‖∞ = 1. A user new to the model
/// starts at the prior (n = 0) and moves to warm scoring as events arrive.
///
/// **New items.** Items without training interactions get `M`'s row and column from their KG
/// neighbours (``KGNeighbourColumns``) when the model is built.
///
/// **Recency.** With ``OnlineConfiguration/historyDecay`` γ < 1, each event of a user first scales
/// their accumulator by γ (one more SIMD pass), so an item's weight decays by γ per later event of
/// that user — recent interests count more. The per-item weights in the history are kept with the
/// clock at which they were set, so the exact decayed weight is known when an item recurs.
///
/// **Drift and forgetting.** The item–item part needs no replay or regularisation: `M` is not
/// changed online, and a user's state is exactly the weighted sum of the rows of their history —
/// adding an event cannot overwrite what earlier events taught (nothing is forgotten) and cannot
/// move the model away from the last full fit (nothing drifts); it equals what a retrain with the
/// same `M` would give that user. The same holds for the implicit-ALS fold-in
/// (``ImplicitALSFoldIn``): item factors stay fixed and a user's vector is re-solved exactly from
/// their history. A fold-in that takes SGD steps would need replay and regularisation toward the
/// last full model's vector. `M` itself (new co-occurrences, new items' real columns) is refreshed
/// by a full retrain.
///
/// **Vector part.** With ``userVectors`` set (``ImplicitALSFoldIn`` for a model with an implicit-ALS
/// part), the model's vector part — user vector · item vectors + item bias — is added on the scale
/// of the item–item part as offline (the user's vector refreshed lazily, when they are next scored
/// after events, so a burst of events costs one refresh), so a user without events is ranked exactly as by the
/// ``HybridRecommender`` (except for items without training data, whose column of `M` is filled
/// from KG neighbours here); without it, users are scored by `M` (and the prior) alone.
///
/// **Replay.** Events carry their log `seq`; the model records the last one applied and ignores
/// older ones, and every update is a deterministic function of the state and the event, so
/// replaying the log from a snapshot (same trained model, same `lastAppliedSeq`) reproduces the
/// state bit for bit (``stateDigest``).
///
/// Not thread-safe: one writer; readers on the same thread.
public final class OnlineRecommender {
    public let configuration: OnlineConfiguration
    /// Users by external id (the training users first; users new to the model are appended).
    public private(set) var users: LabelIndex
    /// The catalogue (external ids).
    public let items: LabelIndex
    public let itemCount: Int
    /// Row stride of `matrix` (itemCount rounded up to a multiple of 8, zero padding).
    public let stride: Int
    /// The item × item matrix `M`, with rows and columns of items without training data filled from KG neighbours.
    public let matrix: [Float]
    /// Items whose row and column came from KG neighbours.
    public let kgFilledItems: Int
    /// Items without training interactions, and how many of them had an all-zero column in the
    /// trained `M` (before the KG fill).
    public let itemsWithoutTrainingData: Int
    public let zeroColumnItems: Int
    /// The cold-start prior, nil for popularity only.
    public private(set) var prior: OnlineColdStartPrior?
    /// Extension point: a user-vector model folded in online (see ``UserVectorFoldIn``).
    public var userVectors: (any UserVectorFoldIn)?
    /// The last log `seq` applied (0 = none; events without a seq do not move it).
    public private(set) var lastAppliedSeq: Int64
    /// Events applied, and events skipped because their item is not in the catalogue.
    public private(set) var appliedEvents = 0
    public private(set) var unknownItemEvents = 0

    /// Per user: item → (weight, the user's event clock when it was set).
    private var history: [[Int32: HistoryEntry]]
    /// Per user: events applied (the clock of the history decay).
    private var clocks: [Int]
    private var accumulators: [[Float]]
    private var positives: [Int]
    private var absorbed: [Bool]
    private var trained: [Bool]
    /// Users whose history changed since their ``userVectors`` refresh.
    private var staleVectors: [Bool]
    private let popularity: [Float]
    private var scratch: [Float]

    /// Builds the live model from a trained one.
    /// - Parameters:
    ///   - model: the trained hybrid model; its training positives are the initial histories.
    ///   - users: external ids of the model's users (dense ids as in `model.interactions`).
    ///   - items: external ids of the catalogue.
    ///   - knowledgeGraph: the item KG (for new items' columns); nil to leave them as trained.
    ///   - lastEventSeq: the log position the model has seen (the snapshot's `last_event_seq`).
    public init(model: HybridRecommender, users: LabelIndex, items: LabelIndex, knowledgeGraph: ItemKnowledgeGraph?,
                prior: OnlineColdStartPrior?, configuration: OnlineConfiguration = OnlineConfiguration(), lastEventSeq: Int64 = 0) {
        precondition(items.count == model.itemCount, "the catalogue and the model disagree on the number of items")
        precondition(users.count >= model.interactions.userCount, "fewer user ids than the model's users")
        self.configuration = configuration
        self.users = users
        self.items = items
        itemCount = model.itemCount
        stride = model.stride
        let x = model.interactions
        var m = model.matrix
        let degrees = (0..<itemCount).map { x.degree(item: $0) }
        itemsWithoutTrainingData = degrees.lazy.filter { $0 == 0 }.count
        var zeroColumns = 0
        for j in 0..<model.itemCount where degrees[j] == 0 {
            if (0..<model.itemCount).allSatisfy({ m[$0 * model.stride + j] == 0 }) { zeroColumns += 1 }
        }
        zeroColumnItems = zeroColumns
        if let kg = knowledgeGraph, configuration.newItemNeighbours > 0, degrees.contains(0) {
            kgFilledItems = KGNeighbourColumns.fill(
                matrix: &m, stride: stride, degrees: degrees, features: kg.itemFeatures(minimumItems: 2, maximumItems: configuration.hubCap),
                neighbours: configuration.newItemNeighbours, shrink: configuration.newItemShrink)
        } else {
            kgFilledItems = 0
        }
        matrix = m
        self.prior = prior
        lastAppliedSeq = lastEventSeq
        let userCount = users.count
        history = [[Int32: HistoryEntry]](repeating: [:], count: userCount)
        clocks = [Int](repeating: 0, count: userCount)
        accumulators = [[Float]](repeating: [], count: userCount)
        positives = [Int](repeating: 0, count: userCount)
        absorbed = [Bool](repeating: false, count: userCount)
        trained = [Bool](repeating: false, count: userCount)
        staleVectors = [Bool](repeating: false, count: userCount)
        var pop = degrees.map { Float($0) }
        let top = pop.max() ?? 0
        if top > 0 { for j in pop.indices { pop[j] /= top } }
        popularity = pop
        scratch = [Float](repeating: 0, count: itemCount)
        for u in 0..<x.userCount where x.degree(user: u) > 0 {
            trained[u] = true
            absorbed[u] = true
            positives[u] = x.degree(user: u)
            var acc = [Float](repeating: 0, count: stride)
            for i in x.items(of: u) {
                history[u][i] = HistoryEntry(weight: 1, at: 0)
                addRow(Int(i), times: 1, to: &acc)
            }
            accumulators[u] = acc
        }
    }

    /// Number of users (training users and users added online).
    public var userCount: Int { users.count }

    /// The dense id of a user, adding a user new to the model (state: empty history, cold prior).
    public func userID(_ external: String, attributes: [String: String] = [:]) -> Int32 {
        if let u = users.id(external) { return u }
        let u = users.intern(external)
        history.append([:])
        clocks.append(0)
        accumulators.append([])
        positives.append(0)
        absorbed.append(false)
        trained.append(false)
        staleVectors.append(false)
        if prior != nil, Int(u) >= prior!.evidence.count {
            while prior!.evidence.count < Int(u) { prior!.addUser() }
            prior!.addUser(attributes: attributes)
        }
        return u
    }

    /// Learns from one event. Events with a `seq` at or below ``lastAppliedSeq`` were applied
    /// already and are ignored (returns false), as are events on items outside the catalogue
    /// (counted in ``unknownItemEvents``; they enter the model at the next import and retrain).
    @discardableResult
    public func apply(_ event: FeedbackEvent, seq: Int64? = nil) throws -> Bool {
        if let seq {
            guard seq > lastAppliedSeq else { return false }
            lastAppliedSeq = seq
        }
        guard let item = items.id(event.item) else {
            unknownItemEvents += 1
            return false
        }
        let user = userID(event.user)
        try apply(user: user, item: item, weight: configuration.weights.weight(event.kind, value: event.value))
        return true
    }

    /// Applies stored events in log order (replay from a snapshot, or catching up with the log).
    public func replay(_ events: [StoredFeedbackEvent]) throws {
        for e in events { try apply(e.event, seq: e.seq) }
    }

    /// Learns that `user` gave `item` feedback of weight `weight` (negative pushes away).
    public func apply(user: Int32, item: Int32, weight: Float) throws {
        let u = Int(user), i = Int(item)
        precondition(u < users.count && i < itemCount, "user or item id out of range")
        let scaled = weight > 0 ? weight * configuration.recentWeight : weight
        if accumulators[u].isEmpty { accumulators[u] = [Float](repeating: 0, count: stride) }
        let gamma = configuration.historyDecay
        if gamma < 1 {
            clocks[u] += 1
            scale(&accumulators[u], by: gamma)
        }
        let old = history[u][item].map { effectiveWeight($0, clock: clocks[u]) } ?? 0
        let new = scaled < 0 ? scaled : max(old, scaled)
        history[u][item] = HistoryEntry(weight: new, at: clocks[u])
        if new != old { addRow(i, times: new - old, to: &accumulators[u]) }
        if old <= 0 && new > 0 { positives[u] += 1 }
        if old > 0 && new <= 0 { positives[u] -= 1 }
        appliedEvents += 1
        if userVectors != nil { staleVectors[u] = true }  // refreshed when the user is next ranked
        if !absorbed[u], positives[u] >= configuration.bayesAbsorbAfter, prior != nil {
            absorbed[u] = true
            let liked = history[u].filter { $0.value.weight > 0 }.keys.sorted()
            try prior!.absorb(user: user, items: liked)
        }
    }

    /// The items `user` has interacted with (any weight), ascending.
    public func seenItems(user: Int32) -> [Int32] {
        Int(user) < history.count ? history[Int(user)].keys.sorted() : []
    }

    /// Whether `user` had training positives.
    public func isTrainedUser(_ user: Int32) -> Bool { Int(user) < trained.count && trained[Int(user)] }

    /// Number of positively weighted items of `user`.
    public func positiveItemCount(user: Int32) -> Int { Int(user) < positives.count ? positives[Int(user)] : 0 }

    /// Writes `user`'s score of every item into `out` (`itemCount` values); seen items are not
    /// excluded here.
    public func scores(user: Int32, into out: UnsafeMutableBufferPointer<Float>) throws {
        precondition(out.count >= itemCount)
        let u = Int(user)
        let n = u < positives.count ? positives[u] : 0
        let k = configuration.warmupItems
        let alpha = n > 0 ? Float(Double(n) / (Double(n) + k)) : 0
        if alpha < 1 {
            if prior != nil {
                try prior!.scores(user: user, into: &scratch)
            } else {
                scratch = popularity
            }
        }
        var itemScale: Float = 0
        if alpha == 0 {
            let s = Self.inverseMaximum(scratch, itemCount)
            for j in 0..<itemCount { out[j] = s * scratch[j] }
        } else {
            let acc = accumulators[u]
            let a = alpha * Self.inverseMaximum(acc, itemCount)
            itemScale = a
            if alpha == 1 {
                for j in 0..<itemCount { out[j] = a * acc[j] }
            } else {
                let b = (1 - alpha) * Self.inverseMaximum(scratch, itemCount)
                for j in 0..<itemCount { out[j] = a * acc[j] + b * scratch[j] }
            }
        }
        if userVectors != nil {
            try refreshVector(u)
            userVectors!.addScores(user: user, itemScale: itemScale, into: out)
        }
    }

    /// Refreshes the ``userVectors`` state of every user with events since their last ranking
    /// (refreshes are otherwise lazy: when a user is next scored).
    public func refreshPendingVectors() throws {
        for u in staleVectors.indices where staleVectors[u] { try refreshVector(u) }
    }

    /// Refreshes `u`'s ``userVectors`` state from their history if events came in since the last time.
    private func refreshVector(_ u: Int) throws {
        guard u < staleVectors.count, staleVectors[u] else { return }
        let weights = history[u].mapValues { effectiveWeight($0, clock: clocks[u]) }
        try userVectors!.refresh(user: Int32(u), history: weights)
        staleVectors[u] = false
    }

    /// The user's top-`k` items, best first, excluding items they have interacted with.
    public func recommend(user: Int32, k: Int) throws -> [ScoredItem] {
        try withUnsafeTemporaryAllocation(of: Float.self, capacity: itemCount) { buf in
            try scores(user: user, into: buf)
            if Int(user) < history.count { for i in history[Int(user)].keys { buf[Int(i)] = -.infinity } }
            return TopKSelector.select(UnsafeBufferPointer(buf), k: k)
        }
    }

    /// A 64-bit FNV-1a digest of the whole mutable state (histories, accumulators, counts, the
    /// prior's network counts, `lastAppliedSeq`, the ``userVectors`` fold-in's state): equal
    /// digests ⇔ (with overwhelming probability) equal states, for replay checks.
    public func stateDigest() -> UInt64 {
        // Pending vector refreshes first, so the digest does not depend on when users were last ranked.
        try? refreshPendingVectors()
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        func mix(_ x: UInt64) { for b in 0..<8 { h = (h ^ ((x >> (8 * UInt64(b))) & 0xFF)) &* 0x100_0000_01B3 } }
        mix(UInt64(bitPattern: lastAppliedSeq))
        mix(UInt64(appliedEvents))
        mix(UInt64(users.count))
        for u in 0..<users.count {
            mix(UInt64(positives[u]))
            mix(UInt64(clocks[u]))
            mix(absorbed[u] ? 1 : 0)
            for (i, w) in history[u].sorted(by: { $0.key < $1.key }) { mix(UInt64(i)); mix(UInt64(w.weight.bitPattern)); mix(UInt64(w.at)) }
            for x in accumulators[u] { mix(UInt64(x.bitPattern)) }
        }
        if let prior {
            mix(UInt64(prior.absorbedUsers))
            for table in prior.counts.counts { for c in table { mix(UInt64(c)) } }
        }
        if let userVectors { mix(userVectors.stateDigest()) }
        return h
    }

    private func addRow(_ i: Int, times w: Float, to acc: inout [Float]) {
        let chunks = stride / 8
        let weight = SIMD8<Float>(repeating: w)
        matrix.withUnsafeBufferPointer { m in
            acc.withUnsafeMutableBufferPointer { a in
                let row = UnsafeRawPointer(m.baseAddress! + i * stride)
                let out = UnsafeMutableRawPointer(a.baseAddress!)
                for c in 0..<chunks {
                    let x = out.loadUnaligned(fromByteOffset: c * 32, as: SIMD8<Float>.self)
                    let r = row.loadUnaligned(fromByteOffset: c * 32, as: SIMD8<Float>.self)
                    out.storeBytes(of: x + weight * r, toByteOffset: c * 32, as: SIMD8<Float>.self)
                }
            }
        }
    }

    /// A history entry's weight now: its weight decayed by γ per event of the user since it was set.
    private func effectiveWeight(_ e: HistoryEntry, clock: Int) -> Float {
        let gamma = configuration.historyDecay
        return gamma < 1 && clock > e.at ? e.weight * Float(pow(Double(gamma), Double(clock - e.at))) : e.weight
    }

    private func scale(_ acc: inout [Float], by gamma: Float) {
        let g = SIMD8<Float>(repeating: gamma)
        acc.withUnsafeMutableBufferPointer { a in
            let out = UnsafeMutableRawPointer(a.baseAddress!)
            for c in 0..<(a.count / 8) {
                out.storeBytes(of: g * out.loadUnaligned(fromByteOffset: c * 32, as: SIMD8<Float>.self), toByteOffset: c * 32, as: SIMD8<Float>.self)
            }
        }
    }

    private static func inverseMaximum(_ x: [Float], _ n: Int) -> Float {
        var m: Float = 0
        for j in 0..<n { m = max(m, abs(x[j])) }
        return m > 0 ? 1 / m : 0
    }
}
