/// Why an implicit-ALS fold-in cannot be built for a trained model.
public enum ImplicitALSFoldInError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The configuration has an ALS part but the model has no vector scorer.
    case noVectorPart
    /// The model's item–item weight is 0, so the vector part has no scale relative to the item–item part.
    case noItemPart
    /// The vector scorer's dimension does not fit the configuration's ALS slice (plus joint embedding).
    case dimensionMismatch(scorer: Int, als: Int, jointEmbedding: Bool)
    /// Re-solving the training users did not reproduce their stored ALS vectors up to one scale
    /// (the model was not trained with this configuration): `residual` is the relative squared error.
    case scaleNotRecovered(residual: Double)
    /// A user's normal equations could not be factored.
    case solve(DenseLinearAlgebraError)

    public var description: String {
        switch self {
        case .noVectorPart: return "the configuration has an implicit-ALS part but the model has no vector part"
        case .noItemPart: return "the model's item–item weight is 0; the online model needs the item–item part"
        case let .dimensionMismatch(scorer, als, joint):
            return "the model's vector part has \(scorer) dimensions, which does not fit an ALS slice of \(als)\(joint ? " plus the joint embedding" : "")"
        case let .scaleNotRecovered(r):
            return "re-solving the training users does not reproduce the model's ALS vectors (relative squared error \(r)); was it trained with this configuration?"
        case let .solve(e): return "implicit-ALS fold-in: \(e)"
        }
    }
}

/// The online fold-in of a hybrid model's vector part (``UserVectorFoldIn``): after each event of
/// a user, their implicit-ALS vector is re-solved exactly from their current history, item factors
/// fixed; their joint-embedding slice (when the model has one) stays at its trained value and the
/// item biases (popularity penalty) are kept. The vector part is added to ``OnlineRecommender``'s
/// scores on the same relative scale as offline, so
/// - a user without events is ranked exactly as by ``HybridRecommender`` (their trained vector is
///   used as stored; items without training data aside, whose `M` column the online model fills
///   from KG neighbours), and
/// - after events the ALS term is that of a fresh solve on the new history.
///
/// **The solve.** History items with weight w > 0 are the positives, with the ALS confidence
/// c = 1 + α·w (training items weigh 1, online events per ``FeedbackWeights``, scaled by
/// ``OnlineConfiguration/recentWeight`` and decayed like the item–item part); items with w ≤ 0 are
/// unobserved cells. `x = (YᵀY + Σ_{i∈P} (c_i − 1)·y_i y_iᵀ + λI)⁻¹ Σ_{i∈P} c_i·y_i` with the same λ,
/// α and precomputed YᵀY as training (``ImplicitALS/solveRow(gram:fixed:positives:settings:system:into:)``,
/// shared with it), factored by ``DenseCholesky``: O(|history|·d² + d³) per refresh (once per
/// ranking of a user with new events, not per event; items whose weight has decayed below
/// 10⁻⁹·λ/α skip their rank-one term, so with history decay the d² part is bounded by the user's
/// recent events), positives taken in item order, so it is deterministic.
///
/// **Recovering the ALS slice and its scale.** The model file keeps the vector part as one
/// concatenated ``DotProductScorer``: ALS first (user vectors multiplied by the blend scale
/// s = alsWeight / s_A, item factors as trained), then the joint embedding, with the popularity
/// penalty in the item biases; the ``HybridConfiguration`` gives the slice width (`als.dimension`).
/// The item factors are read back as they are; s is *recovered* by re-solving (up to 2,048)
/// training users against them and fitting the stored vectors by least squares,
/// s = Σ⟨stored_u, x̂_u⟩ / Σ‖x̂_u‖². We chose recovery over storing s in the model file because
/// (1) old model files keep working with no format change, (2) the trained user vectors were
/// solved against the previous sweep's item factors (a sweep solves users, then items), so no
/// stored constant would make a re-solved vector equal the trained one anyway — the least-squares
/// s is the one that best maps re-solves onto trained vectors, which minimises the jump at a
/// user's first event — and (3) the fit doubles as a check that the model and the configuration
/// agree (``scaleFitResidual``; above 0.05 the model is refused). Cost: a few hundred ms on
/// MovieLens-100K when the online model is built.
public struct ImplicitALSFoldIn: UserVectorFoldIn, Sendable {
    /// The model's vector scorer (ALS slice first).
    public let scorer: DotProductScorer
    /// Width of the ALS slice.
    public let alsDimension: Int
    /// Multiplier from a solved ALS vector to the scorer's ALS slice (recovered, see above).
    public let sliceScale: Double
    /// Relative squared error of the scale fit over the sampled training users.
    public let scaleFitResidual: Double
    /// Training users the scale was fitted on.
    public let scaleFitUsers: Int
    /// `embeddingWeight / matrixWeight` of the model: the vector part's weight relative to the raw
    /// item–item sums.
    public let relativeWeight: Float
    let settings: ImplicitALSSettings
    /// Item factors (`itemCount × alsDimension`, row-major) and the lower triangle of their Gram.
    let items: [Double]
    let gram: [Double]
    /// Per user: the folded-in ALS vector (unscaled); empty = no event yet (the trained vector is used).
    private var vectors: [[Double]] = []
    private var system: [Double]
    private var solution: [Double]

