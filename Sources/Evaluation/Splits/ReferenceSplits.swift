import Foundation

/// The reference evaluation splits: which positives train a model and which test it, under each
/// protocol of docs/evaluation.md, drawn with NumPy's generator so that the files are byte for
/// byte those of the reference tool (`NumPyPCG64` reproduces `numpy.random.default_rng`).
///
/// Inputs are the whole dataset: every rating (any order), every user id, and the ids of the
/// items that have a knowledge-graph link. Only positives (rating ≥ `threshold`) enter a split.
public struct ReferenceSplits: Sendable {
    /// A split file: its name in the output directory and its bytes.
    public struct File: Sendable, Equatable {
        public var name: String
        public var contents: Data
    }

    /// The positives, sorted by (user, item).
    public let positives: [RatedInteraction]
    public let userIDs: [Int]
    public let linkedItems: Set<Int>
    /// Seed of the test draw.
    public var seed: UInt64
    /// Seed of the validation draw, made inside the training part.
    public var validationSeed: UInt64
    /// Fraction held out by every random draw (and `1 − fraction` kept by the temporal cut).
    public var fraction: Double

    /// - Parameters:
    ///   - ratings: every rating of the dataset, in any order.
    ///   - users: every user id (the cold protocol draws from these, not only from raters).
    ///   - linkedItems: items with a knowledge-graph link (the cold-item protocol's candidates).
    ///   - threshold: a rating at or above it is a positive.
    public init(ratings: [RatedInteraction], users: [Int], linkedItems: Set<Int>, threshold: Int = 4,
                seed: UInt64 = 42, validationSeed: UInt64 = 43, fraction: Double = 0.2) {
        positives = ratings.filter { $0.rating >= threshold }
            .sorted { ($0.user, $0.item) < ($1.user, $1.item) }
        userIDs = users.sorted()
        self.linkedItems = linkedItems
        self.seed = seed
        self.validationSeed = validationSeed
        self.fraction = fraction
    }

    /// Python's `round(fraction * n)` (half to even), as the reference tool counts held-out rows.
    func heldOutCount(_ n: Int) -> Int {
        Int((fraction * Double(n)).rounded(.toNearestOrEven))
    }

    // MARK: - Protocols

    /// Warm: for each user in ascending id order with at least 5 positives, one shared generator
    /// permutes the user's positives (sorted by item) and the first `round(0.2·n)` go to test.
    /// Users with fewer positives keep everything in train. Both parts keep (user, item) order.
    public func warm(_ rows: [RatedInteraction], seed: UInt64) -> (train: [RatedInteraction], test: [RatedInteraction]) {
        var rng = NumPyPCG64(seed: seed)
        var train: [RatedInteraction] = []
        var test: [RatedInteraction] = []
        var start = 0
        while start < rows.count {
            var end = start
            while end < rows.count && rows[end].user == rows[start].user { end += 1 }
            let n = end - start
            if n < 5 {
                train.append(contentsOf: rows[start..<end])
            } else {
                let perm = rng.permutation(n)
                let nTest = heldOutCount(n)
                var isTest = [Bool](repeating: false, count: n)
                for k in perm.prefix(nTest) { isTest[k] = true }
                for k in 0..<n {
                    if isTest[k] { test.append(rows[start + k]) } else { train.append(rows[start + k]) }
                }
            }
            start = end
        }
        return (train, test)
    }

    /// A held-out subset of ids: the ids sorted, permuted with `seed`, the first `round(0.2·n)`
    /// held out. Both parts are returned sorted.
    public func holdOut(_ ids: [Int], seed: UInt64) -> (heldOut: [Int], rest: [Int]) {
        let sorted = ids.sorted()
        var rng = NumPyPCG64(seed: seed)
        let perm = rng.permutation(sorted.count)
        let k = heldOutCount(sorted.count)
        return (perm.prefix(k).map { sorted[$0] }.sorted(), perm.dropFirst(k).map { sorted[$0] }.sorted())
    }

    /// Temporal: positives sorted by (timestamp, user, item); the first `⌊(1 − 0.2)·n⌋` train.
    public func temporal(_ rows: [RatedInteraction]) -> (train: [RatedInteraction], test: [RatedInteraction]) {
        let sorted = rows.sorted { ($0.timestamp, $0.user, $0.item) < ($1.timestamp, $1.user, $1.item) }
        let k = Int(((1 - fraction) * Double(sorted.count)).rounded(.down))
        return (Array(sorted[..<k]), Array(sorted[k...]))
    }

    // MARK: - Files

    /// The split files of `protocols` in the reference layout (TSV rows with a header line, id
    /// lists one per line), sorted by name.
    public func files(for protocols: Set<SplitProtocol>) -> [File] {
        var files: [File] = []
        func rows(_ name: String, _ r: [RatedInteraction]) {
            var text = "user_id\titem_id\trating\ttimestamp\n"
            text.reserveCapacity(24 * r.count + 40)
            for x in r { text += "\(x.user)\t\(x.item)\t\(x.rating)\t\(x.timestamp)\n" }
            files.append(File(name: name + ".tsv", contents: Data(text.utf8)))
        }
        func ids(_ name: String, _ v: [Int]) {
            files.append(File(name: name + ".txt", contents: Data((v.map(String.init).joined(separator: "\n") + "\n").utf8)))
        }
        if protocols.contains(.warm) {
            let (train, test) = warm(positives, seed: seed)
            let (valTrain, val) = warm(train, seed: validationSeed)
            rows("warm_train", train); rows("warm_test", test)
            rows("warm_valtrain", valTrain); rows("warm_val", val)
        }
        if protocols.contains(.cold) {
            let (test, train) = holdOut(userIDs, seed: seed)
            let (val, valTrain) = holdOut(train, seed: validationSeed)
            ids("cold_test_users", test); ids("cold_train_users", train)
            ids("cold_val_users", val); ids("cold_valtrain_users", valTrain)
        }
        if protocols.contains(.temporal) {
            let (train, test) = temporal(positives)
            let (valTrain, val) = temporal(train)
            rows("temporal_train", train); rows("temporal_test", test)
            rows("temporal_valtrain", valTrain); rows("temporal_val", val)
        }
        if protocols.contains(.coldItem) {
            let candidates = Set(positives.map(\.item)).intersection(linkedItems)
            let (coldItems, rest) = holdOut(Array(candidates), seed: seed)
            let (valItems, _) = holdOut(rest, seed: validationSeed)
            let cold = Set(coldItems), valSet = Set(valItems)
            let train = positives.filter { !cold.contains($0.item) }
            rows("coldItem_train", train)
            rows("coldItem_test", positives.filter { cold.contains($0.item) })
            rows("coldItem_valtrain", train.filter { !valSet.contains($0.item) })
            rows("coldItem_val", train.filter { valSet.contains($0.item) })
            ids("coldItem_items", coldItems); ids("coldItem_val_items", valItems)
        }
        return files.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }
}
