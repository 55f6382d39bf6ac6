import Foundation
import Testing
import TestSupport
@testable import BayesNet

/// P(target | evidence) and P(evidence) by summing the full joint (small networks only).
func bruteForce(_ net: BayesianNetwork, target: Int, evidence: [Int: Int]) -> (marginal: [Double], pEvidence: Double) {
    let cards = net.variables.map(\.cardinality)
    var state = [Int](repeating: 0, count: net.count)
    var marginal = [Double](repeating: 0, count: cards[target])
    var total = 1
    for c in cards { total *= c }
    for _ in 0..<total {
        if evidence.allSatisfy({ state[$0.key] == $0.value }) {
            var p = 1.0
            for t in net.tables {
                p *= t.probability(state: state[t.variable], configuration: t.configuration(parentStates: t.parents.map { state[$0] }))
            }
            marginal[state[target]] += p
        }
        for v in 0..<net.count {
            state[v] += 1
            if state[v] < cards[v] { break }
            state[v] = 0
        }
    }
    let z = marginal.reduce(0, +)
    return (marginal.map { $0 / z }, z)
}

@Suite("Variable elimination")
struct InferenceTests {
    @Test(arguments: ["quirks", "dog-problem", "asia"])
    func matchesBruteForceEnumeration(name: String) throws {
        let net = try fixtureNetwork(name)
        var engine = VariableElimination(network: net)
        var rng = SplitMixGenerator(seed: 42)
        for _ in 0..<60 {
            let target = Int(rng.next() % UInt64(net.count))
            var evidence: [Int: Int] = [:]
            for v in 0..<net.count where v != target && rng.next() % 3 == 0 {
                evidence[v] = Int(rng.next() % UInt64(net.variables[v].cardinality))
            }
            let truth = bruteForce(net, target: target, evidence: evidence)
            if truth.pEvidence == 0 {
                #expect(throws: BayesNetError.self) { try engine.query(targets: [target], evidence: evidence.map { ($0.key, $0.value) }) }
                continue
            }
            let r = try engine.query(targets: [target], evidence: evidence.map { ($0.key, $0.value) })
            #expect(abs(r.probabilityOfEvidence - truth.pEvidence) < 1e-12)
            for s in truth.marginal.indices { #expect(abs(r.marginals[0][s] - truth.marginal[s]) < 1e-12) }
        }
    }

    @Test
    func impossibleEvidenceIsAnError() throws {
        var engine = VariableElimination(network: try fixtureNetwork("asia"))
        // either = lung OR tub deterministically, so tub=yes with either=no has probability 0.
        #expect(throws: BayesNetError.impossibleEvidence(evidence: ["either": "no", "tub": "yes"])) {
            try engine.query(targets: ["lung"], evidence: ["either": "no", "tub": "yes"])
        }
        #expect(try engine.probabilityOfEvidence([(5, 1), (1, 0)]) == 0)
        // The engine is still usable afterwards.
        let ok = try engine.query(targets: ["lung"], evidence: ["either": "no"])
        #expect(ok.marginals[0][0] == 0)
    }

    @Test
    func badQueriesAreErrors() throws {
        var engine = VariableElimination(network: try fixtureNetwork("asia"))
        #expect(throws: BayesNetError.unknownVariable("lungs")) { try engine.query(targets: ["lungs"]) }
        #expect(throws: BayesNetError.unknownState(variable: "xray", state: "maybe", expected: ["yes", "no"])) {
            try engine.query(targets: ["lung"], evidence: ["xray": "maybe"])
        }
        #expect(throws: BayesNetError.targetObserved("lung")) { try engine.query(targets: ["lung"], evidence: ["lung": "yes"]) }
        let none = try engine.query(targets: ["smoke"])
        #expect(none.probabilityOfEvidence == 1)
        #expect(abs(none.marginals[0][0] - 0.5) < 1e-15)
    }
}
