import Foundation
import Testing
@testable import Recommender

@Suite struct ColdStartAttributeKernelTests {
    /// Four training users over three items; age states in the file loader's (lexicographic) order,
    /// so "<18" comes last but ranks first.
    ///   u0: <18,  F → {0};  u1: 18-24, F → {0, 1};  u2: 25-34, M → {2};  u3: 25-34, M → {1, 2}.
    private func data() -> ColdStartDataset {
        let schema = ColdStartAttributeSchema(names: ["age_bucket", "gender"], states: [["18-24", "25-34", "<18"], ["F", "M"]])
        return ColdStartDataset(
            schema: schema, users: LabelIndex(["u0", "u1", "u2", "u3"]), attributes: [[2, 0], [0, 0], [1, 1], [1, 1]],
            items: LabelIndex(["i0", "i1", "i2"]), featureNames: [], itemFeatures: [], positives: [[0], [0, 1], [2], [1, 2]])
    }

    private func close(_ x: [Float], _ y: [Double], _ tolerance: Double = 1e-6) -> Bool {
        x.count == y.count && zip(x, y).allSatisfy { abs(Double($0) - $1) < tolerance }
    }

    @Test func readsOrdinalRangesAndKeepsNominalStates() {
        let schema = data().schema
        #expect(ColdStartAttributeKernel.ordinalRanks(schema, attribute: 0) == [1, 2, 0])
        #expect(ColdStartAttributeKernel.ordinalRanks(schema, attribute: 1) == nil)
        #expect(ColdStartAttributeKernel.rangeKey("56+")! == (56, 0))
        #expect(ColdStartAttributeKernel.rangeKey("<18")! == (18, -1))
        #expect(ColdStartAttributeKernel.rangeKey(">=7.5")! == (7.5, 1))
        #expect(ColdStartAttributeKernel.rangeKey("18-24")! == (18, 0))
        #expect(ColdStartAttributeKernel.rangeKey("3 stars") == nil)
        #expect(ColdStartAttributeKernel.rangeKey("technician") == nil)
        // Two states at the same place ("18" and "18-24") are not an order.
        let clash = ColdStartAttributeSchema(names: ["a"], states: [["18", "18-24"]])
        #expect(ColdStartAttributeKernel.ordinalRanks(clash, attribute: 0) == nil)
        // Binned numeric attributes are ordinal in state order.
        let binned = ColdStartAttributeSchema(names: ["age"], states: [["<18", "[18,30)", ">=30"]], bins: [ColdStartAttributeBins(edges: [18, 30])])
        #expect(ColdStartAttributeKernel.ordinalRanks(binned, attribute: 0) == [0, 1, 2])
    }

    @Test func scoresAreTheCellPosteriorsExpectedPreference() throws {
        // λ_age = 0.5 (ordinal), λ_gender = 0 (exact match), α = 0.
        // Cells: c0 = (<18, F) {i0}; c1 = (18-24, F) {i0, i1}; c2 = (25-34, M) mass 2 {i1: 1, i2: 2}.
        // P(age | cell <18) = (4, 2, 1)/7 over ranks (<18, 18-24, 25-34); | 18-24 = (1, 2, 1)/4; | 25-34 = (1, 2, 4)/7.
        let kernel = try ColdStartAttributeKernel(data(), trainingUsers: [0, 1, 2, 3], decay: [0.5, 0], userWeightExponent: 0)
        #expect(kernel.cellCount == 3)
        #expect(kernel.ordinal == [true, false])
        var out: [Float] = []
        // 18-24, F: c0 ∝ 1 · 2/7, c1 ∝ 1 · 1/2, c2 ∝ 0 → (4/11, 7/11, 0) → i0 = 1, i1 = 7/11, i2 = 0.
        let p = try kernel.cellPosterior([0, 0])
        #expect(abs(p[0] - 4.0 / 11) < 1e-12 && abs(p[1] - 7.0 / 11) < 1e-12 && p[2] == 0)
        try kernel.scores(for: [0, 0], into: &out)
        #expect(close(out, [1, 7.0 / 11, 0]))
        // Gender M only: cell c2 alone → (0, 1/2, 1).
        try kernel.scores(for: [nil, 1], into: &out)
        #expect(close(out, [0, 0.5, 1]))
        // <18 only: c0 ∝ 4/7, c1 ∝ 1/4, c2 ∝ 2 · 1/7 → (16, 7, 8)/31.
        try kernel.scores(for: [2, nil], into: &out)
        #expect(close(out, [23.0 / 31, 11.0 / 31, 8.0 / 31]))
    }

