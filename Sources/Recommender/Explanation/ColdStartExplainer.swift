/// Explains a cold-start recommendation from attributes alone: the Bayesian network's exact
/// taste posterior given the attributes (against the prior), what each taste is about (its most
/// over-represented genres), how much each taste's preference for the item contributes to the
/// score, and KG paths from items that taste liked to the item.
///
/// With score(i | a) = (1 − β) Σ_c P(c | a) p̂(i | c) + β pop(i) (``ColdStartModel``), taste c
/// accounts for the share `(1 − β) P(c | a) p̂(i | c) / score`. A path `taste c → liked item s → …
/// → i` has score `ln(share_c) + (path score)` and share `share_c · (path share)`, where the path
/// part is ``ExplanationPathSearch``'s with the `representatives` items of highest p̂(s | c) as
/// starts (contribution p̂(s | c)).
public struct ColdStartExplainer<Inference: ColdStartTasteInference>: Sendable {
    public var model: ColdStartModel<Inference>
    public let data: ColdStartDataset
    public var search: ExplanationPathSearch
    /// `about[c]`: the genres most over-represented among taste c's training users' positives.
    public let about: [[String]]
    /// P(taste) with no attribute known.
    public let prior: [Double]
    /// Tastes listed per explanation (by share of the score).
    public var tastesShown = 3
    /// Tastes whose liked items start paths.
    public var tastesWithPaths = 2
    /// Items per taste that start paths.
    public var representatives = 20

    /// - Parameters:
    ///   - taste: the fitted taste data (its users' clusters give `about`).
    public init(model: ColdStartModel<Inference>, data: ColdStartDataset, taste: ColdStartTasteData,
                search: ExplanationPathSearch, genresPerTaste: Int = 3) throws(ColdStartError) {
        var m = model
        prior = try m.inference.tastePosterior([Int?](repeating: nil, count: data.schema.count))
        self.model = m
        self.data = data
        self.search = search
        let f = data.featureCount, k = model.tasteCount
        var perTaste = [Double](repeating: 0, count: k * f), overall = [Double](repeating: 0, count: f)
        for (r, u) in taste.users.enumerated() {
            let c = Int(taste.taste[r])
            guard c < k else { continue }
            for i in data.positives[Int(u)] {
                for g in 0..<f {
                    let x = Double(data.itemFeatures[Int(i) * f + g])
                    perTaste[c * f + g] += x
                    overall[g] += x
                }
            }
        }
        let totalAll = max(overall.reduce(0, +), 1)
        about = (0..<k).map { c in
            let total = max(perTaste[(c * f)..<(c * f + f)].reduce(0, +), 1)
            let lift = (0..<f).map { g in (g, perTaste[c * f + g] / total - overall[g] / totalAll) }
            return lift.filter { $0.1 > 0 }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.prefix(genresPerTaste).map { data.featureNames[$0.0] }
        }
    }

    /// The explanation of `item` for a user with the given attributes (schema order, nil = unknown).
    public mutating func explain(evidence: [Int?], item: Int32) throws(ColdStartError) -> ExplanationDocument {
        let posterior = try model.inference.tastePosterior(evidence)
        let n = model.itemCount, j = Int(item)
        let beta = Double(model.popularityWeight)
        var score = beta * Double(model.popularity[j])
        for (c, p) in posterior.enumerated() { score += (1 - beta) * p * Double(model.preference[c * n + j]) }
        let order = posterior.indices.sorted { a, b in
            let x = posterior[a] * Double(model.preference[a * n + j]), y = posterior[b] * Double(model.preference[b * n + j])
            return x != y ? x > y : a < b
        }
        let itemGenres = Set((0..<data.featureCount).filter { data.itemFeatures[j * data.featureCount + $0] > 0 }.map { data.featureNames[$0] })
        func share(_ c: Int) -> Double { score > 0 ? (1 - beta) * posterior[c] * Double(model.preference[c * n + j]) / score : 0 }
        let tastes = order.prefix(tastesShown).map { c in
            ExplanationTaste(taste: c, posterior: posterior[c], prior: prior[c], about: about[c],
                             itemPreference: Double(model.preference[c * n + j]), itemPopularity: Double(model.popularity[j]),
                             genreMatch: about[c].filter { itemGenres.contains($0) }, share: share(c))
        }
        let g = search.graph
        var paths: [ExplanationPath] = []
        for c in order.prefix(tastesWithPaths) where share(c) > 0 {
            let row = (0..<n).filter { $0 != j }.sorted { a, b in
                let x = model.preference[c * n + a], y = model.preference[c * n + b]
                return x != y ? x > y : a < b
            }.prefix(representatives)
            let sources = row.map { ExplanationSource(item: Int32($0), contribution: Double(model.preference[c * n + $0])) }
            let result = search.search(sources: sources, target: item)
            let tasteLabel = "taste \(c)" + (about[c].isEmpty ? "" : " (\(about[c].joined(separator: ", ")))")
            let tasteStep = ExplanationStep(relation: ExplanationDocument.tasteRelation, relationLabel: "likely has taste", direction: "forward",
                                            entity: "taste:\(c)", entityType: "taste", label: tasteLabel)
            for p in result.paths {
                let s = Int(p.startItem)
                let liked = ExplanationStep(relation: ExplanationDocument.tasteLikedRelation, relationLabel: "users with this taste liked",
                                            direction: "forward", entity: g.itemIdentifiers[s], entityType: "item",
                                            label: g.itemTitles[s] ?? g.itemIdentifiers[s], item: g.itemIdentifiers[s])
                paths.append(ExplanationPath(steps: [tasteStep, liked] + WarmExplainer.kgSteps(p, graph: g),
                                             score: log(share(c)) + p.score, share: share(c) * p.share))
            }
        }
        paths = paths.enumerated().sorted { $0.element.score != $1.element.score ? $0.element.score > $1.element.score : $0.offset < $1.offset }.map(\.element)
        let known = Dictionary(uniqueKeysWithValues: evidence.enumerated().compactMap { a, s in s.map { (data.schema.names[a], data.schema.states[a][$0]) } })
        return ExplanationDocument(kind: "cold-start", user: nil, attributes: known, item: g.itemIdentifiers[j], itemLabel: g.itemTitles[j],
                                   score: score, tastes: tastes, paths: Array(paths.prefix(search.settings.paths)))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
