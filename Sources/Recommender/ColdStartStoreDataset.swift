import Foundation

/// Where the item features (the "genre" flags users are clustered on) of a store-built cold-start
/// data set come from.
public enum ColdStartItemFeatureSource: Sendable, Equatable, CustomStringConvertible {
    /// The whitespace- or `|`-separated tokens of a text item attribute (RecBole's `class`
    /// token_seq "Action Comedy"): one 0/1 feature per distinct token.
    case itemAttribute(String)
    /// One-hop knowledge-graph features: the (relation, neighbour) pairs of the items' linked
    /// entities shared by the most items (see the store initialiser of ``ColdStartDataset``).
    case knowledgeGraph(features: Int)

    public var description: String {
        switch self {
        case let .itemAttribute(name): return "item attribute '\(name)'"
        case let .knowledgeGraph(n): return "knowledge graph (\(n) shared one-hop features)"
        }
    }
}

extension ColdStartDataset {
    /// Item attributes tried, in this order, as the genre-like feature source when none is named.
    public static let defaultItemFeatureAttributes = ["class", "genre", "genres", "category", "categories"]

    /// A cold-start data set read from a store's catalogue: all store users with their imported
    /// attributes, all store items, and every user's positives among the imported interactions
    /// (value ≥ `ratingThreshold`, or no value at all).
    ///
    /// **Attributes.** `attributeNames` selects user attributes by name (each must occur in the
    /// store); nil takes every attribute the store holds, in name order, except identifier-like
    /// text attributes with more than `maxCategoricalStates` distinct values (e.g. `zip_code`).
    /// An attribute whose values are all numbers is binned — with `bins[name]` edges when given,
    /// else, with more than `maxCategoricalStates` distinct values (RecBole's raw `age`), into
    /// `equalFrequencyBins` equal-frequency bins — and otherwise kept as categories. A user
    /// without a value for an attribute has it unobserved (nil), never imputed.
    ///
    /// **Item features** (the rule, in order; `graphFeaturesOnly` skips step 1):
    /// 1. `itemFeatureAttribute` when given (an error if no item has it), else the first of
    ///    ``defaultItemFeatureAttributes`` some item has: its tokens (split on whitespace and `|`)
    ///    become 0/1 features, one per distinct token, in sorted order.
    /// 2. Otherwise the knowledge graph: every (relation, other end) pair of a triple touching an
    ///    item's linked entity is a candidate feature of that item (direction folded into the
    ///    relation, as in ``ItemKnowledgeGraph/itemFeatures(minimumItems:maximumItems:)``). A
    ///    candidate must be shared by at least 2 items and at most half the linked items (hubs such
    ///    as a common language carry nothing); candidates with the same item set (a relation and
    ///    its inverse) count once; the `maximumGraphFeatures` most shared are kept — on a film KG
    ///    these are the genres, then frequent directors, countries and subjects.
    public init(
        catalogue: StoreCatalogue, attributeNames: [String]? = nil, bins explicitBins: [String: [Double]] = [:],
        equalFrequencyBins: Int = 5, maxCategoricalStates: Int = 24, ratingThreshold: Double = 4,
        itemFeatureAttribute: String? = nil, graphFeaturesOnly: Bool = false, maximumGraphFeatures: Int = 32
    ) throws(ColdStartError) {
        let userCount = catalogue.users.count
        // Attributes.
        let present = Set(catalogue.userAttributes.flatMap(\.keys))
        var names: [String]
        if let attributeNames {
            for n in attributeNames where !present.contains(n) { throw .unknownAttribute(name: n, known: present.sorted()) }
            guard Set(attributeNames).count == attributeNames.count else {
                throw .duplicateAttribute(attributeNames.first { n in attributeNames.filter { $0 == n }.count > 1 } ?? "")
            }
            names = attributeNames
        } else {
            // A numeric attribute the import also bucketed (`age` beside `age_bucket`) would count
            // the same evidence twice: the bucketed one stands for both.
            names = present.sorted().filter { name in
                !(present.contains(name + "_bucket")
                  && catalogue.userAttributes.allSatisfy { a in a[name].map { $0.isEmpty || Double($0)?.isFinite == true } ?? true })
            }
        }
        for n in explicitBins.keys where !names.contains(n) { throw .unknownAttribute(name: n, known: names) }
        var states: [[String]] = []
        var bins: [ColdStartAttributeBins?] = []
        var columns: [[Int?]] = []
        var kept: [String] = []
        for name in names {
            let raw: [String?] = catalogue.userAttributes.map { a in a[name].flatMap { $0.isEmpty ? nil : $0 } }
            let numbers = raw.map { $0.flatMap(Double.init) }
            let numeric = zip(raw, numbers).allSatisfy { $0 == nil || ($1?.isFinite ?? false) }
            let distinct = Array(Set(raw.compactMap { $0 })).sorted()
            let binning: ColdStartAttributeBins?
            if let edges = explicitBins[name] {
                if let u = raw.indices.first(where: { raw[$0] != nil && !(numbers[$0]?.isFinite ?? false) }) {
                    throw .notANumberAttribute(attribute: name, user: catalogue.users.labels[u], text: raw[u]!)
                }
                binning = ColdStartAttributeBins(edges: edges)
            } else if numeric && distinct.count > maxCategoricalStates {
                binning = .equalFrequency(numbers.compactMap { $0 }, count: equalFrequencyBins)
            } else {
                // Identifier-like text attributes are left out unless asked for by name.
                if attributeNames == nil && distinct.count > maxCategoricalStates { continue }
                binning = nil
            }
            let labels = binning?.labels ?? distinct
            let lookup = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
            columns.append(raw.indices.map { u in
                guard let v = raw[u] else { return nil }
                if let b = binning { return numbers[u].map { b.state(of: $0) } }
                return lookup[v]
            })
            states.append(labels)
            bins.append(binning)
            kept.append(name)
        }
        let schema = ColdStartAttributeSchema(names: kept, states: states, bins: bins)
        let attributes = (0..<userCount).map { u in columns.map { $0[u] } }

        // Item features.
        let itemCount = catalogue.items.count
        let featureNames: [String]
        var features: [Float]
        switch try Self.itemFeatureSource(catalogue, named: itemFeatureAttribute, graphFeaturesOnly: graphFeaturesOnly,
                                          maximumGraphFeatures: maximumGraphFeatures) {
        case let .itemAttribute(source):
            let tokens = catalogue.itemAttributes.map { Self.tokens($0[source] ?? "") }
            featureNames = Array(Set(tokens.joined())).sorted()
            let index = Dictionary(uniqueKeysWithValues: featureNames.enumerated().map { ($1, $0) })
            features = [Float](repeating: 0, count: itemCount * featureNames.count)
            for (i, list) in tokens.enumerated() { for t in list { features[i * featureNames.count + index[t]!] = 1 } }
        case .knowledgeGraph:
            let graph = Self.graphFeatures(catalogue, maximum: maximumGraphFeatures)
            featureNames = graph.names
            features = [Float](repeating: 0, count: itemCount * featureNames.count)
            for (f, members) in graph.members.enumerated() { for i in members { features[Int(i) * featureNames.count + f] = 1 } }
        }

        // Positives.
        var positives = [[Int32]](repeating: [], count: userCount)
        for k in catalogue.interactionUsers.indices where (catalogue.interactionValues[k] ?? .infinity) >= ratingThreshold {
            positives[Int(catalogue.interactionUsers[k])].append(catalogue.interactionItems[k])
        }
        for u in positives.indices { positives[u] = Array(Set(positives[u])).sorted() }
        self.init(schema: schema, users: catalogue.users, attributes: attributes, items: catalogue.items,
                  featureNames: featureNames, itemFeatures: features, positives: positives,
                  itemTitles: catalogue.itemTitles.map { $0 ?? "" })
    }