    /// Builds the fold-in for `model` trained with `configuration`; nil when the configuration has
    /// no ALS part (`alsWeight` 0).
    public init?(model: HybridRecommender, configuration c: HybridConfiguration) throws(ImplicitALSFoldInError) {
        guard c.alsWeight > 0 else { return nil }
        guard let scorer = model.embedding, model.embeddingWeight != 0 else { throw .noVectorPart }
        guard model.matrixWeight > 0 else { throw .noItemPart }
        let d = c.als.dimension
        let joint = c.embeddingWeight > 0
        guard d > 0, joint ? scorer.dimension > d : scorer.dimension == d else {
            throw .dimensionMismatch(scorer: scorer.dimension, als: d, jointEmbedding: joint)
        }
        self.scorer = scorer
        alsDimension = d
        settings = c.als
        relativeWeight = model.embeddingWeight / model.matrixWeight
        var y = [Double](repeating: 0, count: scorer.itemCount * d)
        for j in 0..<scorer.itemCount {
            let v = scorer.itemVector(j)
            for t in 0..<d { y[j * d + t] = Double(v[t]) }
        }
        items = y
        let gram = ImplicitALS.gram(y, dimension: d)
        self.gram = gram
        var system = [Double](repeating: 0, count: d * d), solution = [Double](repeating: 0, count: d)

        // Scale: least squares of the stored slices on re-solved vectors over a spread of training users.
        let x = model.interactions
        let candidates = (0..<min(x.userCount, scorer.userCount)).filter { x.degree(user: $0) > 0 }
        let step = max(1, (candidates.count + Self.scaleFitSample - 1) / Self.scaleFitSample)
        var cross = 0.0, solved = 0.0, stored = 0.0, users = 0
        var fits: [([Double], [Double])] = []
        for k in Swift.stride(from: 0, to: candidates.count, by: step) {
            let u = candidates[k]
            do {
                try ImplicitALS.solveRow(gram: gram, fixed: y, positives: x.items(of: u).lazy.map { (Int($0), 1.0) },
                                         settings: c.als, system: &system, into: &solution)
            } catch { throw .solve(error) }
            let trained = (0..<d).map { Double(scorer.userVectors[u * scorer.stride + $0]) }
            for t in 0..<d {
                cross += trained[t] * solution[t]
                solved += solution[t] * solution[t]
                stored += trained[t] * trained[t]
            }
            fits.append((trained, Array(solution)))
            users += 1
        }
        guard users > 0, solved > 0, stored > 0 else { throw .scaleNotRecovered(residual: .nan) }
        let s = cross / solved
        var error = 0.0
        for (trained, x) in fits { for t in 0..<d { error += (trained[t] - s * x[t]) * (trained[t] - s * x[t]) } }
        let residual = error / stored
        guard s > 0, residual.isFinite, residual <= Self.maximumResidual else { throw .scaleNotRecovered(residual: residual) }
        self.system = system
        self.solution = solution
        sliceScale = s
        scaleFitResidual = residual
        scaleFitUsers = users
    }

    /// At most this many training users are re-solved to recover the scale.
    static let scaleFitSample = 2048
    /// Largest relative squared error of the scale fit accepted.
    static let maximumResidual = 0.05

    /// Re-solves `user`'s ALS vector from `history` (positives w > 0, confidence 1 + α·w).
    public mutating func refresh(user: Int32, history: [Int32: Float]) throws {
        let u = Int(user)
        if vectors.count <= u { vectors += [[Double]](repeating: [], count: u + 1 - vectors.count) }
        let positives = history.filter { $0.value > 0 }.sorted { $0.key < $1.key }
        do {
            try ImplicitALS.solveRow(gram: gram, fixed: items, positives: positives.lazy.map { (Int($0.key), Double($0.value)) },
                                     settings: settings, system: &system, into: &solution)
        } catch { throw ImplicitALSFoldInError.solve(error) }
        vectors[u] = solution
    }

