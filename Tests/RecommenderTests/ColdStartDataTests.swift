import Foundation
import Testing
@testable import Recommender

/// Writes a tiny cold-start data set to a fresh temporary directory.
private func writeFixture(ratings: String? = nil) throws -> (dir: URL, ratings: String, users: String, items: String) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kgrec-coldstart-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let users = """
        user_id\tage\tage_bucket\tgender\toccupation
        u1\t20\t18-24\tF\tstudent
        u2\t21\t18-24\tF\tstudent
        u3\t40\t35-44\tM\tengineer
        u4\t41\t35-44\tM\t
        u5\t22\t18-24\tM\tstudent

        """
    let items = """
        item_id\ttitle\tg_Action\tg_Drama
        i1\tA\t1\t0
        i2\tB\t1\t0
        i3\tC\t0\t1
        i4\tD\t0\t1

        """
    let defaultRatings = """
        user_id\titem_id\trating
        u1\ti3\t5
        u1\ti4\t4
        u1\ti1\t2
        u2\ti3\t4
        u3\ti1\t5
        u3\ti2\t5
        u4\ti1\t4
        u5\ti3\t5
        u5\ti1\t3

        """
    let paths = (dir.appendingPathComponent("ratings.tsv").path, dir.appendingPathComponent("users.tsv").path,
                 dir.appendingPathComponent("items.tsv").path)
    try (ratings ?? defaultRatings).write(toFile: paths.0, atomically: true, encoding: .utf8)
    try users.write(toFile: paths.1, atomically: true, encoding: .utf8)
    try items.write(toFile: paths.2, atomically: true, encoding: .utf8)
    return (dir, paths.0, paths.1, paths.2)
}

@Suite struct ColdStartDataTests {
    @Test func loadsAttributesFeaturesAndPositives() throws {
        let f = try writeFixture()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        let data = try ColdStartDataset.load(ratingsPath: f.ratings, usersPath: f.users, itemsPath: f.items)
        #expect(data.schema.names == ["age_bucket", "gender", "occupation"])
        #expect(data.schema.states == [["18-24", "35-44"], ["F", "M"], ["engineer", "student"]])
        #expect(data.attributes[3] == [1, 1, nil])  // empty occupation is unknown, not a state
        #expect(data.featureNames == ["Action", "Drama"])
        #expect(data.itemFeatures == [1, 0, 1, 0, 0, 1, 0, 1])
        #expect(data.itemTitles == ["A", "B", "C", "D"])
        #expect(data.positives[0] == [2, 3])  // rating 2 dropped
        #expect(data.positives[4] == [2])
    }

