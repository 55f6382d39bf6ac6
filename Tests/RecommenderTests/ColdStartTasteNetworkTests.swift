import Testing
@testable import Recommender

/// T (2 states) → A (2 states), T → B (3 states), hand-computable.
private func naiveNetwork() throws -> ColdStartTasteNetwork {
    try ColdStartTasteNetwork(
        names: ["A", "B", "taste"], cardinalities: [2, 3, 2], parents: [[2], [2], []],
        tables: [
            [0.7, 0.3, 0.2, 0.8],  // P(A | T=0), P(A | T=1)
            [0.5, 0.3, 0.2, 0.1, 0.1, 0.8],  // P(B | T=0), P(B | T=1)
            [0.6, 0.4],  // P(T)
        ],
        taste: 2, attributeNodes: [0, 1])
}

private func expectClose(_ a: [Double], _ b: [Double], tolerance: Double = 1e-12) {
    #expect(a.count == b.count)
    for (x, y) in zip(a, b) { #expect(abs(x - y) <= tolerance, "\(a) vs \(b)") }
}

@Suite struct ColdStartTasteNetworkTests {
    @Test func posteriorWithAllAttributesMatchesHandComputation() throws {
        let engine = ColdStartEnumerationInference(network: try naiveNetwork())
        // P(T | A=0, B=2) ∝ (0.6·0.7·0.2, 0.4·0.2·0.8) = (0.084, 0.064).
        expectClose(try engine.tastePosterior([0, 2]), [0.084 / 0.148, 0.064 / 0.148])
        // P(T | A=1, B=0) ∝ (0.6·0.3·0.5, 0.4·0.8·0.1) = (0.09, 0.032).
        expectClose(try engine.tastePosterior([1, 0]), [0.09 / 0.122, 0.032 / 0.122])
    }

    @Test func missingAttributeIsMarginalisedNotImputed() throws {
        let engine = ColdStartEnumerationInference(network: try naiveNetwork())
        // B unknown: P(T | A=0) ∝ (0.6·0.7, 0.4·0.2) = (0.42, 0.08).
        let partial = try engine.tastePosterior([0, nil])
        expectClose(partial, [0.84, 0.16])
        // Equals the mixture over B's states weighted by P(B | A=0), which no single imputed value gives.
        var mixture = [0.0, 0.0]
        for b in 0..<3 {
            let pb = 0.84 * [0.5, 0.3, 0.2][b] + 0.16 * [0.1, 0.1, 0.8][b]
            let post = try engine.tastePosterior([0, b])
            for t in 0..<2 { mixture[t] += pb * post[t] }
            #expect(abs(post[0] - partial[0]) > 1e-3)
        }
        expectClose(mixture, partial)
        // Nothing known: the prior.
        expectClose(try engine.tastePosterior([nil, nil]), [0.6, 0.4])
    }

    @Test func attributeParentsOfTasteUseLastParentFastestLayout() throws {
        // A → T ← B; T's rows for (a, b) = (0,0), (0,1), (1,0), (1,1).
        let network = try ColdStartTasteNetwork(
            names: ["A", "B", "taste"], cardinalities: [2, 2, 2], parents: [[], [], [0, 1]],
            tables: [[0.5, 0.5], [0.3, 0.7], [0.9, 0.1, 0.6, 0.4, 0.2, 0.8, 0.5, 0.5]],
            taste: 2, attributeNodes: [0, 1])
        let engine = ColdStartEnumerationInference(network: network)
        expectClose(try engine.tastePosterior([0, 1]), [0.6, 0.4])
        // B unknown: 0.3·(0.2, 0.8) + 0.7·(0.5, 0.5).
        expectClose(try engine.tastePosterior([1, nil]), [0.41, 0.59])
    }

    @Test func impossibleEvidenceIsAnError() throws {
        let network = try ColdStartTasteNetwork(
            names: ["A", "taste"], cardinalities: [2, 2], parents: [[1], []],
            tables: [[1, 0, 1, 0], [0.5, 0.5]], taste: 1, attributeNodes: [0])
        #expect(throws: ColdStartError.impossibleEvidence) { try ColdStartEnumerationInference(network: network).tastePosterior([1]) }
    }

    @Test func malformedNetworksAreRejected() {
        #expect(throws: ColdStartError.self) {
            try ColdStartTasteNetwork(names: ["A", "taste"], cardinalities: [2, 2], parents: [[1], []],
                                      tables: [[0.7, 0.2, 0.5, 0.5], [0.5, 0.5]], taste: 1, attributeNodes: [0])
        }
        #expect(throws: ColdStartError.self) {
            try ColdStartTasteNetwork(names: ["A", "taste"], cardinalities: [2, 2], parents: [[1], [0]],
                                      tables: [[0.5, 0.5, 0.5, 0.5], [0.5, 0.5, 0.5, 0.5]], taste: 1, attributeNodes: [0])
        }
    }
}