    /// The ALS part of a user's score of each of `targets`, split over their positives — the
    /// decomposition of Hu, Koren & Volinsky (2008, §5): with `W = (YᵀC_uY + λI)⁻¹` the user's own
    /// normal equations, `⟨x_u, y_j⟩ = Σ_{i∈P} c_i·⟨W y_i, y_j⟩`, so positive `i` contributes
    /// `c_i·⟨W y_j, y_i⟩`. The user's system is factored once (O(|P|·d² + d³)); each target then
    /// costs one triangular solve for `W y_j` and a dot product per positive.
    ///
    /// Result `[t][k]`: target `t`'s contribution from `positives[k]`, in the scorer's units
    /// (``sliceScale`` applied). A target's values sum to the re-solved vector's slice score, which
    /// differs from the stored trained vector's by the scale fit's residual (see the type's notes).
    /// - Parameter positives: the user's history, `(item, weight)` with weight > 0 (training items weigh 1).
    public func contributions(positives: [(item: Int32, weight: Double)], targets: [Int]) throws(ImplicitALSFoldInError) -> [[Double]] {
        let d = alsDimension
        var system = [Double](repeating: 0, count: d * d), x = [Double](repeating: 0, count: d)
        do {
            try ImplicitALS.solveRow(gram: gram, fixed: items, positives: positives.lazy.map { (Int($0.item), $0.weight) },
                                     settings: settings, system: &system, into: &x)
        } catch { throw .solve(error) }
        let confidence = positives.map { sliceScale * (1 + settings.confidence * $0.weight) }
        var z = [Double](repeating: 0, count: d)
        return targets.map { target in
            precondition(target >= 0 && target < scorer.itemCount)
            for t in 0..<d { z[t] = items[target * d + t] }
            DenseCholesky.solveFactored(system, n: d, &z)  // W y_j (system holds the factor of W⁻¹)
            return positives.indices.map { k in
                let row = Int(positives[k].item) * d
                var dot = 0.0
                for t in 0..<d { dot += z[t] * items[row + t] }
                return confidence[k] * dot
            }
        }
    }

    /// `user`'s folded-in ALS vector (unscaled, `alsDimension` values), nil before their first event.
    public func foldedVector(user: Int32) -> [Double]? {
        Int(user) < vectors.count && !vectors[Int(user)].isEmpty ? vectors[Int(user)] : nil
    }

    /// Adds `itemScale · relativeWeight · (⟨user vector, v_j⟩ + b_j)` for every item j.
    public func addScores(user: Int32, itemScale: Float, into scores: UnsafeMutableBufferPointer<Float>) {
        guard itemScale != 0 else { return }
        let u = Int(user)
        let scale = itemScale * relativeWeight
        guard let folded = foldedVector(user: user) else {
            if u < scorer.userCount {
                scorer.scores(user: u, scale: scale, accumulate: true, into: scores)
            } else {
                withUnsafeTemporaryAllocation(of: Float.self, capacity: scorer.dimension) { q in
                    q.initialize(repeating: 0)
                    scorer.scores(query: UnsafePointer(q.baseAddress!), scale: scale, accumulate: true, into: scores)
                }
            }
            return
        }
        withUnsafeTemporaryAllocation(of: Float.self, capacity: scorer.dimension) { q in
            for t in 0..<alsDimension { q[t] = Float(sliceScale * folded[t]) }
            for t in alsDimension..<scorer.dimension { q[t] = u < scorer.userCount ? scorer.userVectors[u * scorer.stride + t] : 0 }
            scorer.scores(query: UnsafePointer(q.baseAddress!), scale: scale, accumulate: true, into: scores)
        }
    }

    /// FNV-1a over the folded-in vectors (user id and every value's bits).
    public func stateDigest() -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        func mix(_ x: UInt64) { for b in 0..<8 { h = (h ^ ((x >> (8 * UInt64(b))) & 0xFF)) &* 0x100_0000_01B3 } }
        for (u, v) in vectors.enumerated() where !v.isEmpty {
            mix(UInt64(u))
            for x in v { mix(x.bitPattern) }
        }
        return h
    }
}
