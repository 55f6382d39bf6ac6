/// Why a per-user metrics table cannot be read.
public enum UserMetricsTableError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file has no header line.
    case empty(path: String)
    /// The header does not start with `user<TAB>test_items`, or has no metric column.
    case badHeader(path: String, found: String)
    /// A row has `found` tab-separated fields where the header has `expected`.
    case fieldCount(path: String, line: Int, expected: Int, found: Int)
    /// A field that must be a number (or a non-negative integer for `test_items`) is not.
    case badNumber(path: String, line: Int, column: String, text: String)
    /// The same user appears twice.
    case duplicateUser(path: String, line: Int, user: String)
    /// The asked-for metric is not a column of the table.
    case unknownMetric(path: String, metric: String, available: [String])

    public var description: String {
        switch self {
        case let .empty(path): return "\(path): empty; expected a header line 'user<TAB>test_items<TAB>metric…'"
        case let .badHeader(path, found):
            return "\(path):1: expected a header 'user<TAB>test_items<TAB>metric…' with at least one metric, found '\(found)'"
        case let .fieldCount(path, line, expected, found): return "\(path):\(line): expected \(expected) tab-separated fields, found \(found)"
        case let .badNumber(path, line, column, text): return "\(path):\(line): column '\(column)': expected a number, found '\(text)'"
        case let .duplicateUser(path, line, user): return "\(path):\(line): user '\(user)' appears a second time"
        case let .unknownMetric(path, metric, available):
            return "\(path): no column '\(metric)' (columns: \(available.joined(separator: ", ")))"
        }
    }
}

/// Per-user metrics of one evaluation run as a TSV table — `user`, `test_items`, then one column
/// per metric (`recall@10`, `ndcg@10`, `hitrate@10`, …) — so that two runs (ours, or a reference
/// library's written by a script in the same format) can be compared user by user
/// (``PairedComparison``).
public struct UserMetricsTable: Sendable, Equatable {
    /// Metric column names, in file order.
    public var metrics: [String]
    /// User identifiers, in file order.
    public var users: [String]
    /// |T_u| per user.
    public var testItems: [Int]
    /// `values[r][m]`: user `r`'s value of `metrics[m]`.
    public var values: [[Double]]

    public init(metrics: [String], users: [String], testItems: [Int], values: [[Double]]) {
        precondition(users.count == testItems.count && users.count == values.count && values.allSatisfy { $0.count == metrics.count })
        self.metrics = metrics
        self.users = users
        self.testItems = testItems
        self.values = values
    }

    /// The table of an evaluation's rows, users named by `label(row.user)`.
    public init(_ rows: [UserRankingMetrics], label: (Int) -> String) {
        let cutoffs = rows.first?.cutoffs ?? []
        self.init(metrics: UserRankingMetrics.columnNames(cutoffs: cutoffs), users: rows.map { label($0.user) },
                  testItems: rows.map(\.testItems), values: rows.map(\.columnValues))
    }

    /// The TSV text (header line, one line per user, values with 17 significant digits).
    public var tsv: String {
        var out = (["user", "test_items"] + metrics).joined(separator: "\t") + "\n"
        for r in users.indices {
            out += users[r] + "\t" + String(testItems[r])
            for v in values[r] { out += "\t" + "\(v)" }
            out += "\n"
        }
        return out
    }

    /// Parses ``tsv`` text; `path` names the source in errors (line numbers are 1-based).
    public static func parse(_ text: String, path: String) throws(UserMetricsTableError) -> UserMetricsTable {
        // "\r\n" is one Character in Swift, a newline like "\n".
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        guard let header = lines.first else { throw .empty(path: path) }
        let names = header.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        guard names.count >= 3, names[0] == "user", names[1] == "test_items" else { throw .badHeader(path: path, found: String(header)) }
        let metrics = Array(names.dropFirst(2))
        var users: [String] = [], testItems: [Int] = [], values: [[Double]] = []
        var seen = Set<String>()
        for (n, line) in lines.enumerated().dropFirst() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == names.count else { throw .fieldCount(path: path, line: n + 1, expected: names.count, found: fields.count) }
            let user = String(fields[0])
            guard seen.insert(user).inserted else { throw .duplicateUser(path: path, line: n + 1, user: user) }
            guard let t = Int(fields[1]), t >= 0 else { throw .badNumber(path: path, line: n + 1, column: "test_items", text: String(fields[1])) }
            var row: [Double] = []
            row.reserveCapacity(metrics.count)
            for (m, field) in fields.dropFirst(2).enumerated() {
                guard let v = Double(field), v.isFinite else { throw .badNumber(path: path, line: n + 1, column: metrics[m], text: String(field)) }
                row.append(v)
            }
            users.append(user)
            testItems.append(t)
            values.append(row)
        }
        return UserMetricsTable(metrics: metrics, users: users, testItems: testItems, values: values)
    }

    /// Per user, the value of `metric`.
    public func column(_ metric: String, path: String) throws(UserMetricsTableError) -> [String: Double] {
        guard let m = metrics.firstIndex(of: metric) else { throw .unknownMetric(path: path, metric: metric, available: metrics) }
        var out: [String: Double] = [:]
        for r in users.indices { out[users[r]] = values[r][m] }
        return out
    }
}
