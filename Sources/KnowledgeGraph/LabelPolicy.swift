import RDF

/// Which literal predicates are display labels and which languages are preferred.
public struct LabelPolicy: Sendable, Equatable {
    /// `skos:prefLabel`.
    public static let skosPrefLabel = "http://www.w3.org/2004/02/skos/core#prefLabel"
    /// Dublin Core elements 1.1 `dc:title`.
    public static let dcTitle = "http://purl.org/dc/elements/1.1/title"
    /// DCMI terms `dcterms:title`.
    public static let dctermsTitle = "http://purl.org/dc/terms/title"

    /// Label predicates, most preferred first.
    public var predicates: [String]
    /// Language tags, most preferred first; `""` stands for a literal without a tag.
    /// A tag matches its primary subtag too (`en` matches `en-GB`, a little behind `en` itself).
    public var languages: [String]

    public init(
        predicates: [String] = [Vocabulary.rdfsLabel, LabelPolicy.skosPrefLabel, LabelPolicy.dcTitle, LabelPolicy.dctermsTitle],
        languages: [String] = ["en", ""]
    ) {
        self.predicates = predicates
        self.languages = languages.map { $0.lowercased() }
    }

    /// Parses a comma-separated language list (`en,de,` — a trailing empty item means untagged).
    public init(languageList: String) {
        self.init(languages: languageList.split(separator: ",", omittingEmptySubsequences: false).map {
            String($0).trimmingSpaces()
        })
    }

    /// Position of `predicate` among the label predicates, or nil when it is not one.
    public func predicateIndex(_ predicate: String) -> Int? { predicates.firstIndex(of: predicate) }

    /// Rank of a label candidate; lower is better. Language dominates, then predicate order.
    public func rank(predicateIndex: Int, language: String?) -> Int {
        let tag = (language ?? "").lowercased()
        var langRank = 2 * languages.count
        if let i = languages.firstIndex(of: tag) {
            langRank = 2 * i
        } else if let dash = tag.firstIndex(of: "-"), let i = languages.firstIndex(of: String(tag[..<dash])) {
            langRank = 2 * i + 1
        }
        return langRank * 64 + min(predicateIndex, 63)
    }
}

/// A display label with its rank under the ``LabelPolicy`` that chose it.
public struct EntityLabel: Sendable, Equatable {
    public var text: String
    public var language: String?
    public var rank: Int

    public init(text: String, language: String?, rank: Int) {
        self.text = text
        self.language = language
        self.rank = rank
    }
}

/// A literal-valued statement kept as a typed attribute of its subject.
public struct EntityAttribute: Sendable, Equatable, Hashable {
    public var entity: Int32
    public var predicate: String
    public var value: String
    public var datatype: String
    public var language: String?

    public init(entity: Int32, predicate: String, value: String, datatype: String, language: String?) {
        self.entity = entity
        self.predicate = predicate
        self.value = value
        self.datatype = datatype
        self.language = language
    }
}

/// The (predicate, datatype, language) part of a literal attribute; many attributes share one.
public struct AttributeKey: Sendable, Hashable {
    public var predicate: String
    public var datatype: String
    /// The language tag, `""` when the literal has none.
    public var language: String

    public init(predicate: String, datatype: String, language: String) {
        self.predicate = predicate
        self.datatype = datatype
        self.language = language
    }
}

