import Embedding
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@testable import Recommender

@Suite struct ImplicitALSTests {
    /// 5 users × 4 items with a user and an item without positives.
    static let tiny = InteractionMatrix(
        userCount: 5, itemCount: 4, pairs: [(0, 0), (0, 1), (1, 1), (1, 2), (2, 0), (2, 2), (3, 1)])

    /// Σ_{u,j} c_uj (p_uj − ⟨x_u, y_j⟩)² + λ(‖X‖² + ‖Y‖²), every cell visited.
    static func objective(_ x: InteractionMatrix, _ users: [Double], _ items: [Double], _ s: ImplicitALSSettings) -> Double {
        let d = s.dimension
        var total = 0.0
        for u in 0..<x.userCount {
            let positives = Set(x.items(of: u))
            for j in 0..<x.itemCount {
                var dot = 0.0
                for t in 0..<d { dot += users[u * d + t] * items[j * d + t] }
                let p = positives.contains(Int32(j)) ? 1.0 : 0.0
                total += (1 + s.confidence * p) * (p - dot) * (p - dot)
            }
        }
        for v in users + items { total += s.regularization * v * v }
        return total
    }

    @Test func solveFactoredByHand() throws {
        // [[4, 2], [2, 5]]·x = [8, 13] → x = [0.875, 2.25].
        var a: [Double] = [4, 2, 2, 5]
        try DenseCholesky.factor(&a, n: 2)
        var b: [Double] = [8, 13]
        DenseCholesky.solveFactored(a, n: 2, &b)
        #expect(abs(b[0] - 0.875) < 1e-12 && abs(b[1] - 2.25) < 1e-12)
    }

    @Test func itemVectorsSolveTheFullWeightedLeastSquares() throws {
        // After a sweep the item vectors are the exact minimisers for the current user vectors:
        // (Σ_u c_uj x_u x_uᵀ + λI) y_j = Σ_u c_uj p_uj x_u, built here cell by cell (no Gram trick).
        var s = ImplicitALSSettings()
        s.dimension = 3
        s.regularization = 0.5
        s.confidence = 4
        s.iterations = 2
        let x = Self.tiny
        let (users, items) = try ImplicitALS.fit(x, settings: s, seed: 7)
        let d = s.dimension
        for j in 0..<x.itemCount {
            var a = [Double](repeating: 0, count: d * d), b = [Double](repeating: 0, count: d)
            let holders = Set(x.users(of: j))
            for u in 0..<x.userCount {
                let p = holders.contains(Int32(u)) ? 1.0 : 0.0
                let c = 1 + s.confidence * p
                for q in 0..<d {
                    b[q] += c * p * users[u * d + q]
                    for r in 0..<d { a[q * d + r] += c * users[u * d + q] * users[u * d + r] }
                }
            }
            for q in 0..<d {
                var residual = -b[q]
                for r in 0..<d { residual += (a[q * d + r] + (q == r ? s.regularization : 0)) * items[j * d + r] }
                #expect(abs(residual) < 1e-9, "item \(j) component \(q)")
            }
        }
        // A user or an item without positives gets a zero vector.
        #expect(users[4 * d..<5 * d].allSatisfy { $0 == 0 })
        #expect(items[3 * d..<4 * d].allSatisfy { $0 == 0 })
    }