    @Test func unknownUserInRatingsReportsFileAndLine() throws {
        let f = try writeFixture(ratings: "user_id\titem_id\trating\nu1\ti1\t5\nu9\ti1\t5\n")
        defer { try? FileManager.default.removeItem(at: f.dir) }
        #expect(throws: ColdStartError.unknownUser(path: f.ratings, line: 3, user: "u9")) {
            try ColdStartDataset.load(ratingsPath: f.ratings, usersPath: f.users, itemsPath: f.items)
        }
        #expect(throws: ColdStartError.missingColumn(path: f.users, column: "zip", available: ["user_id", "age", "age_bucket", "gender", "occupation"])) {
            try ColdStartDataset.load(ratingsPath: f.ratings, usersPath: f.users, itemsPath: f.items, attributeColumns: ["zip"])
        }
    }

    @Test func parsesAttributeSpecifications() throws {
        let schema = ColdStartAttributeSchema(names: ["age_bucket", "gender"], states: [["18-24", "25-34"], ["F", "M"]])
        #expect(try schema.parse("age_bucket=25-34, gender = F") == [1, 0])
        #expect(try schema.parse("gender=M") == [nil, 1])
        #expect(try schema.parse("") == [nil, nil])
        #expect(throws: ColdStartError.unknownAttribute(name: "zip", known: ["age_bucket", "gender"])) { try schema.parse("zip=1") }
        #expect(throws: ColdStartError.unknownAttributeValue(attribute: "gender", value: "X", known: ["F", "M"])) { try schema.parse("gender=X") }
        #expect(throws: ColdStartError.duplicateAttribute("gender")) { try schema.parse("gender=F,gender=M") }
        #expect(throws: ColdStartError.malformedAttributes(text: "gender=F,age_bucket", offset: 10, expected: "'=' in name=value")) {
            try schema.parse("gender=F,age_bucket")
        }
        #expect(schema.describe([1, nil]) == "age_bucket=25-34")
    }

    @Test func demographicPopularityUsesOnlyKnownAttributes() throws {
        let f = try writeFixture()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        let data = try ColdStartDataset.load(ratingsPath: f.ratings, usersPath: f.users, itemsPath: f.items)
        let train: [Int32] = [0, 1, 2, 3]
        let demo = try ColdStartDemographicPopularity(data, trainingUsers: train, smoothing: 1)
        // pop = (i1: 2/4, i2: 1/4, i3: 2/4, i4: 1/4).
        #expect(demo.popularity == [0.5, 0.25, 0.5, 0.25])
        // gender=F: group {u1, u2}; i3 → (2 + 0.5) / 3.
        let f3 = demo.scores(for: [nil, 0, nil])
        #expect(abs(f3[2] - 2.5 / 3) < 1e-6 && abs(f3[0] - 0.5 / 3) < 1e-6)
        // Nothing known: DemoPop is popularity.
        let none = demo.scores(for: [nil, nil, nil])
        for (x, y) in zip(none, demo.popularity) { #expect(abs(x - y) < 1e-6) }
        // occupation unknown for u4, so occupation=engineer matches u3 only.
        let eng = demo.scores(for: [nil, nil, 0])
        #expect(abs(eng[1] - (1 + 0.25) / 2) < 1e-6)
    }

    @Test func clusteringAndTrainingAreDeterministic() throws {
        // Two clear directions plus noise-free duplicates.
        let profiles: [Float] = [1, 0, 0.9, 0.1, 0, 1, 0.1, 0.9, 1, 0.05, 0.05, 1]
        let a = try ColdStartTasteClusters.fit(profiles: profiles, rows: 6, dimension: 2, clusters: 2, seed: 7)
        let b = try ColdStartTasteClusters.fit(profiles: profiles, rows: 6, dimension: 2, clusters: 2, seed: 7)
        #expect(a == b)
        let g = a.assignments
        #expect(g[0] == g[1] && g[0] == g[4] && g[2] == g[3] && g[2] == g[5] && g[0] != g[2])
        #expect(throws: ColdStartError.self) { try ColdStartTasteClusters.fit(profiles: profiles, rows: 6, dimension: 2, clusters: 7, seed: 1) }

        let f = try writeFixture()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        let data = try ColdStartDataset.load(ratingsPath: f.ratings, usersPath: f.users, itemsPath: f.items)
        var settings = ColdStartSettings()
        settings.tasteClusters = 2
        settings.itemSmoothing = 1
        let t1 = try ColdStartTrainer.fit(data, trainingUsers: [0, 1, 2, 3, 4], settings: settings)
        let t2 = try ColdStartTrainer.fit(data, trainingUsers: [0, 1, 2, 3, 4], settings: settings)
        #expect(t1.taste == t2.taste && t1.preference == t2.preference && t1.clusters == t2.clusters)
        // Drama lovers (u1, u2, u5) and action lovers (u3, u4) separate.
        #expect(t1.taste[0] == t1.taste[1] && t1.taste[0] == t1.taste[4] && t1.taste[2] == t1.taste[3] && t1.taste[0] != t1.taste[2])
        // p(i3 | drama cluster) = (3 + 1 · 3/5) / (3 + 1).
        let drama = Int(t1.taste[0])
        #expect(abs(t1.preference[drama * 4 + 2] - 3.6 / 4) < 1e-6)
    }
}

