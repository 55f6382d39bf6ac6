import Evaluation
import Foundation
import Testing
@testable import Recommender

/// Opt-in (large data): set `KGREC_ML100K_PREPARED` to the folder `scripts/research/prepare_tables.py` wrote (splits: `kgrec dataset split --out DIR/splits`).
/// Plain EASE (λ = 500, cornac's default) on the warm split must reproduce cornac's reference row
/// in docs/evaluation.md (NDCG@10 .325, Recall@10 .259, HitRate@10 .852, Coverage@10 .133): a check that the
/// data loading, the closed form and the metric code follow the protocol.
@Suite struct MovieLensReferenceTests {
    static let prepared = ProcessInfo.processInfo.environment["KGREC_ML100K_PREPARED"]

    @Test(.enabled(if: prepared != nil, "set KGREC_ML100K_PREPARED to run the MovieLens-100K reference check"))
    func easeReproducesTheCornacReference() throws {
        let p = Self.prepared!
        let data = try RecommendationDataset.load(
            trainPath: "\(p)/splits/warm_train.tsv", testPath: "\(p)/splits/warm_test.tsv", itemsPath: "\(p)/items.tsv",
            triplesPath: nil, linksPath: nil)
        var c = HybridConfiguration()
        c.l2 = 500
        c.propagationWeight = 0
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
