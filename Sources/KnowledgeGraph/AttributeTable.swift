/// Categorical attributes per identifier (users from `.user`/CSV, items from `.item`).
///
/// `values[row * names.count + k]` is attribute `names[k]` of `ids[row]`;
/// nil when the field was empty.
public struct AttributeTable: Sendable {
    public var names: [String] = []
    public var ids: [String] = []
    public var values: [String?] = []
    /// Data rows in the file (a repeated id counts each time; skipped rows too).
    public var rowsRead = 0

    public init() {}

    public var count: Int { ids.count }

    /// The attributes of row `row`, as (name, value) pairs without the empty ones.
    public func attributes(ofRow row: Int) -> [(name: String, value: String)] {
        var out = [(name: String, value: String)]()
        for (k, n) in names.enumerated() {
            if let v = values[row * names.count + k] { out.append((n, v)) }
        }
        return out
    }

    /// Which columns to read.
    public struct Options: Sendable {
        /// The identifier column.
        public var idColumn: String
        /// Attributes to keep (column names or bucket attribute names); nil keeps
        /// every column but the id (a bucketed column is replaced by its buckets).
        public var attributes: [String]?
        public var buckets: [BucketSpec]
        public var delimiter: UInt8?
        public var atomicHeader: Bool

        public init(
            idColumn: String, attributes: [String]? = nil, buckets: [BucketSpec] = [],
            delimiter: UInt8? = nil, atomicHeader: Bool = false
        ) {
            self.idColumn = idColumn
            self.attributes = attributes
            self.buckets = buckets
            self.delimiter = delimiter
            self.atomicHeader = atomicHeader
        }
    }

    private enum Source {
        case column(Int)
        case bucket(Int, BucketSpec)
    }

    /// Reads `file` (which must have a header line). Duplicate ids: the later row wins.
    public static func read(
        _ file: DelimitedFile, options: Options, diagnostics: inout RowDiagnostics, progress: ProgressHandler? = nil
    ) throws(ImportError) -> AttributeTable {
        let delimiter = options.delimiter ?? file.guessDelimiter()
        let header = try TableHeader(of: file, delimiter: delimiter, atomic: options.atomicHeader)
        let idIndex = try header.require(options.idColumn, file: file.path)
        var bucketByAttr = [String: (Int, BucketSpec)]()
        for b in options.buckets {
            bucketByAttr[b.attributeName] = (try header.require(b.column, file: file.path), b)
        }
        var names = [String](), sources = [Source]()
        if let wanted = options.attributes {
            for a in wanted {
                if let (i, b) = bucketByAttr[a] {
                    names.append(a); sources.append(.bucket(i, b))
                } else {
                    let i = try header.require(a, file: file.path)
                    names.append(header.columns[i].name); sources.append(.column(i))
                }
            }
        } else {
            let bucketed = Set(options.buckets.map(\.column))
            for (i, c) in header.columns.enumerated() where i != idIndex {
                if bucketed.contains(c.name) || bucketed.contains(c.raw) {
                    if let (bi, b) = options.buckets.first(where: { $0.column == c.name || $0.column == c.raw }).map({ (i, $0) }) {
                        names.append(b.attributeName); sources.append(.bucket(bi, b))
                    }
                } else {
                    names.append(c.name); sources.append(.column(i))
                }
            }
        }
        let columnNames = header.columns.map(\.name)
        var table = AttributeTable()
        table.names = names
        var rowOf = [String: Int]()
        table.rowsRead = try TableRows.forEach(
            file, delimiter: delimiter, hasHeader: true, fieldCount: header.columns.count,
            diagnostics: &diagnostics, progress: progress
        ) { (record) throws(ImportError) in
            let id = try TableRows.text(record, idIndex, column: columnNames[idIndex])
            var row = [String?]()
            row.reserveCapacity(sources.count)
            for s in sources {
                switch s {
                case .column(let i):
                    let v = try TableRows.text(record, i, column: columnNames[i], allowEmpty: true)
                    row.append(v.isEmpty ? nil : v)
                case .bucket(let i, let spec):
                    if let v = try TableRows.number(record, i, column: columnNames[i], optional: true) {
                        row.append(spec.label(for: v))
                    } else {
                        row.append(nil)
                    }
                }
            }
            if let existing = rowOf[id] {
                table.values.replaceSubrange((existing * names.count)..<((existing + 1) * names.count), with: row)
            } else {
                rowOf[id] = table.ids.count
                table.ids.append(id)
                table.values.append(contentsOf: row)
            }
        }
        return table
    }
}

/// Item → KG entity links (RecBole `.link`: `item_id`, `entity_id`).
public struct LinkTable: Sendable {
    public var items: [String] = []
    public var entities: [String] = []
    /// Data rows in the file.
    public var rowsRead = 0

    public init() {}

    public var count: Int { items.count }

    /// Reads a link file with a header naming the item and entity columns.
    public static func read(
        _ file: DelimitedFile, itemColumn: String = "item_id", entityColumn: String = "entity_id",
        delimiter: UInt8? = nil, atomicHeader: Bool, namespace: IdentifierNamespace,
        diagnostics: inout RowDiagnostics, progress: ProgressHandler? = nil
    ) throws(ImportError) -> LinkTable {
        let delimiter = delimiter ?? file.guessDelimiter()
        let header = try TableHeader(of: file, delimiter: delimiter, atomic: atomicHeader)
        let ii = try header.require(itemColumn, file: file.path)
        let ei = try header.require(entityColumn, file: file.path)
        var table = LinkTable()
        table.rowsRead = try TableRows.forEach(
            file, delimiter: delimiter, hasHeader: true, fieldCount: header.columns.count,
            diagnostics: &diagnostics, progress: progress
        ) { (record) throws(ImportError) in
            let item = try TableRows.text(record, ii, column: header.columns[ii].name)
            let entity = try TableRows.text(record, ei, column: header.columns[ei].name)
            table.items.append(item)
            table.entities.append(namespace.expand(entity))
        }
        return table
    }
}
