import Testing
@testable import Recommender

@Suite struct RandomWalkPropagationTests {
    // Users: u0 {0, 1}, u1 {1, 2}. KG feature f0 = {0, 2}; item 3 has no users, only f1 = {2, 3}.
    let x = InteractionMatrix(userCount: 2, itemCount: 4, pairs: [(0, 0), (0, 1), (1, 1), (1, 2)])
    let features = SparseIncidence(columnCount: 4, rows: [[0, 2], [2, 3]])

    @Test func userWalkByHand() {
        // β = 0: W[i, j] = Σ_u 1/(deg(i)·deg(u)) over users holding i and j.
        let w = RandomWalkPropagation(kgWeight: 0, popularityExponent: 0, hubCap: 10).transitions(interactions: x, features: nil)
        let expected: [Double] = [
            0, 0.5, 0, 0,       // item 0 (deg 1) → u0 (deg 2) → {0, 1}
            0.25, 0, 0.25, 0,   // item 1 (deg 2) → u0 or u1 → …
            0, 0.5, 0, 0,
            0, 0, 0, 0,
        ]
        for k in 0..<16 { #expect(abs(w[k] - expected[k]) < 1e-12, "entry \(k)") }
    }

    @Test func kgWalkAndPopularityPenaltyByHand() {
        // kgWeight 0.5, β = 1. Item 0: users share 0.5·(1/1·1/2) to {0,1}; features: f0 only
        // (featureDegree 1) → 0.5·(1/1·1/2) to {0, 2}. Item 2: user u1 → 0.5·(1/2) to {1, 2};
        // features f0, f1 (degree 2): 0.5·1/(2·2) to {0, 2} and to {2, 3}. Item 3 has no users: all
        // its mass goes through f1: 1/(1·2) to {2, 3}. Then column j is divided by max(deg(j), 1).
        let w = RandomWalkPropagation(kgWeight: 0.5, popularityExponent: 1, hubCap: 10).transitions(interactions: x, features: features)
        let raw: [[Double]] = [
            [0, 0.25, 0.25, 0],
            [0.25, 0, 0.25, 0],          // item 1 has no KG feature: all through users
            [0.125, 0.25, 0, 0.125],
            [0, 0, 0.5, 0],
        ]
        let degree: [Double] = [1, 2, 1, 1]
        for i in 0..<4 { for j in 0..<4 { #expect(abs(w[i * 4 + j] - raw[i][j] / degree[j]) < 1e-12, "(\(i),\(j))") } }
    }

    @Test func hubCapDropsLargeFeatures() {
        let w = RandomWalkPropagation(kgWeight: 0.5, popularityExponent: 0, hubCap: 1).transitions(interactions: x, features: features)
        let plain = RandomWalkPropagation(kgWeight: 0, popularityExponent: 0, hubCap: 1).transitions(interactions: x, features: nil)
        #expect(w == plain)
    }
}
