import Foundation
import KnowledgeGraph
import Store
import Testing
@testable import Recommender

/// A small store imported from RecBole atomic files written here: raw numeric `age`, `gender`,
/// `occupation` (one user without it), an identifier-like `zip_code`, items with `class` genre
/// tokens and a tiny KG. Young women like the dramas, older men the action films.
private struct ColdStartStoreFixture {
    let root: URL
    var store: String { root.appendingPathComponent("store").path }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("kgrec-coldstart-store-\(UUID().uuidString)")
        let data = root.appendingPathComponent("recbole")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        var users = "user_id:token\tage:token\tgender:token\toccupation:token\tzip_code:token\n"
        var inter = "user_id:token\titem_id:token\trating:float\ttimestamp:float\n"
        for u in 1...12 {
            let young = u <= 6
            let age = young ? 18 + u : 40 + u
            let occupation = u == 12 ? "" : (young ? "student" : "engineer")
            users += "\(u)\t\(age)\t\(young ? "F" : "M")\t\(occupation)\tZ\(u)X\n"
            let liked = young ? ["3", "4"] : ["1", "2"]
            for (k, i) in liked.enumerated() { inter += "\(u)\t\(i)\t5\t\(1000 + u * 10 + k)\n" }
            inter += "\(u)\t\(young ? "1" : "3")\t2\t\(1000 + u * 10 + 5)\n"  // a dislike: not a positive
        }
        let item = """
            item_id:token\tmovie_title:token_seq\tclass:token_seq
            1\tFast Cars\tAction Thriller
            2\tBig Guns\tAction
            3\tQuiet Days\tDrama Romance
            4\tLong Letters\tDrama

            """
        let kg = """
            head_id:token\trelation_id:token\ttail_id:token
            m.f1\tfilm.film.genre\tm.action
            m.f2\tfilm.film.genre\tm.action
            m.action\tfilm.film_genre.films_in_this_genre\tm.f1
            m.action\tfilm.film_genre.films_in_this_genre\tm.f2
            m.f3\tfilm.film.genre\tm.drama
            m.f4\tfilm.film.genre\tm.drama
            m.f1\tfilm.film.language\tm.english
            m.f2\tfilm.film.language\tm.english
            m.f3\tfilm.film.language\tm.english
            m.f4\tfilm.film.language\tm.english

            """
        let link = "item_id:token\tentity_id:token\n1\tm.f1\n2\tm.f2\n3\tm.f3\n4\tm.f4\n"
        for (name, text) in [("t.user", users), ("t.inter", inter), ("t.item", item), ("t.kg", kg), ("t.link", link)] {
            try Data(text.utf8).write(to: data.appendingPathComponent(name))
        }
        let s = try KGStore.open(at: store, create: true)
        _ = try s.importRecBole(directory: data.path, format: RecBoleDataset.Options())
    }

    func catalogue() throws -> StoreCatalogue { try StoreCatalogue.load(from: try KGStore.open(at: store, create: false)) }

    func file(_ name: String, _ text: String) throws -> String {
        let url = root.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    func cleanup() { try? FileManager.default.removeItem(at: root) }
}

@Suite struct ColdStartStoreTests {
    @Test func trainsFromAStoreAndRanksByAttributes() throws {
        let f = try ColdStartStoreFixture()
        defer { f.cleanup() }
        let data = try ColdStartDataset(catalogue: try f.catalogue(), bins: ["age": [18, 30, 50]], maxCategoricalStates: 6)
        // zip_code (12 distinct text values) is identifier-like and left out; age is binned by the given edges.
        #expect(data.schema.names == ["age", "gender", "occupation"])
        #expect(data.schema.states[0] == ["<18", "[18,30)", "[30,50)", ">=50"])
        #expect(data.schema.states[2] == ["engineer", "student"])
        #expect(data.featureNames == ["Action", "Drama", "Romance", "Thriller"])
        let u1 = Int(data.users.id("1")!)
        #expect(data.attributes[u1] == [1, 0, 1])
        #expect(data.positives[u1].map { data.items.labels[Int($0)] } == ["3", "4"])  // the rating-2 item is not a positive
        #expect(data.itemTitles[Int(data.items.id("3")!)] == "Quiet Days")

        var settings = ColdStartSettings()
        settings.tasteClusters = 2
        let training = (0..<Int32(data.users.count)).filter { data.users.labels[Int($0)] != "6" && data.users.labels[Int($0)] != "7" }
        let taste = try ColdStartTrainer.fit(data, trainingUsers: training, settings: settings)
        let bn = try ColdStartBayesNetwork.learn(schema: data.schema, taste: taste, structure: .naive, equivalentSampleSize: 1)
        var model = try ColdStartModel(inference: bn.variableElimination(), preference: taste.preference,
                                       popularity: taste.popularity, popularityWeight: 0.2)
        let young = try model.recommend(try data.schema.parse("age=23,gender=F"), k: 2).map { data.items.labels[Int($0.item)] }
        let old = try model.recommend(try data.schema.parse("gender=M,occupation=engineer"), k: 2).map { data.items.labels[Int($0.item)] }
        #expect(Set(young) == ["3", "4"])
        #expect(Set(old) == ["1", "2"])
    }

