import Foundation
import Testing
@testable import Recommender

/// Stored model configurations decode across kgrec versions.
@Suite struct HybridConfigurationTests {
    @Test func roundTripsThroughJSON() throws {
        var c = HybridConfiguration()
        c.l2 = 123
        c.alsWeight = 0.25
        c.seed = 7
        let decoded = try JSONDecoder().decode(HybridConfiguration.self, from: JSONEncoder().encode(c))
        #expect(decoded == c)
    }

    @Test func aConfigurationFromBeforeALSReadsAsTrainedWithoutIt() throws {
        // What an older model file holds: no alsWeight, als or popularityPenalty keys.
        let old = #"{"l2": 300, "dropout": 0.5, "propagationWeight": 0.3, "embeddingWeight": 0.15, "seed": 42, "threads": 2}"#
        let c = try JSONDecoder().decode(HybridConfiguration.self, from: Data(old.utf8))
        #expect(c.alsWeight == 0 && c.popularityPenalty == 0)
        #expect(c.propagationWeight == 0.3 && c.embeddingWeight == 0.15 && c.threads == 2)
        #expect(c.walkKGWeight == HybridConfiguration().walkKGWeight)
    }

    @Test func aWrongTypeIsStillAnError() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(HybridConfiguration.self, from: Data(#"{"l2": "heavy"}"#.utf8))
        }
    }
}
