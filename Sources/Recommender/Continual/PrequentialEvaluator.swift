import Foundation
import Store

/// How the model learns during a prequential run.
public enum StreamUpdateMode: Sendable, Equatable, CustomStringConvertible {
    /// The model stays as trained.
    case none
    /// ``OnlineRecommender/apply(_:seq:)`` after every event.
    case online
    /// A full retrain on the training data plus the stream so far every `n` events; no updates in between.
    case retrainEvery(Int)

    /// Parses `none`, `online` or `retrain-every:N`.
    public init?(_ text: String) {
        switch text {
        case "none": self = .none
        case "online": self = .online
        default:
            guard text.hasPrefix("retrain-every:"), let n = Int(text.dropFirst("retrain-every:".count)), n > 0 else { return nil }
            self = .retrainEvery(n)
        }
    }

    public var description: String {
        switch self {
        case .none: return "none"
        case .online: return "online"
        case .retrainEvery(let n): return "retrain-every:\(n)"
        }
    }
}

/// Sums of per-event ranking metrics over a group of events.
public struct PrequentialMetrics: Sendable, Equatable {
    public var events = 0
    public var hits = 0.0
    public var ndcg = 0.0
    public var reciprocalRank = 0.0

    public init() {}

    mutating func add(rank: Int, cutoff: Int) {
        events += 1
        if rank < cutoff {
            hits += 1
            ndcg += 1 / log2(Double(rank) + 2)
        }
        reciprocalRank += 1 / Double(rank + 1)
    }

    public var hitRate: Double { events > 0 ? hits / Double(events) : .nan }
    public var meanNDCG: Double { events > 0 ? ndcg / Double(events) : .nan }
    public var meanReciprocalRank: Double { events > 0 ? reciprocalRank / Double(events) : .nan }
}

/// The result of a prequential run.
public struct PrequentialReport: Sendable {
    public var mode: StreamUpdateMode
    public var cutoff: Int
    public var all = PrequentialMetrics()
    /// Users with training positives.
    public var returning = PrequentialMetrics()
    /// Users without training positives (new in the stream).
    public var new = PrequentialMetrics()
    /// New users' events by the number of the user's earlier stream events: 0, 1–4, 5–19, 20+.
    public var newByPriorEvents = [PrequentialMetrics](repeating: PrequentialMetrics(), count: 4)
    /// All users' events by the number of the user's earlier positives (training + stream).
    public var allByPriorEvents = [PrequentialMetrics](repeating: PrequentialMetrics(), count: 4)
    /// Seconds spent learning from each event (0 for `none`), in stream order.
    public var updateSeconds: [Double] = []
    /// The same, split by user group.
    public var returningUpdateSeconds: [Double] = []
    public var newUpdateSeconds: [Double] = []
    /// Seconds spent scoring and ranking each event.
    public var rankSeconds: [Double] = []
    /// Full retrains run (retrain mode).
    public var retrains = 0
    public var trainSeconds = 0.0
    /// Items filled from KG neighbours in the initial model.
    public var kgFilledItems = 0
    /// Items without training data in the initial model, and how many had an all-zero column in `M`.
    public var itemsWithoutTrainingData = 0
    public var zeroColumnItems = 0
    /// Stream events whose item is not a catalogue item (skipped, not ranked).
    public var skippedEvents = 0

    public static let bucketLabels = ["0", "1-4", "5-19", "20+"]
    static func bucket(_ n: Int) -> Int { n == 0 ? 0 : n < 5 ? 1 : n < 20 ? 2 : 3 }

    /// The `q`-quantile (nearest rank) of `values`, in milliseconds.
    public static func quantileMilliseconds(_ values: [Double], _ q: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let s = values.sorted()
        let rank = Int((q * Double(s.count)).rounded(.up)) - 1
        return s[min(max(rank, 0), s.count - 1)] * 1000
    }
}

/// Prequential (test-then-train) evaluation: walk the stream in time order; for each event first
/// rank its item for its user against every catalogue item the user has not interacted with yet
/// (training positives and earlier stream events are excluded in every mode; the event's item
/// counts as relevant), then let the model learn from it per the update mode.
public struct PrequentialEvaluator {
    public var cutoff = 10

