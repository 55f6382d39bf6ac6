/// The binary snapshot of a ``KnowledgeGraph``.
///
/// Layout (all integers little-endian):
/// ```
/// 0   magic         8 bytes "KGRECSR\0"
/// 8   version       UInt32  (``formatVersion``)
/// 12  reserved      UInt32  (0)
/// 16  nodes         UInt64
/// 24  relations     UInt64
/// 32  edges         UInt64
/// 40  entityBytes   UInt64  (UTF-8 bytes of all entity names)
/// 48  relationBytes UInt64
/// 56  entitySlots   UInt64  (size of the entity name index)
/// 64  relationSlots UInt64
/// 72  checksum      UInt64  (``Checksum`` of every byte after the 80-byte header)
/// 80  body: outOffsets [UInt32 × (nodes+1)], outTargets [Int32 × edges],
///     inOffsets [UInt32 × (nodes+1)], inSources [Int32 × edges], inverse [Int32 × relations],
///     entity name ends [UInt32 × nodes], relation name ends [UInt32 × relations],
///     entity index [Int32 × entitySlots], relation index [Int32 × relationSlots],
///     outRelations [UInt16 × edges], inRelations [UInt16 × edges],
///     entity names (UTF-8), relation names (UTF-8)
/// ```
/// The name indexes are the ``Interner`` hash tables, stored so that loading
/// re-hashes nothing. A snapshot is read with one read of the whole file and
/// checked (magic, version, size, checksum, graph invariants) before use.
public enum GraphSnapshot {
    /// The 8-byte magic at the start of every snapshot.
    public static let magic: [UInt8] = Array("KGRECSR".utf8) + [0]
    /// The format version this build writes and reads.
    public static let formatVersion: UInt32 = 1
    /// Size of the fixed header.
    public static let headerSize = 80

    /// Serialises `kg`.
    public static func encode(_ kg: KnowledgeGraph) -> [UInt8] {
        let g = kg.graph
        let en = kg.entities, rn = kg.relations
        var body = [UInt8]()
        body.reserveCapacity(g.memoryBytes + kg.inverse.count * 4 + en.memoryBytes + rn.memoryBytes + 64)
        append(g.outOffsets, to: &body)
        append(g.outTargets, to: &body)
        append(g.inOffsets, to: &body)
        append(g.inSources, to: &body)
        append(kg.inverse, to: &body)
        append(en.ends, to: &body)
        append(rn.ends, to: &body)
        append(en.slots, to: &body)
        append(rn.slots, to: &body)
        append(g.outRelations, to: &body)
        append(g.inRelations, to: &body)
        body.append(contentsOf: en.bytes)
        body.append(contentsOf: rn.bytes)

        var out = [UInt8]()
        out.reserveCapacity(headerSize + body.count)
        out.append(contentsOf: magic)
        appendScalar(formatVersion, to: &out)
        appendScalar(UInt32(0), to: &out)
        appendScalar(UInt64(g.nodeCount), to: &out)
        appendScalar(UInt64(g.relationCount), to: &out)
        appendScalar(UInt64(g.edgeCount), to: &out)
        appendScalar(UInt64(en.bytes.count), to: &out)
        appendScalar(UInt64(rn.bytes.count), to: &out)
        appendScalar(UInt64(en.slots.count), to: &out)
        appendScalar(UInt64(rn.slots.count), to: &out)
        appendScalar(Checksum.of(body), to: &out)
        out.append(contentsOf: body)
        return out
    }

