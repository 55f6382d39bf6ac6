import Evaluation
import Foundation
import Testing
import TestSupport
@testable import Recommender

/// Runs when MovieLens-100K is fetched (`datasets/movielens-100k/fetch.sh`; the main job and CI do).
/// Plain EASE (λ = 500, cornac's default) on the warm split must reproduce cornac's reference row
/// in docs/evaluation.md (NDCG@10 .325, Recall@10 .259, HitRate@10 .852, Coverage@10 .133): a check that the
/// data loading, the closed form and the metric code follow the protocol.
@Suite struct MovieLensReferenceTests {
    static let movieLens = TestData.repositoryFile("datasets/movielens-100k/ml-100k").path

    @Test(.enabled(if: FileManager.default.fileExists(atPath: movieLens + "/ml-100k.inter"),
                   "MovieLens-100K is not fetched: run datasets/movielens-100k/fetch.sh (CI does)"))
    func easeReproducesTheCornacReference() throws {
        let splits = FileManager.default.temporaryDirectory.appendingPathComponent("kgrec-ease-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: splits) }
        let ratings = try RecBoleRatings(directory: Self.movieLens)
        let files = ReferenceSplits(ratings: ratings.ratings, users: ratings.users, linkedItems: ratings.linkedItems)
            .files(for: [.warm])
        try SplitDirectory.write(files, to: splits)
        let data = try RecommendationDataset.load(
            trainPath: splits.appendingPathComponent("warm_train.tsv").path,
            testPath: splits.appendingPathComponent("warm_test.tsv").path,
            itemsPath: Self.movieLens + "/ml-100k.item", triplesPath: nil, linksPath: nil)
        // Plain EASE: no EDLAE dropout, walk, ALS half or popularity penalty.
        var c = HybridConfiguration()
        c.l2 = 500
        c.dropout = 0
        c.propagationWeight = 0
        c.alsWeight = 0
        c.popularityPenalty = 0
        let (model, _) = try HybridTrainer.train(data.train, knowledgeGraph: nil, configuration: c)
        let report = RankingEvaluator(testPositives: data.test, catalogueSize: data.items.count, cutoffs: [10, 20])
            .evaluate { u, k in model.recommend(user: u, k: k).map(\.item) }
        #expect(report.users == 938)
        #expect(abs(report.value(\.ndcg, at: 10)! - 0.325) < 0.002)
        #expect(abs(report.value(\.recall, at: 10)! - 0.259) < 0.002)
        #expect(abs(report.value(\.hitRate, at: 10)! - 0.852) < 0.003)
        #expect(abs(report.coverage - 0.133) < 0.003)
    }
}
