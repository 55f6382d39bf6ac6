/// Reads `head<TAB>relation<TAB>tail` files (RecBole `.kg`, PyKEEN, DGL-KE, PBG TSV)
/// into a ``KnowledgeGraphBuilder``.
public enum TripleFileReader {
    /// Options for a triples file.
    public struct Options: Sendable {
        /// The first line is a header (RecBole `.kg` files always have one).
        public var hasHeader: Bool
        /// Field separator; nil means tab.
        public var delimiter: UInt8?
        /// Prefix for tokens that are not absolute IRIs.
        public var namespace: IdentifierNamespace

        public init(hasHeader: Bool = false, delimiter: UInt8? = nil, namespace: IdentifierNamespace = .init(nil)) {
            self.hasHeader = hasHeader
            self.delimiter = delimiter
            self.namespace = namespace
        }
    }

    /// Adds the file's triples to `builder`; returns the number of rows read (including skipped ones).
    @discardableResult
    public static func read(
        _ file: DelimitedFile, options: Options, into builder: inout KnowledgeGraphBuilder,
        diagnostics: inout RowDiagnostics, progress: ProgressHandler? = nil
    ) throws(ImportError) -> Int {
        let delimiter = options.delimiter ?? UInt8(ascii: "\t")
        var names = ["head", "relation", "tail"]
        if options.hasHeader {
            let header = try TableHeader(of: file, delimiter: delimiter, atomic: false)
            guard header.columns.count == 3 else {
                throw .fieldCount(file: file.path, line: 1, expected: 3, found: header.columns.count,
                                  text: header.columns.map(\.raw).joined(separator: "\t"))
            }
            names = header.columns.map(\.name)
        }
        let ns = options.namespace
        return try TableRows.forEach(
            file, delimiter: delimiter, hasHeader: options.hasHeader, fieldCount: 3,
            diagnostics: &diagnostics, progress: progress
        ) { (record) throws(ImportError) in
            let h = try TableRows.text(record, 0, column: names[0])
            let r = try TableRows.text(record, 1, column: names[1])
            let t = try TableRows.text(record, 2, column: names[2])
            builder.addEdge(head: ns.expand(h), relation: ns.expand(r), tail: ns.expand(t))
        }
    }
}