    /// The checksum stored in an encoded snapshot's header (no validation).
    public static func storedChecksum(_ bytes: [UInt8]) -> UInt64? {
        guard bytes.count >= headerSize else { return nil }
        return bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: 72, as: UInt64.self)) }
    }

    /// Parses and validates a snapshot. `path` is only used in error messages.
    public static func decode(_ bytes: [UInt8], path: String) throws(SnapshotError) -> KnowledgeGraph {
        guard bytes.count >= 8, Array(bytes[0..<8]) == magic else { throw .notASnapshot(path: path) }
        guard bytes.count >= headerSize else { throw .truncated(path: path, expected: headerSize, actual: bytes.count) }
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(SnapshotError) -> KnowledgeGraph in try decodeBody(raw, path: path) }
        }
        return try result.get()
    }

    private static func decodeBody(_ raw: UnsafeRawBufferPointer, path: String) throws(SnapshotError) -> KnowledgeGraph {
        do {
            func u32(_ o: Int) -> UInt32 { UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt32.self)) }
            func u64(_ o: Int) -> UInt64 { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt64.self)) }
            let version = u32(8)
            guard version == formatVersion else {
                throw .unsupportedVersion(path: path, found: version, supported: formatVersion)
            }
            let limit = UInt64(Int32.max)
            let n64 = u64(16), r64 = u64(24), e64 = u64(32), eb64 = u64(40), rb64 = u64(48), es64 = u64(56), rs64 = u64(64)
            guard n64 < limit, r64 < limit, e64 < UInt64(UInt32.max), eb64 < UInt64(UInt32.max), rb64 < UInt64(UInt32.max),
                  es64 < limit, rs64 < limit
            else { throw .corrupt(path: path, reason: "header counts out of range") }
            let n = Int(n64), r = Int(r64), e = Int(e64), eb = Int(eb64), rb = Int(rb64), es = Int(es64), rs = Int(rs64)
            let expected = headerSize + (n + 1) * 4 * 2 + e * 4 * 2 + r * 4 + n * 4 + r * 4 + es * 4 + rs * 4 + e * 2 * 2 + eb + rb
            guard raw.count == expected else { throw .truncated(path: path, expected: expected, actual: raw.count) }
            let body = UnsafeRawBufferPointer(rebasing: raw[headerSize...])
            let stored = u64(72), computed = Checksum.of(body)
            guard stored == computed else { throw .checksumMismatch(path: path, stored: stored, computed: computed) }

            var offset = headerSize
            func take<T: FixedWidthInteger>(_ count: Int, _: T.Type) -> [T] {
                let a = [T](unsafeUninitializedCapacity: count) { buf, initialized in
                    let dst = UnsafeMutableRawBufferPointer(buf)
                    dst.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + count * MemoryLayout<T>.size)]))
                    initialized = count
                }
                offset += count * MemoryLayout<T>.size
                #if _endian(little)
                return a
                #else
                return a.map { T(littleEndian: $0) }
                #endif
            }
            let outOffsets = take(n + 1, UInt32.self)
            let outTargets = take(e, Int32.self)
            let inOffsets = take(n + 1, UInt32.self)
            let inSources = take(e, Int32.self)
            let inverse = take(r, Int32.self)
            let entityEnds = take(n, UInt32.self)
            let relationEnds = take(r, UInt32.self)
            let entitySlots = take(es, Int32.self)
            let relationSlots = take(rs, Int32.self)
            let outRelations = take(e, UInt16.self)
            let inRelations = take(e, UInt16.self)
            let entityBytes = take(eb, UInt8.self)
            let relationBytes = take(rb, UInt8.self)
            do {
                let graph = try CSRGraph(
                    nodeCount: n, relationCount: r,
                    outOffsets: outOffsets, outTargets: outTargets, outRelations: outRelations,
                    inOffsets: inOffsets, inSources: inSources, inRelations: inRelations)
                return try KnowledgeGraph(
                    entities: try Interner(bytes: entityBytes, ends: entityEnds, slots: entitySlots),
                    relations: try Interner(bytes: relationBytes, ends: relationEnds, slots: relationSlots),
                    graph: graph, inverse: inverse)
            } catch let error as GraphError {
                throw .corrupt(path: path, reason: error.description)
            } catch let error as InternerError {
                throw .corrupt(path: path, reason: error.description)
            } catch {
                throw .corrupt(path: path, reason: "\(error)")
            }
        }
    }

    /// Writes `kg` to `path` atomically; returns the checksum written.
    @discardableResult
    public static func write(_ kg: KnowledgeGraph, to path: String) throws(SnapshotError) -> UInt64 {
        let bytes = encode(kg)
        do { try AtomicFile.write(bytes, to: path) } catch { throw .io(error) }
        return storedChecksum(bytes)!
    }

    /// Reads and validates the snapshot at `path` with one whole-file read.
    public static func read(from path: String) throws(SnapshotError) -> (graph: KnowledgeGraph, checksum: UInt64) {
        let bytes: [UInt8]
        do { bytes = try AtomicFile.read(path) } catch { throw .io(error) }
        let kg = try decode(bytes, path: path)
        return (kg, storedChecksum(bytes)!)
    }

    private static func append<T: FixedWidthInteger>(_ values: [T], to out: inout [UInt8]) {
        values.withUnsafeBufferPointer { buf in
            #if _endian(little)
            out.append(contentsOf: UnsafeRawBufferPointer(buf))
            #else
            for v in buf { appendScalar(v, to: &out) }
            #endif
        }
    }

    private static func appendScalar<T: FixedWidthInteger>(_ v: T, to out: inout [UInt8]) {
        withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) }
    }
}

/// Why a graph snapshot could not be loaded.
public enum SnapshotError: Error, Sendable, CustomStringConvertible {
    /// The file does not start with the snapshot magic.
    case notASnapshot(path: String)
    /// The file was written by another format version; it is never guessed at.
    case unsupportedVersion(path: String, found: UInt32, supported: UInt32)
    /// The file is shorter or longer than its header says.
    case truncated(path: String, expected: Int, actual: Int)
    /// The body does not match the checksum in the header.
    case checksumMismatch(path: String, stored: UInt64, computed: UInt64)
    /// The content is structurally invalid.
    case corrupt(path: String, reason: String)
    /// Reading or writing failed.
    case io(FileError)

    public var description: String {
        switch self {
        case .notASnapshot(let p): return "\(p): not a kgrec graph snapshot (bad magic)"
        case .unsupportedVersion(let p, let found, let supported):
            let age = found < supported ? "an older" : "a newer"
            return "\(p): graph snapshot format version \(found) was written by \(age) kgrec; this build reads only version \(supported) (re-import the data into a new store)"
        case .truncated(let p, let e, let a): return "\(p): snapshot is \(a) bytes, its header says \(e) (truncated or corrupt)"
        case .checksumMismatch(let p, let s, let c):
            return "\(p): snapshot checksum mismatch (header \(String(s, radix: 16)), content \(String(c, radix: 16))): the file is corrupt"
        case .corrupt(let p, let r): return "\(p): corrupt snapshot: \(r)"
        case .io(let e): return e.description
        }
    }
}
