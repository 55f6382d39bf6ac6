/// Everything the cold-start protocol reads: users with their attributes, the item catalogue
/// with per-item feature flags (the 19 ML-100K genres), and every user's positives.
///
/// Read from the TSV files `scripts/research/prepare_tables.py` writes: `users.tsv` (header naming the attribute
/// columns), `items.tsv` (first column the item id; feature columns selected by a name prefix,
/// `g_` for genres) and `ratings.tsv` (`user, item, rating[, timestamp]`, header allowed).
public struct ColdStartDataset: Sendable {
    /// Attribute names and states. States of a categorical attribute are the distinct non-empty
    /// values in the users file, sorted, so a held-out user's value is always a known state; a
    /// numeric attribute is binned (see `load`).
    public let schema: ColdStartAttributeSchema
    public let users: LabelIndex
    /// `attributes[u][a]`: state of attribute `a` of user `u`, nil when the file leaves it empty.
    public let attributes: [[Int?]]
    public let items: LabelIndex
    /// Names of the item feature columns.
    public let featureNames: [String]
    /// Item features, row-major `itemCount × featureNames.count`.
    public let itemFeatures: [Float]
    /// `positives[u]`: items user `u` rated at or above the threshold, ascending, unique.
    public let positives: [[Int32]]
    /// Item titles from a `title` column of the items file (empty when there is none).
    public let itemTitles: [String]

    public init(schema: ColdStartAttributeSchema, users: LabelIndex, attributes: [[Int?]], items: LabelIndex,
                featureNames: [String], itemFeatures: [Float], positives: [[Int32]], itemTitles: [String] = []) {
        precondition(attributes.count == users.count && positives.count == users.count)
        precondition(itemFeatures.count == items.count * featureNames.count)
        self.schema = schema
        self.users = users
        self.attributes = attributes
        self.items = items
        self.featureNames = featureNames
        self.itemFeatures = itemFeatures
        self.positives = positives
        self.itemTitles = itemTitles.count == items.count ? itemTitles : [String](repeating: "", count: items.count)
    }

    public var itemCount: Int { items.count }
    public var featureCount: Int { featureNames.count }

