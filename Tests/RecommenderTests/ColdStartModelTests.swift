import Foundation
import Testing
@testable import Recommender

@Suite struct ColdStartModelTests {
    /// T → A with P(T) = (0.6, 0.4), P(A | T=0) = (0.7, 0.3), P(A | T=1) = (0.2, 0.8).
    private func model(weight: Float) throws -> ColdStartModel<ColdStartEnumerationInference> {
        let network = try ColdStartTasteNetwork(
            names: ["A", "taste"], cardinalities: [2, 2], parents: [[1], []],
            tables: [[0.7, 0.3, 0.2, 0.8], [0.6, 0.4]], taste: 1, attributeNodes: [0])
        return try ColdStartModel(
            inference: ColdStartEnumerationInference(network: network),
            preference: [0.9, 0.1, 0.5, /* taste 1 */ 0.1, 0.9, 0.5], popularity: [0.2, 0.2, 0.6], popularityWeight: weight)
    }

    @Test func ranksByExpectedPreferenceUnderThePosterior() throws {
        var m = try model(weight: 0)
        // A=0: posterior (0.84, 0.16) → scores (0.772, 0.228, 0.5).
        let a0 = try m.recommend([0], k: 3)
        #expect(a0.map(\.item) == [0, 2, 1])
        #expect(abs(Double(a0[0].score) - 0.772) < 1e-6)
        // A=1: posterior (0.36, 0.64) → scores (0.388, 0.612, 0.5).
        #expect(try m.recommend([1], k: 3).map(\.item) == [1, 2, 0])
        // Unknown A: the prior (0.6, 0.4) → (0.58, 0.42, 0.5).
        #expect(try m.recommend([nil], k: 2).map(\.item) == [0, 2])
    }

    @Test func popularityBlendShiftsTheRanking() throws {
        var half = try model(weight: 0.5)
        // A=0: 0.5·(0.772, 0.228, 0.5) + 0.5·(0.2, 0.2, 0.6) = (0.486, 0.214, 0.55).
        var scores: [Float] = []
        let posterior = try half.scores(for: [0], into: &scores)
        #expect(abs(posterior[0] - 0.84) < 1e-12)
        for (x, y) in zip(scores, [Float(0.486), 0.214, 0.55]) { #expect(abs(x - y) < 1e-6) }
        #expect(try half.recommend([0], k: 3).map(\.item) == [2, 0, 1])
        var popular = try model(weight: 1)
        // Pure popularity; the tie between items 0 and 1 goes to the smaller id.
        #expect(try popular.recommend([1], k: 3).map(\.item) == [2, 0, 1])
    }

    @Test func rejectsMismatchedTablesAndWeights() throws {
        let network = try ColdStartTasteNetwork(names: ["A", "taste"], cardinalities: [2, 2], parents: [[1], []],
                                                tables: [[0.5, 0.5, 0.5, 0.5], [0.5, 0.5]], taste: 1, attributeNodes: [0])
        let engine = ColdStartEnumerationInference(network: network)
        #expect(throws: ColdStartError.self) { try ColdStartModel(inference: engine, preference: [1, 2, 3], popularity: [1, 1], popularityWeight: 0) }
        #expect(throws: ColdStartError.self) { try ColdStartModel(inference: engine, preference: [1, 2, 3, 4], popularity: [1, 1], popularityWeight: 1.5) }
    }
}
