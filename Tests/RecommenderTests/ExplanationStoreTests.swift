import Embedding
import Foundation
import KnowledgeGraph
import Store
import TestSupport
import Testing
@testable import Recommender

/// A small synthetic MovieLens-like store (RecBole atomic files with Freebase-style relations and
/// the repository's film ontology), built in a temporary directory.
struct SmallExplanationStore {
    let path: String
    let catalogue: StoreCatalogue

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("kgrec-explain-\(UUID().uuidString)").path
        let input = path + "-input"
        try FileManager.default.createDirectory(atPath: input, withIntermediateDirectories: true)
        var state: UInt64 = 7
        func next(_ n: Int) -> Int { state = state &* 6364136223846793005 &+ 1442695040888963407; return Int((state >> 33) % UInt64(n)) }
        let genres = ["Comedy", "Drama", "Action", "Sci-Fi"]
        var items = "item_id:token\tmovie_title:token_seq\tclass:token_seq\n"
        var kg = "head_id:token\trelation_id:token\ttail_id:token\n"
        var link = "item_id:token\tentity_id:token\n"
        for i in 0..<30 {
            let g = genres[i % 4], g2 = genres[(i / 4) % 4]
            items += "\(i + 1)\tFilm \(i + 1) \"quoted\"\t\(g) \(g2)\n"
            link += "\(i + 1)\tm.f\(i)\n"
            kg += "m.f\(i)\tfilm.film.directed_by\tm.d\(i / 5)\n"
            kg += "m.d\(i / 5)\tfilm.director.film\tm.f\(i)\n"
            for a in 0..<3 { kg += "m.f\(i)\tfilm.film.actor\tm.a\((i + a * 7) % 12)\n" }
            kg += "m.f\(i)\tfilm.film.genre\tm.g\(i % 4)\n"
            kg += "m.g\(i % 4)\tfilm.film_genre.films_in_this_genre\tm.f\(i)\n"
            kg += "m.f\(i)\tfilm.film.language\tm.en\n"
        }
        var users = "user_id:token\tage:token\tgender:token\toccupation:token\n"
        var inter = "user_id:token\titem_id:token\trating:float\ttimestamp:float\n"
        let occupations = ["student", "engineer", "artist"]
        for u in 0..<24 {
            users += "\(u + 1)\t\(15 + (u * 7) % 50)\t\(u % 2 == 0 ? "F" : "M")\t\(occupations[u % 3])\n"
            var seen = Set<Int>()
            // Six films of the user's group (genre u % 4), two of any.
            while seen.count < 6 { seen.insert((u % 4) + 4 * next(7)) }
            while seen.count < 8 { seen.insert(next(30)) }
            for (k, i) in seen.sorted().enumerated() { inter += "\(u + 1)\t\(i + 1)\t\(k == 7 ? 2 : 4 + next(2))\t\(1000 + k)\n" }
        }
        for (name, text) in [("small.item", items), ("small.kg", kg), ("small.link", link), ("small.user", users), ("small.inter", inter)] {
            try Data(text.utf8).write(to: URL(fileURLWithPath: input + "/" + name))
        }
        let store = try KGStore.open(at: path, create: true)
        var f = RecBoleDataset.Options()
        f.namespace = IdentifierNamespace("http://rdf.freebase.com/ns/")
        f.buckets = [try BucketSpec(parsing: "age:0,18,25,35,45,50,56")]
        _ = try store.importRecBole(directory: input, format: f)
        _ = try store.importOntology(files: [TestData.repositoryRoot.appendingPathComponent("ontologies/film.rdf").path])
        catalogue = try StoreCatalogue.load(from: store)
        try? FileManager.default.removeItem(atPath: input)
    }

    func cleanup() { try? FileManager.default.removeItem(atPath: path) }
}

@Suite(.serialized) struct ExplanationStoreTests {
    /// On this 24-user store the default's ML-100K-tuned implicit-ALS λ ranks near popularity, so
    /// these tests explain a model of the item part alone (``ScoreAttributionTests`` covers the ALS share).
    static var itemPart: HybridConfiguration {
        var c = HybridConfiguration()
        c.alsWeight = 0
        return c
    }

