import Foundation
import Testing
import TestSupport
@testable import BayesNet

/// Loads a network from Tests/Fixtures/bayesnet.
func fixtureNetwork(_ name: String, normalize: Bool = true) throws -> BayesianNetwork {
    let url = try #require(TestData.path("bayesnet/\(name).bif"))
    return try BIFReader.read(contentsOf: url, normalize: normalize)
}

@Suite("Variable elimination against the pgmpy oracle")
struct OracleInferenceTests {
    @Test(arguments: ["asia", "cancer", "sachs", "child", "insurance"])
    func oracleQueries(network name: String) throws {
        let net = try fixtureNetwork(name)
        var engine = VariableElimination(network: net)
        let queries = try LabelledQuery.load(from: try #require(TestData.path("bayesnet/oracle/\(name).jsonl")))
        #expect(queries.count == 200)
        var maxError = 0.0
        var compared = 0
        for q in queries {
            let result = try engine.query(targets: q.targets, evidence: q.evidence)
            maxError = max(maxError, abs(result.probabilityOfEvidence - q.expectedProbabilityOfEvidence))
            for (t, target) in q.targets.enumerated() {
                let v = try net.requireIndex(target)
                let expected = try #require(q.expected[target])
                #expect(expected.count == net.variables[v].cardinality)
                for (s, state) in net.variables[v].states.enumerated() {
                    let e = try #require(expected[state])
                    maxError = max(maxError, abs(result.marginals[t][s] - e))
                    compared += 1
                }
            }
        }
        #expect(compared > 400)
        #expect(maxError <= 1e-9, "max abs error \(maxError) on \(name)")
    }
}
