#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A paired comparison of two systems evaluated on the same users: the mean of the per-user
/// differences `a − b`, its standard error, and a sign test. Pairing removes the between-user
/// variance that dominates the unpaired standard error of each mean (most users are easy or hard
/// for every system), so a difference far below the unpaired s.e. can still be significant — or not.
public struct PairedComparison: Sendable, Equatable {
    /// Users compared.
    public let users: Int
    /// Mean of system A and of system B over those users.
    public let meanA: Double
    public let meanB: Double
    /// Mean of `a − b`.
    public let meanDifference: Double
    /// Standard error of that mean (sample standard deviation of the differences / √n).
    public let standardError: Double
    /// Users where A is better, worse, equal.
    public let wins: Int
    public let losses: Int
    public let ties: Int

    /// - Parameters: per user, A's and B's values (same length, same user order).
    public init(a: [Double], b: [Double]) {
        precondition(a.count == b.count)
        users = a.count
        let n = Double(max(a.count, 1))
        meanA = a.reduce(0, +) / n
        meanB = b.reduce(0, +) / n
        let d = zip(a, b).map { $0 - $1 }
        meanDifference = d.reduce(0, +) / n
        standardError = RankingEvaluator.standardError(d)
        wins = d.filter { $0 > 0 }.count
        losses = d.filter { $0 < 0 }.count
        ties = d.count - wins - losses
    }

    /// `meanDifference / standardError` (paired t; ±∞ when the differences do not vary).
    public var t: Double {
        standardError > 0 ? meanDifference / standardError : (meanDifference == 0 ? 0 : meanDifference.sign == .minus ? -.infinity : .infinity)
    }

    /// The 95% interval of the mean difference, normal approximation (`± 1.96·s.e.`; the
    /// evaluations here have hundreds of users).
    public var interval95: ClosedRange<Double> {
        (meanDifference - 1.96 * standardError)...(meanDifference + 1.96 * standardError)
    }

    /// Two-sided exact sign test on wins against losses (ties dropped): the probability, were A and
    /// B equally likely to win each user, of a split at least this uneven.
    public var signTestP: Double {
        let n = wins + losses
        guard n > 0 else { return 1 }
        let k = min(wins, losses)
        // Σ_{i≤k} C(n, i)·2⁻ⁿ in log space, largest term first.
        let logTerm = { (i: Int) -> Double in
            lgamma(Double(n + 1)) - lgamma(Double(i + 1)) - lgamma(Double(n - i + 1)) - Double(n) * log(2.0)
        }
        let top = logTerm(k)
        var sum = 0.0
        for i in 0...k { sum += exp(logTerm(i) - top) }
        return min(1, 2 * exp(top) * sum)
    }

    /// Compares `metric` of two per-user tables (A, B), user by user.
    /// - Throws: the metric is missing, or the tables do not hold the same users.
    public init(metric: String, a: UserMetricsTable, aPath: String, b: UserMetricsTable, bPath: String) throws(PairedComparisonError) {
        let ca: [String: Double], cb: [String: Double]
        do {
            ca = try a.column(metric, path: aPath)
            cb = try b.column(metric, path: bPath)
        } catch { throw .table(error) }
        let onlyA = a.users.filter { cb[$0] == nil }, onlyB = b.users.filter { ca[$0] == nil }
        guard onlyA.isEmpty && onlyB.isEmpty else {
            throw .differentUsers(onlyInA: onlyA.count, onlyInB: onlyB.count, example: (onlyA.first ?? onlyB.first)!)
        }
        self.init(a: a.users.map { ca[$0]! }, b: a.users.map { cb[$0]! })
    }
}

/// Why two per-user tables cannot be compared.
public enum PairedComparisonError: Error, Sendable, Equatable, CustomStringConvertible {
    case table(UserMetricsTableError)
    /// The runs evaluated different users (a different split, or a different relevance threshold).
    case differentUsers(onlyInA: Int, onlyInB: Int, example: String)

    public var description: String {
        switch self {
        case let .table(e): return e.description
        case let .differentUsers(a, b, example):
            return "the runs evaluated different users: \(a) only in the first, \(b) only in the second (e.g. user '\(example)'); compare runs on the same split"
        }
    }
}