    @Test func rawNumericAttributesGetEqualFrequencyBinsWithoutExplicitEdges() throws {
        let f = try ColdStartStoreFixture()
        defer { f.cleanup() }
        let data = try ColdStartDataset(catalogue: try f.catalogue(), attributeNames: ["age", "gender"], equalFrequencyBins: 3,
                                        maxCategoricalStates: 6)
        let bins = try #require(data.schema.bins[0])
        #expect(bins.edges.count == 2)
        #expect(data.schema.states[0].count == 3)
        // Twelve distinct ages in three equal-frequency bins: four users each.
        var perBin = [0, 0, 0]
        for a in data.attributes { perBin[a[0]!] += 1 }
        #expect(perBin == [4, 4, 4])
        // A number maps to its bin when parsing attributes.
        #expect(try data.schema.parse("age=19")[0] == 0 && data.schema.parse("age=99")[0] == 2)
    }

    @Test func unknownNamesAndValuesAreClearErrors() throws {
        let f = try ColdStartStoreFixture()
        defer { f.cleanup() }
        let catalogue = try f.catalogue()
        #expect(throws: ColdStartError.unknownAttribute(name: "shoe_size", known: ["age", "gender", "occupation", "zip_code"])) {
            try ColdStartDataset(catalogue: catalogue, attributeNames: ["gender", "shoe_size"])
        }
        #expect(throws: ColdStartError.unknownItemAttribute(name: "mood", known: ["class", "movie_title"])) {
            try ColdStartDataset(catalogue: catalogue, itemFeatureAttribute: "mood")
        }
        #expect(throws: ColdStartError.notANumberAttribute(attribute: "gender", user: "1", text: "F")) {
            try ColdStartDataset(catalogue: catalogue, attributeNames: ["gender"], bins: ["gender": [1]])
        }
        let data = try ColdStartDataset(catalogue: catalogue, attributeNames: ["gender", "occupation"])
        #expect(throws: ColdStartError.unknownAttributeValue(attribute: "gender", value: "X", known: ["F", "M"])) {
            try data.schema.parse("gender=X")
        }
        #expect(throws: ColdStartError.unknownAttribute(name: "age", known: ["gender", "occupation"])) { try data.schema.parse("age=20") }
        let message = ColdStartError.unknownAttributeValue(attribute: "gender", value: "X", known: ["F", "M"]).description
        #expect(message.contains("'X'") && message.contains("gender") && message.contains("F, M"))
    }

    @Test func missingAttributesStayUnobserved() throws {
        let f = try ColdStartStoreFixture()
        defer { f.cleanup() }
        let data = try ColdStartDataset(catalogue: try f.catalogue(), attributeNames: ["gender", "occupation"])
        let u12 = Int(data.users.id("12")!)
        #expect(data.attributes[u12] == [1, nil])  // no occupation in the store: unknown, not imputed
        var settings = ColdStartSettings()
        settings.tasteClusters = 2
        let taste = try ColdStartTrainer.fit(data, trainingUsers: Array(0..<Int32(data.users.count)), settings: settings)
        let bn = try ColdStartBayesNetwork.learn(schema: data.schema, taste: taste, structure: .naive, equivalentSampleSize: 1)
        var ve = bn.variableElimination()
        let reference = ColdStartEnumerationInference(network: try bn.recommenderNetwork())
        // Nothing known: the posterior is the taste prior; one attribute known: the other is summed out.
        let prior = bn.network.tables[bn.tasteNode].values
        for (p, q) in zip(try ve.tastePosterior([nil, nil]), prior) { #expect(abs(p - q) < 1e-12) }
        for (p, q) in zip(try ve.tastePosterior([1, nil]), try reference.tastePosterior([1, nil])) { #expect(abs(p - q) < 1e-12) }
    }

    @Test func trainingInteractionsFromASplitFileReplaceTheStoresForThoseUsers() throws {
        let f = try ColdStartStoreFixture()
        defer { f.cleanup() }
        let data = try ColdStartDataset(catalogue: try f.catalogue(), attributeNames: ["gender"])
        let train = try f.file("train.tsv", "user_id\titem_id\trating\ttimestamp\n1\t1\t5\t1\n1\t2\t3\t2\n8\t3\t4\t3\n")
        let (replaced, users) = try data.replacingPositives(withInteractionsIn: train)
        #expect(users.map { data.users.labels[Int($0)] } == ["1", "8"])
        #expect(replaced.positives[Int(data.users.id("1")!)].map { data.items.labels[Int($0)] } == ["1"])
        #expect(replaced.positives[Int(data.users.id("8")!)].map { data.items.labels[Int($0)] } == ["3"])
        // Other users keep their store positives (the test users' truth).
        #expect(replaced.positives[Int(data.users.id("2")!)] == data.positives[Int(data.users.id("2")!)])
        let bad = try f.file("bad.tsv", "1\t1\t5\n99\t1\t5\n")
        #expect(throws: ColdStartError.unknownUser(path: bad, line: 2, user: "99")) { try data.replacingPositives(withInteractionsIn: bad) }
        let badItem = try f.file("bad-item.tsv", "1\t1\t5\n1\t77\t5\n")
        #expect(throws: ColdStartError.unknownItem(path: badItem, line: 2, item: "77")) { try data.replacingPositives(withInteractionsIn: badItem) }
    }

    @Test func itemFeaturesComeFromTheKnowledgeGraphWithoutAClassAttribute() throws {
        let f = try ColdStartStoreFixture()
        defer { f.cleanup() }
        let catalogue = try f.catalogue()
        #expect(try ColdStartDataset.itemFeatureSource(catalogue) == .itemAttribute("class"))
        let data = try ColdStartDataset(catalogue: catalogue, attributeNames: ["gender"], graphFeaturesOnly: true)
        // Genre via film.film.genre and its inverse count once; the language every item shares is a hub and dropped.
        #expect(data.featureCount == 2)
        #expect(data.featureNames.allSatisfy { $0.contains("genre") })
        let action = try #require(data.featureNames.firstIndex { $0.hasSuffix("action") })
        for label in ["1", "2", "3", "4"] {
            let i = Int(data.items.id(label)!)
            #expect(data.itemFeatures[i * data.featureCount + action] == (label == "1" || label == "2" ? 1 : 0))
        }
    }

    @Test func userWeightExponentDownweightsHeavyUsersInTheItemTables() throws {
        let schema = ColdStartAttributeSchema(names: ["g"], states: [["a"]])
        let data = ColdStartDataset(schema: schema, users: LabelIndex(["u0", "u1", "u2"]), attributes: [[0], [0], [0]],
                                    items: LabelIndex(["i0", "i1", "i2", "i3"]), featureNames: ["f"], itemFeatures: [1, 1, 1, 1],
                                    positives: [[0, 1, 2, 3], [0], [0]])
        var settings = ColdStartSettings()
        settings.tasteClusters = 1
        settings.itemSmoothing = 0
        let plain = try ColdStartTrainer.fit(data, trainingUsers: [0, 1, 2], settings: settings)
        let third: Float = 1.0 / 3
        let expected: [Float] = [1, third, third, third]
        #expect(plain.popularity == expected)
        settings.userWeightExponent = 1  // u0 counts 1/4, u1 and u2 count 1 each: total mass 2.25
        let weighted = try ColdStartTrainer.fit(data, trainingUsers: [0, 1, 2], settings: settings)
        let share: Float = 0.25 / 2.25
        #expect(abs(weighted.popularity[0] - 1) < 1e-6)
        #expect(abs(weighted.popularity[1] - share) < 1e-6)
        #expect(zip(weighted.preference, weighted.popularity).allSatisfy { abs($0 - $1) < 1e-6 })  // one cluster: p(i | c) = pop(i)
        settings.userWeightExponent = -1
        #expect(throws: ColdStartError.self) { try ColdStartTrainer.fit(data, trainingUsers: [0, 1, 2], settings: settings) }
    }
}