/// Labels and attributes gathered during one import (entity ids from the builder).
///
/// Attributes are kept column-wise — entity, index into ``attributeKeys``, value —
/// so a large import costs no object per attribute and hashes each distinct
/// (predicate, datatype, language) key once, not once per statement.
public struct EntityLiterals: Sendable {
    /// `labelIndex[entity]` indexes ``labelList`` (-1: no label); a dense table, not a
    /// dictionary, because a large ontology labels a good share of its entities.
    private var labelIndex: [Int32] = []
    /// The best label of each labelled entity, in first-labelled order.
    public private(set) var labelList: [(entity: Int32, label: EntityLabel)] = []
    /// Distinct attribute keys, in first-seen order.
    public private(set) var attributeKeys: [AttributeKey] = []
    /// Subject entity of each attribute statement, in input order (duplicates are dropped by the store).
    public private(set) var attributeEntities: [Int32] = []
    /// Index into ``attributeKeys`` of each attribute statement.
    public private(set) var attributeKeyIndexes: [Int32] = []
    /// Lexical form of each attribute statement.
    public private(set) var attributeValues: [String] = []
    private var keyLookup: [AttributeKey: Int32] = [:]
    private var lastKey: Int32 = -1

    public init() {}

    /// Number of attribute statements kept.
    @inlinable public var attributeCount: Int { attributeEntities.count }

    /// The attribute statements as values, in input order (allocates; for tests and small imports).
    public var attributes: [EntityAttribute] {
        (0..<attributeEntities.count).map { k in
            let key = attributeKeys[Int(attributeKeyIndexes[k])]
            return EntityAttribute(entity: attributeEntities[k], predicate: key.predicate, value: attributeValues[k],
                                   datatype: key.datatype, language: key.language.isEmpty ? nil : key.language)
        }
    }

    /// The best label seen per entity in this import (allocates; for tests and small imports).
    public var labels: [Int32: EntityLabel] {
        Dictionary(uniqueKeysWithValues: labelList.lazy.map { ($0.entity, $0.label) })
    }

    /// Number of labelled entities.
    @inlinable public var labelCount: Int { labelList.count }

    /// The best label seen for `entity`, if any.
    public func label(of entity: Int32) -> EntityLabel? {
        let e = Int(entity)
        guard e >= 0, e < labelIndex.count else { return nil }
        let k = labelIndex[e]
        return k >= 0 ? labelList[Int(k)].label : nil
    }

    /// Keeps `label` for `entity` when it beats the one seen so far (ties keep the first).
    public mutating func offer(_ label: EntityLabel, for entity: Int32) {
        let e = Int(entity)
        if e >= labelIndex.count {
            labelIndex.append(contentsOf: repeatElement(-1, count: max(e + 1 - labelIndex.count, labelIndex.count / 2)))
        }
        let k = labelIndex[e]
        if k < 0 {
            labelIndex[e] = Int32(labelList.count)
            labelList.append((entity, label))
        } else if labelList[Int(k)].label.rank > label.rank {
            labelList[Int(k)].label = label
        }
    }

    /// Records the literal statement (`entity`, `predicate`, `value`^^`datatype`@`language`).
    public mutating func addAttribute(entity: Int32, predicate: String, value: String, datatype: String, language: String?) {
        let k = keyIndex(predicate: predicate, datatype: datatype, language: language ?? "")
        attributeEntities.append(entity)
        attributeKeyIndexes.append(k)
        attributeValues.append(value)
    }

    /// Parsers hand out the same few predicate/datatype strings over and over, and a
    /// subject's statements come together: the last key, then a short scan, usually
    /// match without hashing.
    private mutating func keyIndex(predicate: String, datatype: String, language: String) -> Int32 {
        @inline(__always) func matches(_ k: Int32) -> Bool {
            let key = attributeKeys[Int(k)]
            return key.predicate == predicate && key.datatype == datatype && key.language == language
        }
        if lastKey >= 0 && matches(lastKey) { return lastKey }
        if attributeKeys.count <= 16 {
            for k in 0..<Int32(attributeKeys.count) where matches(k) {
                lastKey = k
                return k
            }
        }
        let key = AttributeKey(predicate: predicate, datatype: datatype, language: language)
        if attributeKeys.count > 16, let k = keyLookup[key] {
            lastKey = k
            return k
        }
        let k = Int32(attributeKeys.count)
        attributeKeys.append(key)
        keyLookup[key] = k
        lastKey = k
        return k
    }
}