    @Test func userWeightExponentDownweightsHeavyUsers() throws {
        // α = 1: u3 (two positives) weighs 1/2, so cell c2 = {i1: 0.5, i2: 1.5} over mass 1.5.
        let kernel = try ColdStartAttributeKernel(data(), trainingUsers: [0, 1, 2, 3], decay: [0.5, 0], userWeightExponent: 1)
        var out: [Float] = []
        try kernel.scores(for: [nil, 1], into: &out)
        #expect(close(out, [0, 1.0 / 3, 1]))
    }

    @Test func posteriorMatchesExactEnumerationOfTheCellNetwork() throws {
        let d = data()
        let kernel = try ColdStartAttributeKernel(d, trainingUsers: [0, 1, 2, 3], decay: [0.3, 0.2], userWeightExponent: 0.5)
        let reference = ColdStartEnumerationInference(network: try kernel.tasteNetwork(schema: d.schema))
        for age in [nil, 0, 1, 2] as [Int?] {
            for gender in [nil, 0, 1] as [Int?] {
                let p = try kernel.cellPosterior([age, gender])
                let q = try reference.tastePosterior([age, gender])
                #expect(zip(p, q).allSatisfy { abs($0 - $1) < 1e-9 }, "evidence \(String(describing: age)), \(String(describing: gender))")
            }
        }
    }

    @Test func exactMatchKernelIsUnsmoothedDemoPopAndFallsBackToPopularity() throws {
        let d = data()
        let kernel = try ColdStartAttributeKernel(d, trainingUsers: [0, 1, 2, 3], decay: [0, 0], userWeightExponent: 0)
        let demo = try ColdStartDemographicPopularity(d, trainingUsers: [0, 1, 2, 3], smoothing: 0)
        var out: [Float] = []
        for evidence in [[0, 0], [1, 1], [nil, 0], [2, nil]] as [[Int?]] {
            try kernel.scores(for: evidence, into: &out)
            #expect(close(out, demo.scores(for: evidence).map(Double.init)), "evidence \(evidence)")
        }
        // Nobody is <18 and M: impossible for the posterior, popularity for the scores.
        #expect(throws: ColdStartError.impossibleEvidence) { try kernel.cellPosterior([2, 1]) }
        try kernel.scores(for: [2, 1], into: &out)
        #expect(close(out, [0.5, 0.5, 0.5]))
    }