    @Test func everyExportedStepIsAnEdgeOfTheStore() throws {
        let s = try SmallExplanationStore()
        defer { s.cleanup() }
        let c = s.catalogue
        let x = c.positives()
        let (model, _) = try HybridTrainer.train(x, knowledgeGraph: c.knowledgeGraph, configuration: Self.itemPart)
        let graph = ExplanationGraph(catalogue: c)
        var explainer = WarmExplainer(search: try ExplanationPathSearch(graph: graph))
        let validator = ExplanationValidator(catalogue: c, graph: graph)
        var documents = 0, withPath = 0, steps = 0
        var labels = Set<String>(), topLabels = Set<String>()
        for u in 0..<c.users.count where x.degree(user: u) > 0 {
            for rec in model.recommend(user: u, k: 5) {
                let d = explainer.explain(user: c.users.labels[u], item: rec.item, score: Double(rec.score),
                                          sources: ScoreAttribution(recommender: model, configuration: Self.itemPart).sources(user: u, item: Int(rec.item)))
                documents += 1
                if !d.paths.isEmpty { withPath += 1 }
                steps += try validator.validate(d)
                for p in d.paths {
                    #expect(p.steps.count >= 2 && p.kgHops <= 3)
                    #expect(p.share >= 0 && p.share <= 1)
                    for step in p.steps { labels.insert(step.relationLabel) }
                }
                // The best-weighted path (the list itself is ordered by share).
                for step in d.paths.max(by: { $0.score < $1.score })?.steps ?? [] { topLabels.insert(step.relationLabel) }
                // Listed by share of the score, the order a person reads them in.
                #expect(d.paths.map(\.share) == d.paths.map(\.share).sorted(by: >))
                // The JSON line reads back to the same document.
                let line = d.jsonLine()
                #expect(!line.contains("\n"))
                #expect(try ExplanationDocument.decode(Data(line.utf8), source: "line") == d)
            }
        }
        #expect(documents > 50 && withPath == documents && steps > documents)
        // Labels come from the ontology, inverse steps under the declared inverse's label.
        #expect(labels.contains("liked"))
        #expect(labels.isSubset(of: ["liked", "directed by", "director of", "starring", "acted in", "genre", "genre of", "language", "inverse of language"]))
        #expect(labels.contains("acted in") || labels.contains("director of") || labels.contains("genre of"))
        #expect(!topLabels.contains("language") && !topLabels.contains("inverse of language"), "the language hub is never the best-weighted explanation")
    }

    @Test func validatorRejectsStepsThatAreNotStoreFacts() throws {
        let s = try SmallExplanationStore()
        defer { s.cleanup() }
        let c = s.catalogue
        let x = c.positives()
        let (model, _) = try HybridTrainer.train(x, knowledgeGraph: c.knowledgeGraph, configuration: Self.itemPart)
        let graph = ExplanationGraph(catalogue: c)
        var explainer = WarmExplainer(search: try ExplanationPathSearch(graph: graph))
        let validator = ExplanationValidator(catalogue: c, graph: graph)
        let rec = try #require(model.recommend(user: 0, k: 1).first)
        let d = explainer.explain(user: c.users.labels[0], item: rec.item, score: Double(rec.score), sources: ScoreAttribution(recommender: model, configuration: Self.itemPart).sources(user: 0, item: Int(rec.item)))
        let path = try #require(d.paths.first)
        try validator.validate(d)
        var flipped = d
        flipped.paths[0].steps[1].direction = path.steps[1].direction == "forward" ? "inverse" : "forward"
        #expect(throws: ExplanationError.self) { try validator.validate(flipped) }
        var otherUser = d
        otherUser.user = c.users.labels.first { u in
            !x.items(of: Int(c.users.id(u)!)).contains(c.items.id(path.steps[0].entity)!)
                && !c.interactionUsers.indices.contains { c.interactionUsers[$0] == c.users.id(u)! && c.interactionItems[$0] == c.items.id(path.steps[0].entity)! }
        }
        #expect(throws: ExplanationError.self) { try validator.validate(otherUser) }
        var wrongEnd = d
        wrongEnd.item = c.items.labels.first { $0 != d.item }!
        #expect(throws: ExplanationError.self) { try validator.validate(wrongEnd) }
    }