    /// Which item-feature source the rule above picks for `catalogue` (the attribute named, else
    /// the first default attribute some item has, else the knowledge graph).
    public static func itemFeatureSource(_ catalogue: StoreCatalogue, named: String? = nil, graphFeaturesOnly: Bool = false,
                                         maximumGraphFeatures: Int = 32) throws(ColdStartError) -> ColdStartItemFeatureSource {
        if graphFeaturesOnly { return .knowledgeGraph(features: maximumGraphFeatures) }
        func has(_ n: String) -> Bool { catalogue.itemAttributes.contains { $0[n] != nil } }
        if let named {
            guard has(named) else {
                throw .unknownItemAttribute(name: named, known: Set(catalogue.itemAttributes.flatMap(\.keys)).sorted())
            }
            return .itemAttribute(named)
        }
        if let a = defaultItemFeatureAttributes.first(where: has) { return .itemAttribute(a) }
        return .knowledgeGraph(features: maximumGraphFeatures)
    }

    static func tokens(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "|" }).map(String.init)
    }

    /// The shared one-hop KG features of the rule above: names `relation=neighbour label` and
    /// member items, most shared first.
    static func graphFeatures(_ catalogue: StoreCatalogue, maximum: Int) -> (names: [String], members: [[Int32]]) {
        let kg = catalogue.knowledgeGraph
        var entityItems: [Int32: [Int32]] = [:]
        for (i, e) in kg.itemEntity.enumerated() where e >= 0 { entityItems[e, default: []].append(Int32(i)) }
        let relations = Int64(kg.vocabulary.relationCount)
        var index: [Int64: Int] = [:]
        var keys: [(relation: Int32, inverse: Bool, entity: Int32)] = []
        var members: [[Int32]] = []
        func add(_ relation: Int32, _ inverse: Bool, _ entity: Int32, _ items: [Int32]) {
            let key = (Int64(entity) * 2 + (inverse ? 1 : 0)) * relations + Int64(relation)
            let f: Int
            if let x = index[key] { f = x } else { f = members.count; index[key] = f; keys.append((relation, inverse, entity)); members.append([]) }
            members[f].append(contentsOf: items)
        }
        for t in kg.triples {
            if let hs = entityItems[t.head] { add(t.relation, false, t.tail, hs) }
            if let ts = entityItems[t.tail] { add(t.relation, true, t.head, ts) }
        }
        let upper = max(2, kg.linkedItemCount / 2)
        var seen = Set<[Int32]>()
        var candidates: [(order: Int, items: [Int32])] = []
        for (f, m) in members.enumerated() {
            let unique = Array(Set(m)).sorted()
            guard unique.count >= 2, unique.count <= upper, seen.insert(unique).inserted else { continue }
            candidates.append((f, unique))
        }
        candidates.sort { $0.items.count != $1.items.count ? $0.items.count > $1.items.count : $0.order < $1.order }
        let chosen = candidates.prefix(max(0, maximum))
        let names = chosen.map { c -> String in
            let k = keys[c.order]
            let relation = Self.localName(kg.vocabulary.relationLabels[Int(k.relation)])
            let entity = catalogue.entityLabels[k.entity] ?? Self.localName(kg.vocabulary.entityLabels[Int(k.entity)])
            return (k.inverse ? "^" : "") + relation + "=" + entity
        }
        return (names, chosen.map(\.items))
    }

    private static func localName(_ iri: String) -> String {
        if let cut = iri.lastIndex(where: { $0 == "/" || $0 == "#" }), iri.index(after: cut) < iri.endIndex {
            return String(iri[iri.index(after: cut)...])
        }
        return iri
    }

    /// This data set with the positives of the users in a split file (`user<TAB>item[<TAB>rating…]`,
    /// header allowed — the layout of `warm_train.tsv`) replaced by that file's positives (rating
    /// ≥ `ratingThreshold`, or no rating column), and those users in first-appearance order: the
    /// training users of the store-based cold-start protocol. Users and items must be in the store.
    public func replacingPositives(withInteractionsIn path: String, ratingThreshold: Double = 4)
        throws(ColdStartError) -> (dataset: ColdStartDataset, users: [Int32]) {
        var rows: [(line: Int, fields: [String])] = []
        do {
            let bytes = try TabSeparatedFile.read(path: path)
            try TabSeparatedFile.forEachLine(bytes, path: path) { (line, fields) throws(RecommenderDataError) in
                guard fields.count >= 2 else { throw .tooFewFields(path: path, line: line, expected: 2, found: fields.count) }
                rows.append((line, fields))
            }
        } catch {
            throw .file(error)
        }
        var fileUsers: [Int32] = []
        var listed = [Bool](repeating: false, count: users.count)
        var replaced = [[Int32]](repeating: [], count: users.count)
        for (line, fields) in rows {
            if line == rows[0].line && (fields[0].lowercased().hasPrefix("user") || fields[0].hasSuffix(":token")) { continue }
            guard let u = users.id(fields[0]) else { throw .unknownUser(path: path, line: line, user: fields[0]) }
            guard let i = items.id(fields[1]) else { throw .unknownItem(path: path, line: line, item: fields[1]) }
            if !listed[Int(u)] { listed[Int(u)] = true; fileUsers.append(u) }
            if fields.count >= 3 {
                guard let x = Double(fields[2]) else { throw .notANumber(path: path, line: line, column: 3, text: fields[2]) }
                guard x >= ratingThreshold else { continue }
            }
            replaced[Int(u)].append(i)
        }
        var merged = positives
        for u in fileUsers { merged[Int(u)] = Array(Set(replaced[Int(u)])).sorted() }
        let data = ColdStartDataset(schema: schema, users: users, attributes: attributes, items: items, featureNames: featureNames,
                                    itemFeatures: itemFeatures, positives: merged, itemTitles: itemTitles)
        return (data, fileUsers)
    }
}
