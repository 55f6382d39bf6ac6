import RDF

/// Why an import failed (or, with skip-bad-rows, why a row was skipped).
///
/// Every row-level case names the file, the 1-based line, the column and the
/// offending value, so the message alone is enough to find and fix the row.
public enum ImportError: Error, Sendable, CustomStringConvertible {
    /// A field holds a value that cannot be used (`expected` says what was wanted).
    case badValue(file: String, line: Int, column: String, value: String, expected: String)
    /// A row has the wrong number of fields.
    case fieldCount(file: String, line: Int, expected: Int, found: Int, text: String)
    /// A header lacks a column the import needs.
    case missingColumn(file: String, column: String, available: [String])
    /// A header field is not valid (e.g. a RecBole `name:type` with an unknown type).
    case badHeader(file: String, line: Int, field: String, expected: String)
    /// The file is empty where a header or data was expected.
    case emptyFile(file: String)
    /// The file is not valid UTF-8 at a line.
    case invalidUTF8(file: String, line: Int)
    /// A RecBole dataset directory lacks the files an import needs.
    case datasetIncomplete(directory: String, reason: String)
    /// An RDF document failed to parse.
    case rdf(file: String, RDFParseError)
    /// The graph would exceed a structural limit.
    case graph(GraphError)
    /// An option value is invalid (e.g. a malformed bucket specification).
    case badOption(name: String, value: String, expected: String)
    /// Reading a file failed.
    case io(path: String, message: String)

    public var description: String {
        switch self {
        case .badValue(let f, let l, let c, let v, let e):
            return "\(f):\(l): column '\(c)': bad value '\(Self.clip(v))' (expected \(e))"
        case .fieldCount(let f, let l, let e, let n, let t):
            return "\(f):\(l): expected \(e) fields, found \(n): '\(Self.clip(t))'"
        case .missingColumn(let f, let c, let a):
            return "\(f): no column '\(c)' in the header (columns: \(a.joined(separator: ", ")))"
        case .badHeader(let f, let l, let field, let e):
            return "\(f):\(l): bad header field '\(Self.clip(field))' (expected \(e))"
        case .emptyFile(let f): return "\(f): file is empty"
        case .invalidUTF8(let f, let l): return "\(f):\(l): not valid UTF-8"
        case .datasetIncomplete(let d, let r): return "\(d): \(r)"
        case .rdf(_, let e): return e.description
        case .graph(let e): return e.description
        case .badOption(let n, let v, let e): return "option \(n): bad value '\(v)' (expected \(e))"
        case .io(let p, let m): return "\(p): \(m)"
        }
    }

    /// True for errors that concern a single row (these are what skip-bad-rows skips).
    public var isRowError: Bool {
        switch self {
        case .badValue, .fieldCount, .invalidUTF8: return true
        default: return false
        }
    }

    static func clip(_ s: String) -> String {
        s.count <= 80 ? s : String(s.prefix(77)) + "..."
    }
}

/// How an importer treats malformed rows, and what it saw.
public struct RowDiagnostics: Sendable {
    /// Skip malformed rows (counting them) instead of failing the import.
    public var skipBadRows: Bool
    /// Number of rows skipped.
    public private(set) var skipped = 0
    /// The first skipped rows' errors (at most ``maxKept``).
    public private(set) var warnings: [ImportError] = []
    /// How many warnings are kept for reporting.
    public var maxKept = 20

    public init(skipBadRows: Bool = false) { self.skipBadRows = skipBadRows }

    /// Rethrows `error` unless skipping is on and it is a row error, in which case it is counted.
    public mutating func handle(_ error: ImportError) throws(ImportError) {
        guard skipBadRows, error.isRowError else { throw error }
        skipped += 1
        if warnings.count < maxKept { warnings.append(error) }
    }

    /// Adds another importer's counts.
    public mutating func merge(_ other: RowDiagnostics) {
        skipped += other.skipped
        for w in other.warnings where warnings.count < maxKept { warnings.append(w) }
    }
}

/// Progress of a long import: bytes of the current file consumed so far.
public struct ImportProgress: Sendable {
    public var file: String
    public var bytesDone: Int
    public var bytesTotal: Int
    public var rows: Int

    public init(file: String, bytesDone: Int, bytesTotal: Int, rows: Int) {
        self.file = file
        self.bytesDone = bytesDone
        self.bytesTotal = bytesTotal
        self.rows = rows
    }
}

/// Callback receiving progress every few thousand rows.
public typealias ProgressHandler = (ImportProgress) -> Void
