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

/// Labels and attributes gathered during one import (entity ids from the builder).
public struct EntityLiterals: Sendable {
    /// The best label seen per entity in this import.
    public var labels: [Int32: EntityLabel] = [:]
    /// Every other literal statement, in input order (duplicates are dropped by the store).
    public var attributes: [EntityAttribute] = []

    public init() {}

    /// Keeps `label` for `entity` when it beats the one seen so far (ties keep the first).
    public mutating func offer(_ label: EntityLabel, for entity: Int32) {
        if let old = labels[entity], old.rank <= label.rank { return }
        labels[entity] = label
    }
}
