import Foundation
import Testing
import TestSupport
@testable import BayesNet

private struct ParamsOracle: Decodable {
    struct Entry: Decodable {
        var name: String
        var states: [String]
        var parents: [String]
        var counts: [[Int]]
        var mle: [[Double]]
        var bdeu_ess10: [[Double]]
    }
    var variables: [Entry]
}

@Suite("Parameter learning")
struct ParameterLearningTests {

    private func asiaData() throws -> (BayesianNetwork, DiscreteDataSet) {
        let net = try fixtureNetwork("asia")
        let data = try DiscreteDataSet.readCSV(contentsOf: try #require(TestData.path("bayesnet/asia_samples.csv")), schema: net.variables)
        return (net, data)
    }

    @Test
    func matchesPgmpyCountsMLEAndBDeu() throws {
        let (net, data) = try asiaData()
        #expect(data.rowCount == 5000)
        var counts = CountTable(structure: net)
        try counts.add(data)
        let mle = try counts.estimate(.maximumLikelihood)
        let bdeu = try counts.estimate(.bdeu(equivalentSampleSize: 10))
        let oracle = try JSONDecoder().decode(ParamsOracle.self, from: Data(contentsOf: try #require(TestData.path("bayesnet/oracle/params_asia.json"))))
        #expect(oracle.variables.count == 8)
        var maxError = 0.0
        for e in oracle.variables {
            let v = try net.requireIndex(e.name)
            #expect(net.variables[v].states == e.states)
            #expect(net.parents(of: v).map { net.variables[$0].name } == e.parents)
            let r = net.variables[v].cardinality
            for i in 0..<r {
                for j in e.counts[i].indices {
                    #expect(counts.counts[v][j * r + i] == e.counts[i][j])
                    maxError = max(maxError, abs(mle.tables[v].probability(state: i, configuration: j) - e.mle[i][j]))
                    maxError = max(maxError, abs(bdeu.tables[v].probability(state: i, configuration: j) - e.bdeu_ess10[i][j]))
                }
            }
        }
        #expect(maxError <= 1e-12, "max abs error \(maxError)")
    }

    @Test
    func incrementalCountsEqualRefitting() throws {
        let (net, data) = try asiaData()
        var incremental = CountTable(structure: net)
        try incremental.add(data.rows(0..<3000))
        try incremental.add(data.rows(3000..<5000))
        var full = CountTable(structure: net)
        try full.add(data)
        #expect(incremental.counts == full.counts)
        #expect(incremental.sampleCount == 5000)
        let a = try incremental.estimate(.bdeu(equivalentSampleSize: 10)), b = try full.estimate(.bdeu(equivalentSampleSize: 10))
        #expect(a.tables == b.tables)
    }

    @Test func estimatorsClosedForm() {
        // Two parent configurations, r = 2; the second never observed.
        let counts = [3, 1, 0, 0]
        #expect(ParameterEstimator.maximumLikelihood.estimate(counts: counts, cardinality: 2) == [0.75, 0.25, 0.5, 0.5])
        #expect(ParameterEstimator.laplace.estimate(counts: counts, cardinality: 2) == [4.0 / 6, 2.0 / 6, 0.5, 0.5])
        // a = 4 / (2 * 2) = 1
        #expect(ParameterEstimator.bdeu(equivalentSampleSize: 4).estimate(counts: counts, cardinality: 2) == [4.0 / 6, 2.0 / 6, 0.5, 0.5])
    }
}