    @Test func modelBlendsNeighboursWithTheTasteNetwork() throws {
        let d = data()
        let kernel = try ColdStartAttributeKernel(d, trainingUsers: [0, 1, 2, 3], decay: [0.5, 0], userWeightExponent: 0)
        // One taste state: the taste term is preference row (0.2, 0.4, 0.6) whatever the evidence.
        let network = try ColdStartTasteNetwork(
            names: ["age_bucket", "gender", "taste"], cardinalities: [3, 2, 1], parents: [[2], [2], []],
            tables: [[0.2, 0.3, 0.5], [0.5, 0.5], [1]], taste: 2, attributeNodes: [0, 1])
        let engine = ColdStartEnumerationInference(network: network)
        var only = try ColdStartModel(inference: engine, preference: [0.2, 0.4, 0.6], popularity: [0, 0, 0], popularityWeight: 0,
                                      neighbours: kernel, neighbourWeight: 1)
        var out: [Float] = []
        try only.scores(for: [0, 0], into: &out)
        #expect(close(out, [1, 7.0 / 11, 0]))
        #expect(try only.recommend([0, 0], k: 2).map(\.item) == [0, 1])
        var half = try ColdStartModel(inference: engine, preference: [0.2, 0.4, 0.6], popularity: [0, 0, 0], popularityWeight: 0,
                                      neighbours: kernel, neighbourWeight: 0.5)
        try half.scores(for: [0, 0], into: &out)
        #expect(close(out, [0.6, 0.2 + 3.5 / 11, 0.3]))
        #expect(throws: ColdStartError.self) {
            try ColdStartModel(inference: engine, preference: [0.2, 0.4, 0.6], popularity: [0, 0, 0], popularityWeight: 0, neighbourWeight: 0.5)
        }
        #expect(throws: ColdStartError.self) {
            try ColdStartModel(inference: engine, preference: [0.2, 0.4, 0.6], popularity: [0, 0, 0], popularityWeight: 0,
                               neighbours: kernel, neighbourWeight: 1.5)
        }
    }

    @Test func rejectsBadSettingsAndEvidence() throws {
        let d = data()
        #expect(throws: ColdStartError.self) { try ColdStartAttributeKernel(d, trainingUsers: [0, 1], decay: [0.5], userWeightExponent: 0) }
        #expect(throws: ColdStartError.self) { try ColdStartAttributeKernel(d, trainingUsers: [0, 1], decay: [1.5, 0], userWeightExponent: 0) }
        #expect(throws: ColdStartError.self) { try ColdStartAttributeKernel(d, trainingUsers: [0, 1], decay: [0.5, 0], userWeightExponent: -1) }
        #expect(throws: ColdStartError.noTrainingUsers) { try ColdStartAttributeKernel(d, trainingUsers: [], decay: [0.5, 0], userWeightExponent: 0) }
        let kernel = try ColdStartAttributeKernel(d, trainingUsers: [0, 1, 2, 3], decay: [0.5, 0], userWeightExponent: 0)
        var out: [Float] = []
        #expect(throws: ColdStartError.self) { try kernel.scores(for: [3, 0], into: &out) }
        #expect(throws: ColdStartError.self) { try kernel.scores(for: [0], into: &out) }
    }
}

extension ColdStartAttributeKernelTests {
    @Test func patternTableAnswersLikeInferencePerQuery() throws {
        let d = data()
        let table = try ColdStartAttributeKernel(d, trainingUsers: [0, 1, 2, 3], decay: [0.3, 0.6], userWeightExponent: 0.25)
        let direct = try ColdStartAttributeKernel(d, trainingUsers: [0, 1, 2, 3], decay: [0.3, 0.6], userWeightExponent: 0.25,
                                                  patternTableLimit: 0)
        #expect(table.hasPatternTable && !direct.hasPatternTable)
        var x: [Float] = [], y: [Float] = []
        for age in [nil, 0, 1, 2] as [Int?] {
            for gender in [nil, 0, 1] as [Int?] {
                try table.scores(for: [age, gender], into: &x)
                try direct.scores(for: [age, gender], into: &y)
                #expect(x == y, "evidence \(String(describing: age)), \(String(describing: gender))")
            }
        }
        #expect(throws: ColdStartError.self) { try table.scores(for: [3, 0], into: &x) }
    }
}

