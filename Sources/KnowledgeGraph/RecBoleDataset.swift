import Foundation

/// A RecBole atomic dataset directory: `<name>.inter`, `.user`, `.item`, `.kg`, `.link`
/// (any subset, at least one), each with a `name:type` header, read as they are.
public struct RecBoleDataset: Sendable {
    /// The directory.
    public let directory: String
    /// The file of each suffix present (`inter`, `user`, `item`, `kg`, `link`).
    public let fileBySuffix: [String: String]

    /// Atomic-file suffixes in import order.
    public static let suffixes = ["kg", "link", "item", "user", "inter"]

    /// The dataset's files, in import order.
    public var files: [String] { Self.suffixes.compactMap { fileBySuffix[$0] } }

    /// Field names RecBole uses by default, overridable like RecBole's config keys.
    public struct Options: Sendable, CustomStringConvertible {
        public var userField = "user_id"
        public var itemField = "item_id"
        public var ratingField = "rating"
        public var timeField = "timestamp"
        public var headField = "head_id"
        public var relationField = "relation_id"
        public var tailField = "tail_id"
        public var entityField = "entity_id"
        /// Prefix for KG tokens (entities, relations) that are not absolute IRIs.
        public var namespace = IdentifierNamespace(nil)
        /// Interactions below this value are not imported.
        public var minValue: Double?
        /// Numeric user/item columns to bucket.
        public var buckets: [BucketSpec] = []

        public init() {}

        public var description: String {
            var s = "user=\(userField) item=\(itemField) rating=\(ratingField) time=\(timeField)"
            if let ns = namespace.prefix { s += " namespace=\(ns)" }
            if let m = minValue { s += " min=\(m)" }
            for b in buckets { s += " bucket=\(b.column)" }
            return s
        }
    }

    /// Finds the atomic files in `directory`. Two files with one suffix is an error.
    public init(directory: String) throws(ImportError) {
        self.directory = directory
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted() } catch {
            throw .io(path: directory, message: "cannot list directory: \(error.localizedDescription)")
        }
        var found = [String: String]()
        for n in names {
            guard let dot = n.lastIndex(of: "."), !n.hasPrefix(".") else { continue }
            let suffix = String(n[n.index(after: dot)...])
            guard Self.suffixes.contains(suffix) else { continue }
            if let other = found[suffix] {
                throw .datasetIncomplete(directory: directory, reason: "two .\(suffix) files (\(other), \(n)); keep one")
            }
            found[suffix] = directory + "/" + n
        }
        guard !found.isEmpty else {
            throw .datasetIncomplete(directory: directory, reason: "no RecBole atomic files (.inter, .user, .item, .kg, .link)")
        }
        fileBySuffix = found
    }

    /// Reads every file present. KG triples go to `builder`; the rest into tables.
    public func read(
        options: Options, into builder: inout KnowledgeGraphBuilder,
        users: inout AttributeTable?, items: inout AttributeTable?, itemLabelColumn: inout String?,
        interactions: inout InteractionTable?, links: inout LinkTable?, rowsRead: inout Int,
        diagnostics: inout RowDiagnostics, progress: ProgressHandler? = nil
    ) throws(ImportError) {
        if let path = fileBySuffix["kg"] {
            let file = try DelimitedFile(path: path)
            let header = try TableHeader(of: file, delimiter: 0x09, atomic: true)
            guard header.columns.count == 3 else {
                throw .fieldCount(file: path, line: 1, expected: 3, found: header.columns.count,
                                  text: header.columns.map(\.raw).joined(separator: "\t"))
            }
            for f in [options.headField, options.relationField, options.tailField] { _ = try header.require(f, file: path) }
            guard header.index(of: options.headField) == 0, header.index(of: options.relationField) == 1,
                  header.index(of: options.tailField) == 2 else {
                throw .badHeader(file: path, line: 1, field: header.columns.map(\.raw).joined(separator: "\t"),
                                 expected: "\(options.headField), \(options.relationField), \(options.tailField) in that order")
            }
            rowsRead += try TripleFileReader.read(
                file, options: .init(hasHeader: true, delimiter: 0x09, namespace: options.namespace),
                into: &builder, diagnostics: &diagnostics, progress: progress)
        }
        if let path = fileBySuffix["link"] {
            let t = try LinkTable.read(
                try DelimitedFile(path: path), itemColumn: options.itemField, entityColumn: options.entityField,
                delimiter: 0x09, atomicHeader: true, namespace: options.namespace, diagnostics: &diagnostics, progress: progress)
            rowsRead += t.rowsRead
            links = t
        }
        if let path = fileBySuffix["item"] {
            let t = try AttributeTable.read(
                try DelimitedFile(path: path),
                options: .init(idColumn: options.itemField, buckets: options.buckets.filter { _ in false }, delimiter: 0x09, atomicHeader: true),
                diagnostics: &diagnostics, progress: progress)
            rowsRead += t.rowsRead
            itemLabelColumn = ["movie_title", "title", "name", "item_name"].first { t.names.contains($0) }
            items = t
        }
        if let path = fileBySuffix["user"] {
            let file = try DelimitedFile(path: path)
            let header = try TableHeader(of: file, delimiter: 0x09, atomic: true)
            let buckets = options.buckets.filter { header.index(of: $0.column) != nil }
            let t = try AttributeTable.read(
                file, options: .init(idColumn: options.userField, buckets: buckets, delimiter: 0x09, atomicHeader: true),
                diagnostics: &diagnostics, progress: progress)
            rowsRead += t.rowsRead
            users = t
        }
        if let path = fileBySuffix["inter"] {
            let file = try DelimitedFile(path: path)
            let header = try TableHeader(of: file, delimiter: 0x09, atomic: true)
            let t = try InteractionTable.read(
                file,
                options: .init(
                    userColumn: options.userField, itemColumn: options.itemField,
                    valueColumn: header.index(of: options.ratingField) != nil ? options.ratingField : nil,
                    timeColumn: header.index(of: options.timeField) != nil ? options.timeField : nil,
                    delimiter: 0x09, minValue: options.minValue, atomicHeader: true),
                diagnostics: &diagnostics, progress: progress)
            rowsRead += t.rowsRead
            interactions = t
        }
    }
}
