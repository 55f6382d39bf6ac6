import Foundation
import KnowledgeGraph
import Testing
import TestSupport
@testable import Evaluation

@Suite("Reference evaluation splits")
struct ReferenceSplitsTests {
    /// Ten users with 1…10 positives each (rating 5) plus one negative each (rating 2).
    static let ratings: [RatedInteraction] = (1...10).flatMap { u in
        (0...u).map { k in
            RatedInteraction(user: u, item: 100 + k, rating: k == 0 ? 2 : 5, timestamp: 1_000 * k + u)
        }
    }

    @Test func onlyPositivesEnterAndWarmHoldsOutAFifthOfEachUser() {
        let splits = ReferenceSplits(ratings: Self.ratings.shuffled(), users: Array(1...10), linkedItems: [])
        #expect(splits.positives.count == 55)
        #expect(splits.positives.allSatisfy { $0.rating >= 4 })
        let (train, test) = splits.warm(splits.positives, seed: 42)
        #expect(train.count + test.count == 55)
        #expect(Set(train).isDisjoint(with: Set(test)))
        for u in 1...10 {
            let n = splits.positives.filter { $0.user == u }.count
            let expected = n < 5 ? 0 : Int((0.2 * Double(n)).rounded(.toNearestOrEven))
            #expect(test.filter { $0.user == u }.count == expected, "user \(u)")
        }
        // Both parts keep (user, item) order.
        #expect(train == train.sorted { ($0.user, $0.item) < ($1.user, $1.item) })
        #expect(test == test.sorted { ($0.user, $0.item) < ($1.user, $1.item) })
    }

    @Test func holdOutIsAPartitionAndDeterministic() {
        let splits = ReferenceSplits(ratings: [], users: [], linkedItems: [])
        let ids = Array(stride(from: 3, through: 300, by: 3))
        let (a, restA) = splits.holdOut(ids, seed: 42)
        let (b, _) = splits.holdOut(ids.reversed(), seed: 42)
        #expect(a == b)
        #expect(a.count == 20 && restA.count == 80)
        #expect(Set(a).union(restA) == Set(ids))
        #expect(splits.holdOut(ids, seed: 43).heldOut != a)
    }

    @Test func temporalCutsInTimeOrder() {
        let splits = ReferenceSplits(ratings: Self.ratings, users: Array(1...10), linkedItems: [])
        let (train, test) = splits.temporal(splits.positives)
        #expect(train.count == 44 && test.count == 11)
        #expect(train.map(\.timestamp).max()! <= test.map(\.timestamp).min()!)
    }

    @Test func coldItemFilesSeparateItems() throws {
        let splits = ReferenceSplits(ratings: Self.ratings, users: Array(1...10), linkedItems: Set(101...110))
        let files = splits.files(for: [.coldItem])
        #expect(files.map(\.name) == ["coldItem_items.txt", "coldItem_test.tsv", "coldItem_train.tsv",
                                      "coldItem_val.tsv", "coldItem_val_items.txt", "coldItem_valtrain.tsv"])
        let text = { (name: String) in String(decoding: files.first { $0.name == name }!.contents, as: UTF8.self) }
        let cold = Set(text("coldItem_items.txt").split(separator: "\n").map { Int($0)! })
        #expect(cold.count == 2)
        let testItems = Set(text("coldItem_test.tsv").split(separator: "\n").dropFirst().map { Int($0.split(separator: "\t")[1])! })
        let trainItems = Set(text("coldItem_train.tsv").split(separator: "\n").dropFirst().map { Int($0.split(separator: "\t")[1])! })
        #expect(testItems == cold)
        #expect(trainItems.isDisjoint(with: cold))
        #expect(text("coldItem_train.tsv").hasPrefix("user_id\titem_id\trating\ttimestamp\n"))
    }

    /// The reference files for MovieLens-100K, byte for byte: every file's SHA-256 equals the
    /// published `datasets/movielens-100k/SHA256SUMS` (made by the reference tool with NumPy).
    /// Needs the dataset (`datasets/movielens-100k/fetch.sh`, which the main job and CI run).
    @Test(.enabled(if: FileManager.default.fileExists(atPath: Self.movieLens.path + "/ml-100k.inter"),
                   "MovieLens-100K is not fetched: run datasets/movielens-100k/fetch.sh (CI does)"))
    func movieLensSplitsMatchTheReferenceChecksums() throws {
        let data = try RecBoleRatings(directory: Self.movieLens.path)
        #expect(data.ratings.count == 100_000)
        let splits = ReferenceSplits(ratings: data.ratings, users: data.users, linkedItems: data.linkedItems)
        let files = splits.files(for: Set(SplitProtocol.allCases))
        let reference = try String(contentsOf: TestData.repositoryFile("datasets/movielens-100k/SHA256SUMS"), encoding: .utf8)
        #expect(SplitDirectory.checksums(of: files) == reference)
    }

    @Test func missingColumnIsANamedError() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kgrec-splits-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "user_id:token\titem_id:token\tstamp:float\n1\t2\t3\n".write(to: dir.appendingPathComponent("x.inter"), atomically: true, encoding: .utf8)
        try "user_id:token\n1\n".write(to: dir.appendingPathComponent("x.user"), atomically: true, encoding: .utf8)
        try "item_id:token\tentity_id:token\n2\tm.x\n".write(to: dir.appendingPathComponent("x.link"), atomically: true, encoding: .utf8)
        #expect(throws: ImportError.self) { try RecBoleRatings(directory: dir.path) }
        do { _ = try RecBoleRatings(directory: dir.path) } catch {
            #expect("\(error)".contains("rating"))
        }
    }

    static var movieLens: URL { TestData.repositoryFile("datasets/movielens-100k/ml-100k") }
}