extension ColdStartAttributeKernelTests {
    @Test func cellContributionsAreTheKernelScoreTakenApart() throws {
        // λ_age = 0.5, λ_gender = 0, α = 0 (cells as in scoresAreTheCellPosteriorsExpectedPreference):
        // c0 = (<18, F) {i0}; c1 = (18-24, F) {i0, i1}; c2 = (25-34, M) mass 2 {i1: 1, i2: 2}.
        let kernel = try ColdStartAttributeKernel(data(), trainingUsers: [0, 1, 2, 3], decay: [0.5, 0], userWeightExponent: 0)
        #expect(kernel.states(ofCell: 0) == [2, 0] && kernel.states(ofCell: 2) == [1, 1])
        #expect(kernel.itemPreference(cell: 2, item: 1) == 0.5 && kernel.itemPreference(cell: 2, item: 0) == 0)
        // <18 only: P(c | e) = (16, 7, 8)/31. Item 1: c1 7/31 · 1 + c2 8/31 · 1/2 = 11/31 → shares 7/11, 4/11.
        let i1 = try kernel.cellContributions(item: 1, evidence: [2, nil])
        #expect(i1.map(\.cell) == [1, 2, 0])
        #expect(abs(i1[0].posterior - 7.0 / 31) < 1e-12 && i1[0].itemPreference == 1)
        #expect(abs(i1[1].posterior - 8.0 / 31) < 1e-12 && i1[1].itemPreference == 0.5)
        #expect(abs(i1[0].share - 7.0 / 11) < 1e-12 && abs(i1[1].share - 4.0 / 11) < 1e-12)
        #expect(i1[2].contribution == 0 && i1[2].share == 0 && i1[2].states == [2, 0])
        // Item 2: only c2 → share 1, contribution 8/31.
        let i2 = try kernel.cellContributions(item: 2, evidence: [2, nil])
        #expect(i2.first?.cell == 2 && i2.first?.share == 1 && abs(i2[0].contribution - 8.0 / 31) < 1e-12)
        // 18-24, F: c2 impossible (λ_gender = 0), so it is left out.
        #expect(try kernel.cellContributions(item: 0, evidence: [0, 0]).map(\.cell) == [1, 0])

        // Over every evidence pattern and item, with smoothing everywhere and user weights:
        // contributions sum to the kernel score and shares to 1.
        let smooth = try ColdStartAttributeKernel(data(), trainingUsers: [0, 1, 2, 3], decay: [0.3, 0.2], userWeightExponent: 0.5)
        var out: [Float] = []
        for age in [nil, 0, 1, 2] as [Int?] {
            for gender in [nil, 0, 1] as [Int?] {
                try smooth.scores(for: [age, gender], into: &out)
                for item in 0..<3 {
                    let parts = try smooth.cellContributions(item: item, evidence: [age, gender])
                    #expect(parts.count == smooth.cellCount)
                    #expect(abs(parts.reduce(0) { $0 + $1.contribution } - Double(out[item])) < 1e-6)
                    #expect(abs(parts.reduce(0) { $0 + $1.share } - 1) < 1e-12)
                    #expect(abs(parts.reduce(0) { $0 + $1.posterior } - 1) < 1e-12)
                }
            }
        }
        // The serving form (top cells only, one pass) lists the same cells with the same numbers.
        for evidence in [[nil, nil], [0, 1], [2, nil], [1, 0]] as [[Int?]] {
            let posterior = try smooth.cellPosterior(evidence)
            for item in 0..<3 {
                let all = try smooth.cellContributions(item: item, evidence: evidence)
                for limit in [0, 1, 2, 5] {
                    let top = smooth.topCellContributions(item: item, posterior: posterior, limit: limit)
                    #expect(top.possible == all.count)
                    #expect(abs(top.kernel - all.reduce(0) { $0 + $1.contribution }) < 1e-12)
                    let expected = Array(all.filter { $0.contribution > 0 }.prefix(limit))
                    #expect(top.cells.map(\.cell) == expected.map(\.cell), "evidence \(evidence), item \(item), limit \(limit)")
                    #expect(zip(top.cells, expected).allSatisfy { abs($0.share - $1.share) < 1e-12 && $0.states == $1.states })
                }
            }
        }
        #expect(throws: ColdStartError.self) { try smooth.cellContributions(item: 3, evidence: [nil, nil]) }
        let exact = try ColdStartAttributeKernel(data(), trainingUsers: [0, 1, 2, 3], decay: [0, 0], userWeightExponent: 0)
        #expect(throws: ColdStartError.impossibleEvidence) { try exact.cellContributions(item: 0, evidence: [2, 1]) }
    }