@Suite struct ColdStartEvaluationTests {
    @Test func masksAttributesAndScoresAgainstAllPositives() throws {
        let f = try writeFixture()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        let data = try ColdStartDataset.load(ratingsPath: f.ratings, usersPath: f.users, itemsPath: f.items)
        // u1 (positives i3, i4) and u5 (i3) held out.
        let evaluation = ColdStartEvaluation(data, testUsers: [0, 4], cutoffs: [2])
        #expect(evaluation.evidence(user: 0, known: [false, true, false]) == [nil, 0, nil])
        var seen: [[Int?]] = []
        let report = try evaluation.run(known: [true, false, true]) { evidence, k in
            seen.append(evidence)
            #expect(k == 10)  // the evaluator asks for its largest cut-off (coverage/s.e. at 10)
            return [2, 0]  // i3 then i1
        }
        #expect(seen == [[0, nil, 1], [0, nil, 1]])
        // u1: hit at rank 1 of 2 relevant → recall 1/2, NDCG 1 / (1 + 1/log2 3); u5: perfect.
        let ndcgU1 = 1 / (1 + 1 / log2(3.0))
        #expect(abs(report.value(\.recall, at: 2)! - 0.75) < 1e-12)
        #expect(abs(report.value(\.ndcg, at: 2)! - (ndcgU1 + 1) / 2) < 1e-12)
        #expect(report.value(\.hitRate, at: 2) == 1)
        #expect(report.users == 2)
    }
}

@Suite struct ColdStartAttributeBinsTests {
    @Test func explicitEdgesLabelAndAssignStates() {
        let bins = ColdStartAttributeBins(edges: [25, 18, 35])
        #expect(bins.edges == [18, 25, 35])
        #expect(bins.labels == ["<18", "[18,25)", "[25,35)", ">=35"])
        #expect([10, 18, 24.9, 25, 34, 35, 90].map(bins.state(of:)) == [0, 1, 1, 2, 2, 3, 3])
    }

    @Test func equalFrequencyEdgesSplitTheSample() {
        let bins = ColdStartAttributeBins.equalFrequency((1...100).map(Double.init), count: 4)
        #expect(bins.edges == [26, 51, 76])
        // Ties merge bins instead of leaving an empty first bin.
        #expect(ColdStartAttributeBins.equalFrequency([1, 1, 1, 1, 2, 2, 2, 2, 3], count: 3).edges == [2])
        #expect(ColdStartAttributeBins.equalFrequency([1, 1, 1, 1, 2], count: 4).edges.isEmpty)
    }

    @Test func numericColumnsAreBinnedOnLoadAndInParsing() throws {
        let f = try writeFixture()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        let explicit = try ColdStartDataset.load(ratingsPath: f.ratings, usersPath: f.users, itemsPath: f.items,
                                                 attributeColumns: ["age", "gender"], bins: ["age": [21, 40]])
        #expect(explicit.schema.states[0] == ["<21", "[21,40)", ">=40"])
        #expect(explicit.attributes.map { $0[0] } == [0, 1, 2, 2, 1])
        #expect(try explicit.schema.parse("age=39,gender=F") == [1, 0])
        #expect(try explicit.schema.parse("age=<21") == [0, nil])
        // Automatic equal-frequency binning once a numeric column has more distinct values than allowed.
        let auto = try ColdStartDataset.load(ratingsPath: f.ratings, usersPath: f.users, itemsPath: f.items,
                                             attributeColumns: ["age"], equalFrequencyBins: 2, maxCategoricalStates: 3)
        #expect(auto.schema.bins[0] != nil && auto.schema.states[0].count == 2)
        // Edges for a non-numeric column are an error with its position.
        #expect(throws: ColdStartError.notANumber(path: f.users, line: 2, column: 4, text: "F")) {
            try ColdStartDataset.load(ratingsPath: f.ratings, usersPath: f.users, itemsPath: f.items,
                                      attributeColumns: ["age", "gender"], bins: ["gender": [1]])
        }
    }
}
