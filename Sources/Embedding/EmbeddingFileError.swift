/// Why a model file could not be written or read.
public enum EmbeddingFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A system call failed (`operation` is e.g. "open", "write", "fsync", "rename").
    case io(path: String, operation: String, errno: Int32)
    /// The file ends before `expected` bytes (header or payload).
    case truncated(path: String, expectedBytes: Int, actualBytes: Int)
    /// The first 8 bytes are not the format's magic.
    case badMagic(path: String, found: [UInt8])
    /// A format version this build cannot read.
    case unsupportedVersion(path: String, version: UInt32)
    /// A header field holds an impossible value (byte offset of the field given).
    case invalidHeader(path: String, field: String, byteOffset: Int, value: UInt64)
    /// The payload's FNV-1a checksum differs from the header's.
    case checksumMismatch(path: String, expected: UInt64, actual: UInt64)
    /// `training.json` is unreadable or disagrees with the vectors.
    case invalidRecord(path: String, reason: String)
    /// Export labels do not match the table size.
    case labelCountMismatch(kind: String, labels: Int, rows: Int)

    public var description: String {
        switch self {
        case let .io(path, op, errno): return "\(path): \(op) failed (errno \(errno))"
        case let .truncated(path, e, a): return "\(path): truncated, expected at least \(e) bytes, found \(a)"
        case let .badMagic(path, found): return "\(path): not a kgrec embedding file (magic \(found))"
        case let .unsupportedVersion(path, v): return "\(path): unsupported embedding file version \(v)"
        case let .invalidHeader(path, f, off, v): return "\(path): byte \(off): invalid header field \(f) = \(v)"
        case let .checksumMismatch(path, e, a): return "\(path): checksum mismatch (header \(e), data \(a)) — file is corrupt"
        case let .invalidRecord(path, reason): return "\(path): invalid training record: \(reason)"
        case let .labelCountMismatch(kind, l, r): return "\(l) \(kind) labels for \(r) rows"
        }
    }
}