    public init(cutoff: Int = 10) { self.cutoff = cutoff }

    /// Runs the protocol.
    /// - Parameters:
    ///   - train: training positives (dense users of `users`, catalogue items).
    ///   - users: external user ids (the store's users and the training file's new users).
    ///   - items: the catalogue.
    ///   - build: builds a live model from a training matrix (called once, and at every retrain
    ///     with the training data plus the stream so far); returns it and the training seconds.
    public func run(
        train: InteractionMatrix, users: LabelIndex, items: LabelIndex, stream: PrequentialStream, mode: StreamUpdateMode,
        build: (InteractionMatrix, LabelIndex) throws -> (OnlineRecommender, Double)
    ) throws -> PrequentialReport {
        var report = PrequentialReport(mode: mode, cutoff: cutoff)
        var (model, seconds) = try build(train, users)
        report.trainSeconds += seconds
        report.kgFilledItems = model.kgFilledItems
        report.itemsWithoutTrainingData = model.itemsWithoutTrainingData
        report.zeroColumnItems = model.zeroColumnItems
        var userIndex = users
        var interacted: [Set<Int32>] = (0..<train.userCount).map { Set(train.items(of: $0)) }
        var trainedUser: [Bool] = (0..<train.userCount).map { train.degree(user: $0) > 0 }
        var streamEvents = [Int](repeating: 0, count: train.userCount)
        var pairs: [(user: Int32, item: Int32)] = []
        pairs.reserveCapacity(train.count + stream.events.count)
        for u in 0..<train.userCount { for i in train.items(of: u) { pairs.append((Int32(u), i)) } }
        var sinceRetrain = 0
        let n = items.count
        let clock = ContinuousClock()
        var scores = [Float](repeating: 0, count: n)
        for e in stream.events {
            guard let item = items.id(e.event.item) else { report.skippedEvents += 1; continue }
            let user = userIndex.intern(e.event.user)
            let u = Int(user)
            while interacted.count <= u { interacted.append([]); trainedUser.append(false); streamEvents.append(0) }

            // Test.
            let t0 = clock.now
            let rank: Int = try scores.withUnsafeMutableBufferPointer { buf in
                try model.scores(user: model.userID(e.event.user), into: buf)
                let target = buf[Int(item)]
                for j in interacted[u] { buf[Int(j)] = -.infinity }
                // Ties rank toward the smaller item id, as in TopKSelector.
                var r = 0
                for j in 0..<Int(item) where buf[j] >= target { r += 1 }
                for j in (Int(item) + 1)..<n where buf[j] > target { r += 1 }
                return r
            }
            report.rankSeconds.append((clock.now - t0).preqSeconds)
            report.all.add(rank: rank, cutoff: cutoff)
            if trainedUser[u] {
                report.returning.add(rank: rank, cutoff: cutoff)
            } else {
                report.new.add(rank: rank, cutoff: cutoff)
                report.newByPriorEvents[PrequentialReport.bucket(streamEvents[u])].add(rank: rank, cutoff: cutoff)
            }
            report.allByPriorEvents[PrequentialReport.bucket(interacted[u].count)].add(rank: rank, cutoff: cutoff)

            // Then train.
            interacted[u].insert(item)
            streamEvents[u] += 1
            pairs.append((user, item))
            let t1 = clock.now
            switch mode {
            case .none:
                break
            case .online:
                try model.apply(e.event)
            case .retrainEvery(let every):
                sinceRetrain += 1
                if sinceRetrain == every {
                    sinceRetrain = 0
                    let x = InteractionMatrix(userCount: userIndex.count, itemCount: n, pairs: pairs)
                    let built = try build(x, userIndex)
                    model = built.0
                    report.trainSeconds += built.1
                    report.retrains += 1
                }
            }
            let spent = (clock.now - t1).preqSeconds
            report.updateSeconds.append(spent)
            if trainedUser[u] { report.returningUpdateSeconds.append(spent) } else { report.newUpdateSeconds.append(spent) }
        }
        return report
    }
}

extension Duration {
    fileprivate var preqSeconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