    @Test func decayedWeightsLeaveOnlyTheirNegligibleRankOneTermOut() throws {
        // A row with 3 fresh positives and 40 whose weights decayed as after many events (0.8^k):
        // solveRow against the exact system built cell by cell with every term.
        var s = ImplicitALSSettings()
        s.dimension = 4
        s.regularization = 2
        s.confidence = 3
        let d = s.dimension, n = 43
        var rng = SplitMix64(seed: 11)
        let fixed = (0..<(n * d)).map { _ in Double(rng.next() % 2001) / 1000 - 1 }
        let weights: [Double] = (0..<n).map { (r: Int) -> Double in
            r < 3 ? Double(r + 1) : pow(0.8, Double(40 + 5 * r))
        }
        #expect(weights.contains { s.confidence * $0 < ImplicitALS.negligibleConfidence * s.regularization })
        var gram = [Double](repeating: 0, count: d * d)
        for r in 0..<n { for p in 0..<d { for q in 0...p { gram[p * d + q] += fixed[r * d + p] * fixed[r * d + q] } } }
        var system = [Double](repeating: 0, count: d * d), x = [Double](repeating: 0, count: d)
        try ImplicitALS.solveRow(gram: gram, fixed: fixed, positives: weights.enumerated().map { ($0.offset, $0.element) },
                                 settings: s, system: &system, into: &x)
        var a = [Double](repeating: 0, count: d * d), b = [Double](repeating: 0, count: d)
        for r in 0..<n {
            let c = 1 + s.confidence * weights[r]
            for p in 0..<d {
                b[p] += c * fixed[r * d + p]
                for q in 0..<d { a[p * d + q] += c * fixed[r * d + p] * fixed[r * d + q] }
            }
        }
        for p in 0..<d { a[p * d + p] += s.regularization }
        try DenseCholesky.factor(&a, n: d)
        DenseCholesky.solveFactored(a, n: d, &b)
        let norm = b.reduce(0) { $0 + $1 * $1 }.squareRoot()
        for t in 0..<d { #expect(abs(x[t] - b[t]) <= 1e-10 * norm, "component \(t): \(x[t]) vs \(b[t])") }
    }

    @Test func objectiveNeverIncreasesAndSeedsAreDeterministic() throws {
        var s = ImplicitALSSettings()
        s.dimension = 2
        s.regularization = 0.1
        s.confidence = 2
        var previous = Double.infinity
        for sweeps in 1...6 {
            s.iterations = sweeps
            let (u, v) = try ImplicitALS.fit(Self.tiny, settings: s, seed: 11)
            let loss = Self.objective(Self.tiny, u, v, s)
            #expect(loss <= previous + 1e-9, "sweep \(sweeps)")
            previous = loss
        }
        let a = try ImplicitALS.fit(Self.tiny, settings: s, seed: 11), b = try ImplicitALS.fit(Self.tiny, settings: s, seed: 11)
        #expect(a.users == b.users && a.items == b.items)
        let c = try ImplicitALS.fit(Self.tiny, settings: s, seed: 12)
        #expect(c.items != a.items)
    }

    @Test func concatenatedScorerAddsScaledParts() {
        // A: d 1, user [2], items [1, 3]; B: d 2, user [1, 0], items [0, 1], [5, 0], biases [1, 0].
        let a = DotProductScorer(dimension: 1, users: [2], items: [1, 3])
        let b = DotProductScorer(dimension: 2, users: [1, 0], items: [0, 1, 5, 0], itemBias: [1, 0])
        let both = DotProductScorer.concatenating([(a, 0.5), (b, 2)])
        #expect(both.dimension == 3)
        let scores = [Float](unsafeUninitializedCapacity: 2) { buf, n in both.scores(user: 0, into: buf); n = 2 }
        // 0.5·2·1 + 2·(0 + 1) = 3; 0.5·2·3 + 2·(5 + 0) = 13.
        #expect(scores == [3, 13])
    }

    @Test func hybridWithALSRecoversTasteGroupsAndRoundTrips() throws {
        var rng = Xoshiro256StarStar(seed: 1)
        var pairs: [(user: Int32, item: Int32)] = []
        for u in 0..<60 {
            var chosen = Set<Int>()
            while chosen.count < 6 { chosen.insert((u % 2) * 10 + rng.next(below: 10)) }
            for i in chosen { pairs.append((Int32(u), Int32(i))) }
        }
        let x = InteractionMatrix(userCount: 60, itemCount: 20, pairs: pairs)
        for weight in [1.0, 0.5] {
            var c = HybridConfiguration()
            c.l2 = 5
            c.propagationWeight = 0
            c.alsWeight = weight
            c.popularityPenalty = 0
            c.als.dimension = 2
            c.als.regularization = 5
            let (model, report) = try HybridTrainer.train(x, knowledgeGraph: nil, configuration: c)
            #expect(report.alsSeconds > 0)
            #expect(model.embedding?.dimension == 2)
            for u in 0..<60 {
                #expect(model.recommend(user: u, k: 4).allSatisfy { Int($0.item) / 10 == u % 2 }, "weight \(weight) user \(u)")
            }
            let copy = try HybridModelFile.decode(HybridModelFile.encode(model), path: "memory")
            for u in [0, 1, 59] { #expect(copy.recommend(user: u, k: 20) == model.recommend(user: u, k: 20)) }
        }
    }
}

@Suite struct PopularityPenaltyTests {
    @Test func biasOnlyScorerByHand() {
        let s = DotProductScorer.concatenating([], bias: [-1, 0.5, 2])
        #expect(s.dimension == 1)
        let scores = [Float](unsafeUninitializedCapacity: 3) { buf, n in s.scores(user: 0, into: buf); n = 3 }
        #expect(scores == [-1, 0.5, 2])
    }

    @Test func penaltyLowersEachItemByGammaLogPopularity() throws {
        let x = ImplicitALSTests.tiny
        var c = HybridConfiguration()
        c.l2 = 1
        c.propagationWeight = 0
        c.alsWeight = 0.5
        c.als.dimension = 2
        c.als.regularization = 0.5
        c.popularityPenalty = 0
        let (plain, _) = try HybridTrainer.train(x, knowledgeGraph: nil, configuration: c)
        c.popularityPenalty = 0.25
        let (penalised, _) = try HybridTrainer.train(x, knowledgeGraph: nil, configuration: c)
        for u in 0..<4 {
            let a = [Float](unsafeUninitializedCapacity: 4) { b, n in plain.scores(user: u, excludeSeen: false, into: b); n = 4 }
            let b = [Float](unsafeUninitializedCapacity: 4) { b, n in penalised.scores(user: u, excludeSeen: false, into: b); n = 4 }
            for j in 0..<4 {
                // Item degrees 2, 3, 2, 0.
                let expected = a[j] - Float(0.25 * log(1 + Double(x.degree(item: j))))
                #expect(abs(b[j] - expected) < 1e-5, "user \(u) item \(j)")
            }
        }
    }
}
