import KnowledgeGraph

/// What the reference splits read from a RecBole atomic dataset: every rating of `.inter`
/// (user_id, item_id, rating, timestamp), every user id of `.user` and the linked item ids of
/// `.link`. Ids must be integers, as in MovieLens.
public struct RecBoleRatings: Sendable {
    public var ratings: [RatedInteraction] = []
    public var users: [Int] = []
    public var linkedItems: Set<Int> = []

    /// Reads the three files of the dataset in `directory`; a missing file or column, or a value
    /// that is not a number, is an `ImportError` naming the file, line and column.
    public init(directory: String) throws {
        let dataset = try RecBoleDataset(directory: directory)
        func file(_ suffix: String) throws -> String {
            guard let path = dataset.fileBySuffix[suffix] else {
                throw ImportError.datasetIncomplete(directory: directory, reason: "no .\(suffix) file (the splits need .inter, .user and .link)")
            }
            return path
        }
        try Self.read(file("inter"), columns: ["user_id", "item_id", "rating", "timestamp"]) { v in
            ratings.append(RatedInteraction(user: Int(v[0]), item: Int(v[1]), rating: Int(v[2]), timestamp: Int(v[3])))
        }
        try Self.read(file("user"), columns: ["user_id"]) { users.append(Int($0[0])) }
        try Self.read(file("link"), columns: ["item_id"]) { linkedItems.insert(Int($0[0])) }
    }

    /// Calls `body` with the named columns of every data row, each read as a number (integers
    /// and decimals such as RecBole's `4.0` ratings, truncated toward zero as `int(float(x))` does).
    private static func read(_ path: String, columns: [String], _ body: ([Double]) -> Void) throws {
        let file = try DelimitedFile(path: path)
        let header = try TableHeader(of: file, delimiter: 0x09, atomic: true)
        var indices: [Int] = []
        for c in columns { indices.append(try header.require(c, file: path)) }
        var values = [Double](repeating: 0, count: columns.count)
        var first = true
        try file.forEachRecord(delimiter: 0x09) { record in
            if first { first = false; return }
            for (k, i) in indices.enumerated() {
                guard i < record.count, let text = record.field(i), let x = Double(text), x.isFinite,
                      abs(x) < 9.0e15 else {
                    throw ImportError.badValue(file: path, line: record.line, column: columns[k],
                                               value: i < record.count ? (record.field(i) ?? "") : "",
                                               expected: "a number")
                }
                values[k] = x.rounded(.towardZero)
            }
            body(values)
        }
    }
}
