import Embedding

/// The knowledge graph as the recommender sees it: entity/relation ids, the triples (for TransE),
/// each item's linked entity and, derived from both, sparse item *features* — (relation,
/// neighbour entity) pairs shared by several items (e.g. "directed_by · Hitchcock").
public struct ItemKnowledgeGraph: Sendable {
    /// Entity and relation labels.
    public let vocabulary: TripleVocabulary
    /// All KG triples as dense ids.
    public let triples: [IndexedTriple]
    /// `itemEntity[item]`: the item's entity id, −1 when the item is not linked.
    public let itemEntity: [Int32]

    public init(vocabulary: TripleVocabulary, triples: [IndexedTriple], itemEntity: [Int32]) {
        self.vocabulary = vocabulary
        self.triples = triples
        self.itemEntity = itemEntity
    }

    public var itemCount: Int { itemEntity.count }
    public var linkedItemCount: Int { itemEntity.lazy.filter { $0 >= 0 }.count }

    /// Reads a triple file (`head<TAB>relation<TAB>tail`, optional header) and an item→entity
    /// link file (`item<TAB>entity`, optional header), interning unseen items in `items` unless
    /// `fixedCatalogue` (then unknown items are an error).
    public static func load(
        triplesPath: String, linksPath: String, items: inout LabelIndex, fixedCatalogue: Bool
    ) throws -> ItemKnowledgeGraph {
        var vocabulary = TripleVocabulary()
        let triples = try LabeledTripleReader.read(path: triplesPath, vocabulary: &vocabulary)
        let bytes = try TabSeparatedFile.read(path: linksPath)
        var links: [(Int32, Int32)] = []
        var itemsCopy = items
        try TabSeparatedFile.forEachLine(bytes, path: linksPath) { (line, fields) throws(RecommenderDataError) in
            guard fields.count >= 2 else { throw .tooFewFields(path: linksPath, line: line, expected: 2, found: fields.count) }
            if line == 1 && (fields[0].lowercased().hasPrefix("item") || fields[0].hasSuffix(":token")) { return }
            for c in 0..<2 where fields[c].isEmpty { throw .emptyField(path: linksPath, line: line, column: c + 1) }
            let item: Int32
            if let id = itemsCopy.id(fields[0]) {
                item = id
            } else if fixedCatalogue {
                throw .unknownItem(path: linksPath, line: line, item: fields[0])
            } else {
                item = itemsCopy.intern(fields[0])
            }
            links.append((item, vocabulary.entityID(fields[1])))
        }
        items = itemsCopy
        var itemEntity = [Int32](repeating: -1, count: items.count)
        for (i, e) in links { itemEntity[Int(i)] = e }
        return ItemKnowledgeGraph(vocabulary: vocabulary, triples: triples, itemEntity: itemEntity)
    }

    /// Item features from one KG hop: for every triple touching an item's entity, the pair
    /// (relation, other end) — with the direction folded into the relation — is a feature of that
    /// item. Features held by fewer than `minimumItems` items carry no co-occurrence and are dropped;
    /// features held by more than `maximumItems` items (hubs such as a main genre or language) are
    /// dropped as well. Returns a sparse feature × item incidence, features in first-seen order.
    public func itemFeatures(minimumItems: Int = 2, maximumItems: Int = .max) -> SparseIncidence {
        var entityItems: [Int32: [Int32]] = [:]
        for (i, e) in itemEntity.enumerated() where e >= 0 { entityItems[e, default: []].append(Int32(i)) }
        var featureIndex: [Int64: Int] = [:]
        var members: [[Int32]] = []
        func add(_ key: Int64, _ items: [Int32]) {
            let f: Int
            if let x = featureIndex[key] { f = x } else { f = members.count; featureIndex[key] = f; members.append([]) }
            members[f].append(contentsOf: items)
        }
        let relations = Int64(vocabulary.relationCount)
        for t in triples {
            // (relation, tail) is a feature of the head's items; (relation⁻¹, head) of the tail's.
            if let hs = entityItems[t.head] { add(Int64(t.tail) * 2 * relations + Int64(t.relation), hs) }
            if let ts = entityItems[t.tail] { add(Int64(t.head) * 2 * relations + relations + Int64(t.relation), ts) }
        }
        var rows: [[Int32]] = []
        for m in members {
            let unique = Array(Set(m)).sorted()
            if unique.count >= minimumItems && unique.count <= maximumItems { rows.append(unique) }
        }
        return SparseIncidence(columnCount: itemCount, rows: rows)
    }
}

/// A sparse 0/1 matrix stored by rows (e.g. features × items).
public struct SparseIncidence: Sendable, Equatable {
    public let columnCount: Int
    public let rowOffsets: [Int]
    public let columns: [Int32]

    public init(columnCount: Int, rows: [[Int32]]) {
        self.columnCount = columnCount
        var offsets = [0]
        var cols: [Int32] = []
        for r in rows { cols.append(contentsOf: r); offsets.append(cols.count) }
        rowOffsets = offsets
        columns = cols
    }

    public var rowCount: Int { rowOffsets.count - 1 }
    public func row(_ r: Int) -> ArraySlice<Int32> { columns[rowOffsets[r]..<rowOffsets[r + 1]] }
    /// Per column, the number of rows holding it.
    public var columnDegrees: [Int] {
        var d = [Int](repeating: 0, count: columnCount)
        for c in columns { d[Int(c)] += 1 }
        return d
    }
}
