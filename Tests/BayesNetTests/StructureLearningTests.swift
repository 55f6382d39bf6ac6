import Foundation
import Testing
import TestSupport
@testable import BayesNet

private struct StructureOracle: Decodable {
    var bic_learned: Double
    var bic_true_structure: Double
    var local_bic_true_structure: [String: Double]
}

@Suite("Structure learning")
struct StructureLearningTests {

    private func data() throws -> DiscreteDataSet {
        try DiscreteDataSet.readCSV(contentsOf: try #require(TestData.path("bayesnet/asia_samples.csv")))
    }

    private func oracle() throws -> StructureOracle {
        try JSONDecoder().decode(StructureOracle.self, from: Data(contentsOf: try #require(TestData.path("bayesnet/oracle/structure_asia.json"))))
    }

    @Test
    func bicOfTrueStructureMatchesOracle() throws {
        let d = try data()
        let net = try fixtureNetwork("asia")
        let o = try oracle()
        var bic = BICScore(data: d)
        var total = 0.0
        for v in net.variables.indices {
            let parents = net.parents(of: v).map { d.index(of: net.variables[$0].name)! }
            let column = d.index(of: net.variables[v].name)!
            let local = bic.localScore(variable: column, parents: parents)
            #expect(abs(local - o.local_bic_true_structure[net.variables[v].name]!) < 1e-9)
            total += local
        }
        #expect(abs(total - o.bic_true_structure) < 1e-8)
    }

    @Test
    func hillClimbingReachesTheOracleBIC() throws {
        let d = try data()
        var bic = BICScore(data: d)
        let parents = HillClimbSearch().search(score: &bic)
        let score = bic.score(parents: parents)
        #expect(score >= (try oracle()).bic_learned - 1e-6, "BIC \(score)")
        #expect(parents.reduce(0) { $0 + $1.count } == 8)
        // A learned structure is a DAG: building a network from it must not throw.
        var counts = CountTable(variables: d.variables, parents: parents)
        try counts.add(d)
        _ = try counts.estimate(.maximumLikelihood)
    }

    @Test
    func maxInDegreeIsRespected() throws {
        let d = try data()
        let parents = HillClimbSearch(maxInDegree: 1).search(d)
        #expect(parents.allSatisfy { $0.count <= 1 })
        #expect(parents.contains { !$0.isEmpty })
    }

    @Test
    func chowLiuIsAMaximumMutualInformationTree() throws {
        let d = try data()
        let parents = ChowLiuTree.learn(d, root: 0)
        #expect(parents[0].isEmpty)
        #expect(parents.dropFirst().allSatisfy { $0.count == 1 })
        func weight(_ p: [[Int]]) -> Double {
            p.indices.reduce(0.0) { acc, v in acc + (p[v].first.map { ChowLiuTree.mutualInformation(d, $0, v) } ?? 0) }
        }
        let best = weight(parents)
        // No random spanning tree (each node attached to an earlier node of a random order) beats it.
        var rng = SplitMixGenerator(seed: 7)
        for _ in 0..<200 {
            let order = Array(0..<d.variables.count).shuffled(using: &rng)
            var p = [[Int]](repeating: [], count: order.count)
            for k in 1..<order.count { p[order[k]] = [order[Int(rng.next() % UInt64(k))]] }
            #expect(weight(p) <= best + 1e-12)
        }
        // It is a tree rooted at 0: building a network from it must not throw (acyclic).
        var counts = CountTable(variables: d.variables, parents: parents)
        try counts.add(d)
        _ = try counts.estimate(.laplace)
    }
}