    /// Reads the three files.
    /// - Parameters:
    ///   - attributeColumns: the users-file columns used as attributes, in this order.
    ///   - featurePrefix: item-file columns whose header starts with this are features (0/1 or numbers).
    ///   - ratingThreshold: ratings at or above are positives.
    ///   - bins: explicit bin edges for numeric attribute columns, by column name.
    ///   - equalFrequencyBins: a column without explicit edges whose non-empty values are all numbers
    ///     and has more than `maxCategoricalStates` distinct values is cut into this many
    ///     equal-frequency bins.
    public static func load(
        ratingsPath: String, usersPath: String, itemsPath: String,
        attributeColumns: [String] = ["age_bucket", "gender", "occupation"],
        featurePrefix: String = "g_", ratingThreshold: Double = 4,
        bins explicitBins: [String: [Double]] = [:], equalFrequencyBins: Int = 5, maxCategoricalStates: Int = 24
    ) throws(ColdStartError) -> ColdStartDataset {
        // Users.
        let userRows = try rows(usersPath)
        guard let header = userRows.first?.fields else {
            throw .missingColumn(path: usersPath, column: attributeColumns.first ?? "user_id", available: [])
        }
        let columns = try attributeColumns.map { (name: String) throws(ColdStartError) -> Int in
            guard let c = header.firstIndex(of: name) else { throw .missingColumn(path: usersPath, column: name, available: header) }
            return c
        }
        for name in explicitBins.keys where !attributeColumns.contains(name) {
            throw .unknownAttribute(name: name, known: attributeColumns)
        }
        var users = LabelIndex()
        var raw: [[String]] = []
        var rawLines: [Int] = []
        for row in userRows.dropFirst() {
            guard row.fields.count >= header.count else {
                throw .file(.tooFewFields(path: usersPath, line: row.line, expected: header.count, found: row.fields.count))
            }
            guard !row.fields[0].isEmpty else { throw .file(.emptyField(path: usersPath, line: row.line, column: 1)) }
            let before = users.count
            _ = users.intern(row.fields[0])
            if users.count == before { continue }  // a repeated id keeps its first row
            raw.append(columns.map { row.fields[$0] })
            rawLines.append(row.line)
        }
        var states: [[String]] = []
        var bins: [ColdStartAttributeBins?] = []
        var numbers: [[Double?]] = []
        for (a, name) in attributeColumns.enumerated() {
            let distinct = Array(Set(raw.map { $0[a] }.filter { !$0.isEmpty })).sorted()
            let parsed = raw.map { $0[a].isEmpty ? nil : Double($0[a]) }
            let numeric = zip(raw, parsed).allSatisfy { $0[a].isEmpty || ($1?.isFinite ?? false) }
            if let edges = explicitBins[name] {
                if let r = raw.indices.first(where: { !raw[$0][a].isEmpty && !(parsed[$0]?.isFinite ?? false) }) {
                    throw .notANumber(path: usersPath, line: rawLines[r], column: columns[a] + 1, text: raw[r][a])
                }
                bins.append(ColdStartAttributeBins(edges: edges))
            } else if numeric && distinct.count > maxCategoricalStates {
                bins.append(.equalFrequency(parsed.compactMap { $0 }, count: equalFrequencyBins))
            } else {
                bins.append(nil)
            }
            states.append(bins[a]?.labels ?? distinct)
            numbers.append(parsed)
        }
        let schema = ColdStartAttributeSchema(names: attributeColumns, states: states, bins: bins)
        let lookup = states.map { s in Dictionary(uniqueKeysWithValues: s.enumerated().map { ($1, $0) }) }
        let attributes = raw.indices.map { r in
            attributeColumns.indices.map { a -> Int? in
                if raw[r][a].isEmpty { return nil }
                if let b = bins[a] { return numbers[a][r].map { b.state(of: $0) } }
                return lookup[a][raw[r][a]]
            }
        }

        // Items.
        let itemRows = try rows(itemsPath)
        var items = LabelIndex()
        var featureColumns: [Int] = []
        var featureNames: [String] = []
        var features: [Float] = []
        var titleColumn: Int?
        var titles: [String] = []
        for (r, row) in itemRows.enumerated() {
            if r == 0 && (row.fields[0].lowercased().hasPrefix("item") || row.fields[0].hasSuffix(":token")) {
                for (c, name) in row.fields.enumerated() where c > 0 && name.hasPrefix(featurePrefix) {
                    featureColumns.append(c)
                    featureNames.append(String(name.dropFirst(featurePrefix.count)))
                }
                titleColumn = row.fields.firstIndex(of: "title")
                continue
            }
            guard !row.fields[0].isEmpty else { throw .file(.emptyField(path: itemsPath, line: row.line, column: 1)) }
            let before = items.count
            _ = items.intern(row.fields[0])
            if items.count == before { continue }
            titles.append(titleColumn.map { $0 < row.fields.count ? row.fields[$0] : "" } ?? "")
            for c in featureColumns {
                guard c < row.fields.count else {
                    throw .file(.tooFewFields(path: itemsPath, line: row.line, expected: c + 1, found: row.fields.count))
                }
                guard let x = Float(row.fields[c]) else {
                    throw .notANumber(path: itemsPath, line: row.line, column: c + 1, text: row.fields[c])
                }
                features.append(x)
            }
        }

        // Ratings.
        var positives = [[Int32]](repeating: [], count: users.count)
        for (r, row) in try rows(ratingsPath).enumerated() {
            guard row.fields.count >= 2 else {
                throw .file(.tooFewFields(path: ratingsPath, line: row.line, expected: 2, found: row.fields.count))
            }
            if r == 0 && (row.fields[0].lowercased().hasPrefix("user") || row.fields[0].hasSuffix(":token")) { continue }
            if row.fields.count >= 3 {
                guard let x = Double(row.fields[2]) else {
                    throw .notANumber(path: ratingsPath, line: row.line, column: 3, text: row.fields[2])
                }
                if x < ratingThreshold { continue }
            }
            guard let u = users.id(row.fields[0]) else { throw .unknownUser(path: ratingsPath, line: row.line, user: row.fields[0]) }
            guard let i = items.id(row.fields[1]) else { throw .unknownItem(path: ratingsPath, line: row.line, item: row.fields[1]) }
            positives[Int(u)].append(i)
        }
        for u in positives.indices { positives[u] = Array(Set(positives[u])).sorted() }
        return ColdStartDataset(schema: schema, users: users, attributes: attributes, items: items,
                                featureNames: featureNames, itemFeatures: features, positives: positives, itemTitles: titles)
    }

    /// Dense ids of the users listed one per line in `path` (the `cold_*_users.txt` split files).
    public func userIDs(listedIn path: String) throws(ColdStartError) -> [Int32] {
        var out: [Int32] = []
        for row in try Self.rows(path) {
            let label = row.fields[0]
            if row.line == 1 && label.lowercased().hasPrefix("user") { continue }
            guard let u = users.id(label) else { throw .unknownUser(path: path, line: row.line, user: label) }
            out.append(u)
        }
        return out
    }

    private static func rows(_ path: String) throws(ColdStartError) -> [(line: Int, fields: [String])] {
        var out: [(line: Int, fields: [String])] = []
        do {
            let bytes = try TabSeparatedFile.read(path: path)
            try TabSeparatedFile.forEachLine(bytes, path: path) { (line, fields) throws(RecommenderDataError) in
                out.append((line, fields))
            }
        } catch {
            throw .file(error)
        }
        return out
    }
}
