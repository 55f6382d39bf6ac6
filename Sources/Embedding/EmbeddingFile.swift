/// The binary model file: a TransE model's entity and relation vectors with a self-describing header.
///
/// Layout (all little-endian), header 64 bytes:
///
/// | offset | size | field |
/// |---|---|---|
/// | 0 | 8 | magic `KGRECEMB` |
/// | 8 | 4 | format version (1) |
/// | 12 | 4 | distance: 1 = L1, 2 = L2 |
/// | 16 | 4 | dimension d |
/// | 20 | 4 | reserved (0) |
/// | 24 | 8 | entity count |
/// | 32 | 8 | relation count |
/// | 40 | 8 | FNV-1a 64 checksum of the payload |
/// | 48 | 16 | reserved (0) |
///
/// Payload: entity vectors, then relation vectors, row-major `float32`, `d` values per row (no padding).
/// Files are written atomically (temporary name, fsync, rename).
public enum EmbeddingFile {
    public static let magic: [UInt8] = Array("KGRECEMB".utf8)
    public static let version: UInt32 = 1
    public static let headerSize = 64

    /// Serialises `model` into the file format.
    public static func encode(_ model: TransE) -> [UInt8] {
        let d = model.dimension
        var payload: [UInt8] = []
        payload.reserveCapacity((model.entityCount + model.relationCount) * d * 4)
        for table in [model.entities, model.relations] {
            for i in 0..<table.rows {
                let r = table.row(i)
                for j in 0..<d { payload.appendLE(r[j].bitPattern) }
            }
        }
        let checksum = payload.withUnsafeBytes { FNV1a64.hash($0) }
        var out: [UInt8] = magic
        out.reserveCapacity(headerSize + payload.count)
        out.appendLE(version)
        out.appendLE(UInt32(model.distance == .l1 ? 1 : 2))
        out.appendLE(UInt32(d))
        out.appendLE(UInt32(0))
        out.appendLE(UInt64(model.entityCount))
        out.appendLE(UInt64(model.relationCount))
        out.appendLE(checksum)
        out.append(contentsOf: [UInt8](repeating: 0, count: headerSize - out.count))
        out.append(contentsOf: payload)
        return out
    }

    /// Parses the file format; `path` is only used in error messages.
    public static func decode(_ bytes: [UInt8], path: String) throws -> TransE {
        guard bytes.count >= headerSize else {
            throw EmbeddingFileError.truncated(path: path, expectedBytes: headerSize, actualBytes: bytes.count)
        }
        guard Array(bytes[0..<8]) == magic else { throw EmbeddingFileError.badMagic(path: path, found: Array(bytes[0..<8])) }
        let v = bytes.readLE(UInt32.self, at: 8)
        guard v == version else { throw EmbeddingFileError.unsupportedVersion(path: path, version: v) }
        let distance: Distance
        switch bytes.readLE(UInt32.self, at: 12) {
        case 1: distance = .l1
        case 2: distance = .l2
        case let other: throw EmbeddingFileError.invalidHeader(path: path, field: "distance", byteOffset: 12, value: UInt64(other))
        }
        let d = Int(bytes.readLE(UInt32.self, at: 16))
        guard d > 0 else { throw EmbeddingFileError.invalidHeader(path: path, field: "dimension", byteOffset: 16, value: 0) }
        let ne = bytes.readLE(UInt64.self, at: 24), nr = bytes.readLE(UInt64.self, at: 32)
        let limit = UInt64(Int32.max)
        guard ne <= limit else { throw EmbeddingFileError.invalidHeader(path: path, field: "entityCount", byteOffset: 24, value: ne) }
        guard nr <= limit else { throw EmbeddingFileError.invalidHeader(path: path, field: "relationCount", byteOffset: 32, value: nr) }
        let expected = headerSize + (Int(ne) + Int(nr)) * d * 4
        guard bytes.count >= expected else {
            throw EmbeddingFileError.truncated(path: path, expectedBytes: expected, actualBytes: bytes.count)
        }
        let stored = bytes.readLE(UInt64.self, at: 40)
        let actual = bytes.withUnsafeBytes { FNV1a64.hash(UnsafeRawBufferPointer(rebasing: $0[headerSize..<expected])) }
        guard stored == actual else { throw EmbeddingFileError.checksumMismatch(path: path, expected: stored, actual: actual) }
        let entities = EmbeddingTable(rows: Int(ne), dimension: d)
        let relations = EmbeddingTable(rows: Int(nr), dimension: d)
        var offset = headerSize
        for table in [entities, relations] {
            for i in 0..<table.rows {
                let r = table.row(i)
                for j in 0..<d {
                    r[j] = Float(bitPattern: bytes.readLE(UInt32.self, at: offset))
                    offset += 4
                }
            }
        }
        return TransE(entities: entities, relations: relations, distance: distance)
    }

    /// Writes `model` to `path` atomically.
    public static func save(_ model: TransE, to path: String) throws {
        try AtomicFileWriter.writeAtomically(path: path, bytes: encode(model))
    }

    /// Reads a model written by ``save(_:to:)``, verifying header and checksum.
    public static func load(from path: String) throws -> TransE {
        try decode(try AtomicFileWriter.readAll(path: path), path: path)
    }
}
