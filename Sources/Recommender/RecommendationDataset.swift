/// Train/test interactions plus the optional knowledge graph, read from the TSV files that
/// `scripts/research/prepare_tables.py` writes (and, later, fed from the store with the same shapes).
public struct RecommendationDataset: Sendable {
    public var users: LabelIndex
    public var items: LabelIndex
    public var train: InteractionMatrix
    /// Test positives per user (dense user ids; users absent from the test file have none).
    public var test: [[Int32]]
    public var knowledgeGraph: ItemKnowledgeGraph?

    public init(users: LabelIndex, items: LabelIndex, train: InteractionMatrix, test: [[Int32]], knowledgeGraph: ItemKnowledgeGraph?) {
        self.users = users
        self.items = items
        self.train = train
        self.test = test
        self.knowledgeGraph = knowledgeGraph
    }

    /// Reads the files. `itemsPath` (first column = item id, header line allowed) fixes the
    /// catalogue; without it the catalogue is every item seen in train, test and links.
    /// Interaction files: `user<TAB>item[<TAB>rating[<TAB>…]]`; with a rating column, rows
    /// below `ratingThreshold` are dropped.
    public static func load(
        trainPath: String, testPath: String, itemsPath: String?, triplesPath: String?, linksPath: String?,
        ratingThreshold: Double = 4
    ) throws -> RecommendationDataset {
        var items = LabelIndex()
        if let itemsPath {
            let bytes = try TabSeparatedFile.read(path: itemsPath)
            try TabSeparatedFile.forEachLine(bytes, path: itemsPath) { (line, fields) throws(RecommenderDataError) in
                if line == 1 && (fields[0].lowercased().hasPrefix("item") || fields[0].hasSuffix(":token")) { return }
                guard !fields[0].isEmpty else { throw .emptyField(path: itemsPath, line: line, column: 1) }
                _ = items.intern(fields[0])
            }
        }
        let fixed = itemsPath != nil
        var users = LabelIndex()
        let trainPairs = try readInteractions(trainPath, users: &users, items: &items, fixedCatalogue: fixed, threshold: ratingThreshold)
        guard !trainPairs.isEmpty else { throw RecommenderDataError.noInteractions(path: trainPath) }
        let testPairs = try readInteractions(testPath, users: &users, items: &items, fixedCatalogue: fixed, threshold: ratingThreshold)
        var kg: ItemKnowledgeGraph? = nil
        if let triplesPath, let linksPath {
            kg = try ItemKnowledgeGraph.load(triplesPath: triplesPath, linksPath: linksPath, items: &items, fixedCatalogue: fixed)
        }
        if let g = kg, g.itemCount < items.count {
            kg = ItemKnowledgeGraph(vocabulary: g.vocabulary, triples: g.triples,
                                    itemEntity: g.itemEntity + [Int32](repeating: -1, count: items.count - g.itemCount))
        }
        let train = InteractionMatrix(userCount: users.count, itemCount: items.count, pairs: trainPairs)
        var test = [[Int32]](repeating: [], count: users.count)
        for p in testPairs { test[Int(p.user)].append(p.item) }
        return RecommendationDataset(users: users, items: items, train: train, test: test, knowledgeGraph: kg)
    }

    static func readInteractions(
        _ path: String, users: inout LabelIndex, items: inout LabelIndex, fixedCatalogue: Bool, threshold: Double
    ) throws(RecommenderDataError) -> [(user: Int32, item: Int32)] {
        let bytes = try TabSeparatedFile.read(path: path)
        var pairs: [(user: Int32, item: Int32)] = []
        var u = users, it = items
        try TabSeparatedFile.forEachLine(bytes, path: path) { (line, fields) throws(RecommenderDataError) in
            guard fields.count >= 2 else { throw .tooFewFields(path: path, line: line, expected: 2, found: fields.count) }
            if line == 1 && (fields[0].lowercased().hasPrefix("user") || fields[0].hasSuffix(":token")) { return }
            for c in 0..<2 where fields[c].isEmpty { throw .emptyField(path: path, line: line, column: c + 1) }
            if fields.count >= 3 {
                guard let r = Double(fields[2]) else { throw .notANumber(path: path, line: line, column: 3, text: fields[2]) }
                if r < threshold { return }
            }
            let item: Int32
            if let id = it.id(fields[1]) {
                item = id
            } else if fixedCatalogue {
                throw .unknownItem(path: path, line: line, item: fields[1])
            } else {
                item = it.intern(fields[1])
            }
            pairs.append((u.intern(fields[0]), item))
        }
        users = u
        items = it
        return pairs
    }
}