    @Test func modelBreakdownStatesTheTasteNetworksShare() throws {
        let kernel = try ColdStartAttributeKernel(data(), trainingUsers: [0, 1, 2, 3], decay: [0.5, 0], userWeightExponent: 0)
        // One taste state with preference row (0.2, 0.4, 0.6), β = 0.5 over popularity (0.1, 0.1, 0.8):
        // taste(i) = (0.15, 0.25, 0.7).
        let network = try ColdStartTasteNetwork(
            names: ["age_bucket", "gender", "taste"], cardinalities: [3, 2, 1], parents: [[2], [2], []],
            tables: [[0.2, 0.3, 0.5], [0.5, 0.5], [1]], taste: 2, attributeNodes: [0, 1])
        let engine = ColdStartEnumerationInference(network: network)
        var only = try ColdStartModel(inference: engine, preference: [0.2, 0.4, 0.6], popularity: [0.1, 0.1, 0.8],
                                      popularityWeight: 0.5, neighbours: kernel, neighbourWeight: 1)
        // γ = 1, 18-24 F, item 1: kernel = 7/11, all from c1; the taste part does not count.
        let b = try only.breakdown([0, 0], item: 1, cells: 3)
        #expect(abs(b.score - 7.0 / 11) < 1e-12 && b.tasteShare == 0 && b.tasteScore == 0)
        #expect(b.cells.map(\.cell) == [1] && b.cells[0].share == 1 && b.possibleCells == 2)
        #expect(abs(b.itemPopularity - 2.0 / 4) < 1e-7, "2 of 4 training users liked item 1")

        var half = try ColdStartModel(inference: engine, preference: [0.2, 0.4, 0.6], popularity: [0.1, 0.1, 0.8],
                                      popularityWeight: 0.5, neighbours: kernel, neighbourWeight: 0.5)
        var out: [Float] = []
        try half.scores(for: [0, 0], into: &out)
        for item in 0..<3 {
            let h = try half.breakdown([0, 0], item: item, cells: 1)
            #expect(abs(h.score - Double(out[item])) < 1e-6, "item \(item)")
            #expect(h.cells.count <= 1)
            let all = try half.breakdown([0, 0], item: item, cells: 10)
            #expect(abs(all.cells.reduce(0) { $0 + $1.share } + all.tasteShare - 1) < 1e-12)
        }
        // Item 1: score 0.5 · 7/11 + 0.5 · 0.25; taste share 0.125 / score.
        let h1 = try half.breakdown([0, 0], item: 1, cells: 3)
        #expect(abs(h1.tasteScore - 0.25) < 1e-7)
        #expect(abs(h1.tasteShare - 0.125 / (3.5 / 11 + 0.125)) < 1e-7)
        #expect(abs(h1.cells[0].share - (3.5 / 11) / (3.5 / 11 + 0.125)) < 1e-7)

        // Exact-match kernel, impossible evidence: the cell part is the weighted popularity, unexplained.
        let exact = try ColdStartAttributeKernel(data(), trainingUsers: [0, 1, 2, 3], decay: [0, 0], userWeightExponent: 0)
        var fallback = try ColdStartModel(inference: engine, preference: [0.2, 0.4, 0.6], popularity: [0.1, 0.1, 0.8],
                                          popularityWeight: 0.5, neighbours: exact, neighbourWeight: 1)
        let f = try fallback.breakdown([2, 1], item: 0, cells: 3)
        #expect(f.kernelFellBackToPopularity && f.cells.isEmpty && abs(f.score - 0.5) < 1e-7)
    }
}
