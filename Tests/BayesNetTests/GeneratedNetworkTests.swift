import Foundation
import Testing
@testable import BayesNet

@Suite("Generated networks, sampling and learning")
struct GeneratedNetworkTests {
    @Test func generatorIsDeterministicAndAcyclic() throws {
        let g = RandomNetworkGenerator(variableCount: 30, maxParents: 3, window: 6)
        let a = try g.generate(seed: 5), b = try g.generate(seed: 5), c = try g.generate(seed: 6)
        #expect(a.tables == b.tables)
        #expect(a.tables != c.tables)
        #expect(a.topologicalOrder.count == 30)
    }

    @Test func eliminationMatchesBruteForceOnRandomNetworks() throws {
        for seed in UInt64(1)...4 {
            let net = try RandomNetworkGenerator(variableCount: 9, maxParents: 3, window: 4, cardinalities: 2...3).generate(seed: seed)
            var engine = VariableElimination(network: net)
            var rng = SplitMixGenerator(seed: seed)
            for _ in 0..<25 {
                let target = Int(rng.next() % 9)
                var evidence: [Int: Int] = [:]
                for v in 0..<9 where v != target && rng.next() % 3 == 0 {
                    evidence[v] = Int(rng.next() % UInt64(net.variables[v].cardinality))
                }
                let truth = bruteForce(net, target: target, evidence: evidence)
                let r = try engine.query(targets: [target], evidence: evidence.map { ($0.key, $0.value) })
                #expect(abs(r.probabilityOfEvidence - truth.pEvidence) < 1e-12)
                for s in truth.marginal.indices { #expect(abs(r.marginals[0][s] - truth.marginal[s]) < 1e-12) }
            }
        }
    }

    @Test func multipleTargetsShareOneAnswer() throws {
        let net = try RandomNetworkGenerator(variableCount: 12, maxParents: 2, window: 5).generate(seed: 9)
        var engine = VariableElimination(network: net)
        let together = try engine.query(targets: [3, 7, 11], evidence: [(0, 1), (5, 0)])
        for (i, t) in [3, 7, 11].enumerated() {
            let alone = try engine.query(targets: [t], evidence: [(0, 1), (5, 0)])
            #expect(alone.marginals[0] == together.marginals[i])
            #expect(abs(alone.probabilityOfEvidence - together.probabilityOfEvidence) < 1e-15)
        }
        #expect(engine.eliminationWidth() >= 2)
    }

    @Test func learningFromForwardSamplesRecoversTheTables() throws {
        let net = try RandomNetworkGenerator(variableCount: 6, maxParents: 2, window: 3, cardinalities: 2...2).generate(seed: 3)
        let data = ForwardSampler.sample(net, rows: 40_000, seed: 11)
        var counts = CountTable(structure: net)
        try counts.add(data)
        let learned = try counts.estimate(.laplace)
        for (t, l) in zip(net.tables, learned.tables) {
            for (x, y) in zip(t.values, l.values) { #expect(abs(x - y) < 0.05) }
        }
        // Data with a state the structure lacks is refused.
        let other = DiscreteDataSet(variables: [Variable(name: "X0", states: ["s0", "zz"])] + net.variables.dropFirst(),
                                    columns: data.columns)
        #expect(throws: BayesNetError.unknownState(variable: "X0", state: "zz", expected: ["s0", "s1"])) { try counts.add(other) }
    }
}