    @Test func coldStartExplanationStartsFromTheTastePosterior() throws {
        let s = try SmallExplanationStore()
        defer { s.cleanup() }
        let c = s.catalogue
        let data = try ColdStartDataset(catalogue: c, attributeNames: ["age_bucket", "gender", "occupation"], itemFeatureAttribute: "class")
        #expect(data.featureNames == ["Action", "Comedy", "Drama", "Sci-Fi"])
        var settings = ColdStartSettings()
        settings.tasteClusters = 4
        let taste = try ColdStartTrainer.fit(data, trainingUsers: (0..<Int32(data.users.count)).map { $0 }, settings: settings)
        let bn = try ColdStartBayesNetwork.learn(schema: data.schema, taste: taste, structure: .naive, equivalentSampleSize: 10)
        let model = try ColdStartModel(inference: bn.variableElimination(), preference: taste.preference, popularity: taste.popularity,
                                       popularityWeight: Float(settings.popularityWeight))
        let graph = ExplanationGraph(catalogue: c)
        var explainer = try ColdStartExplainer(model: model, data: data, taste: taste, search: try ExplanationPathSearch(graph: graph))
        let evidence = try data.schema.parse("gender=F,occupation=student")
        var m = model
        let top = try #require(try m.recommend(evidence, k: 1).first)
        let d = try explainer.explain(evidence: evidence, item: top.item)
        #expect(d.kind == "cold-start" && d.attributes == ["gender": "F", "occupation": "student"])
        #expect(abs(d.score - Double(top.score)) < 1e-4)
        let tastes = try #require(d.tastes)
        #expect(!tastes.isEmpty && tastes.allSatisfy { $0.posterior >= 0 && $0.posterior <= 1 && $0.prior > 0 })
        #expect(tastes.map(\.share) == tastes.map(\.share).sorted(by: >))
        #expect(!d.paths.isEmpty)
        for p in d.paths { #expect(p.steps[0].entityType == "taste" && p.steps[1].relation == ExplanationDocument.tasteLikedRelation) }
        try ExplanationValidator(catalogue: c, graph: graph).validate(d)
        #expect(ExplanationTextWriter.text(d).contains("taste"))
    }

    @Test func walkProbeMatchesThePropagationMatrixWithAndWithoutRemovedEdges() throws {
        let s = try SmallExplanationStore()
        defer { s.cleanup() }
        let c = s.catalogue
        let x = c.positives()
        let kg = c.knowledgeGraph
        let walk = RandomWalkPropagation(kgWeight: 0.3, popularityExponent: 0.3, hubCap: 12)
        let n = x.itemCount
        let features = kg.itemFeatures(minimumItems: 2, maximumItems: walk.hubCap)
        let w = walk.transitions(interactions: x, features: features)
        let probe = WalkContributionProbe(knowledgeGraph: kg, interactions: x, walk: walk)
        for i in 0..<n { for j in 0..<n where i != j {
            let p = probe.score(items: [Int32(i)], target: j)
            #expect(abs(p - w[i * n + j]) < 1e-9, "W[\(i), \(j)]")
        } }
        // Remove two facts of item 0's entity and compare with the matrix of the reduced graph.
        let e0 = kg.itemEntity[0]
        let removed = Array(kg.triples.filter { $0.head == e0 || $0.tail == e0 }.prefix(3))
        let kept = kg.triples.filter { t in !removed.contains { $0 == t } }
        let reduced = ItemKnowledgeGraph(vocabulary: kg.vocabulary, triples: kept, itemEntity: kg.itemEntity)
        let w2 = walk.transitions(interactions: x, features: reduced.itemFeatures(minimumItems: 2, maximumItems: walk.hubCap))
        let removal = probe.removal(of: removed)
        var changed = 0
        for i in 0..<n { for j in 0..<n where i != j {
            let p = probe.score(items: [Int32(i)], target: j, removal: removal)
            #expect(abs(p - w2[i * n + j]) < 1e-9, "reduced W[\(i), \(j)]")
            if abs(w2[i * n + j] - w[i * n + j]) > 1e-12 { changed += 1 }
        } }
        #expect(changed > 0)
    }
}
