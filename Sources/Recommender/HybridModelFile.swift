import KnowledgeGraph

/// Why a saved hybrid model could not be read.
public enum HybridModelFileError: Error, Sendable, Equatable, CustomStringConvertible {
    case file(FileError)
    case notAModel(path: String)
    case unsupportedVersion(path: String, found: UInt32, supported: UInt32)
    case truncated(path: String, offset: Int)
    case checksumMismatch(path: String)
    case invalid(path: String, reason: String)

    public var description: String {
        switch self {
        case let .file(e): return "\(e)"
        case let .notAModel(p): return "\(p): not a kgrec hybrid model file (bad magic)"
        case let .unsupportedVersion(p, f, s): return "\(p): model file version \(f), this build reads version \(s); retrain with `kgrec train`"
        case let .truncated(p, o): return "\(p): file ends early (at byte \(o))"
        case let .checksumMismatch(p): return "\(p): checksum mismatch (the file is damaged)"
        case let .invalid(p, r): return "\(p): \(r)"
        }
    }
}

/// The on-disk form of a ``HybridRecommender`` (`hybrid.kgm` in a registered model's directory):
/// little-endian, `KGRECHYB`, version, counts, the item × item matrix, the users' training items
/// (CSR), the blend weights, the optional joint embedding (user vectors, item vectors, item
/// biases), and a trailing 64-bit checksum of everything before it. Written atomically.
public enum HybridModelFile {
    public static let magic: [UInt8] = Array("KGRECHYB".utf8)
    public static let version: UInt32 = 1
    public static let fileName = "hybrid.kgm"

    public static func encode(_ m: HybridRecommender) -> [UInt8] {
        var out = ByteWriter()
        out.bytes += magic
        out.put(version)
        let x = m.interactions
        out.put(UInt64(m.itemCount)); out.put(UInt64(x.userCount)); out.put(UInt64(x.count))
        out.put(m.matrixWeight); out.put(m.embeddingWeight)
        for i in 0..<m.itemCount { for j in 0..<m.itemCount { out.put(m.matrix[i * m.stride + j]) } }
        for u in 0..<x.userCount { out.put(UInt32(x.degree(user: u))) }
        for i in x.userItems { out.put(i) }
        if let e = m.embedding {
            out.put(UInt8(1)); out.put(UInt64(e.dimension)); out.put(UInt64(e.userCount))
            for r in 0..<e.userCount { for j in 0..<e.dimension { out.put(e.userVectors[r * e.stride + j]) } }
            for r in 0..<e.itemCount { for x in e.itemVector(r) { out.put(x) } }
            for b in e.itemBias.prefix(e.itemCount) { out.put(b) }
        } else {
            out.put(UInt8(0))
        }
        out.put(Checksum.of(out.bytes))
        return out.bytes
    }

    public static func decode(_ bytes: [UInt8], path: String) throws(HybridModelFileError) -> HybridRecommender {
        var r = ByteReader(bytes: bytes, path: path)
        guard bytes.count >= magic.count + 12, Array(bytes[0..<magic.count]) == magic else { throw .notAModel(path: path) }
        let body = bytes.count - 8
        let stored = bytes[body...].withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
        guard Checksum.of(Array(bytes[0..<body])) == UInt64(littleEndian: stored) else { throw .checksumMismatch(path: path) }
        r.offset = magic.count
        let v: UInt32 = try r.get()
        guard v == version else { throw .unsupportedVersion(path: path, found: v, supported: version) }
        let n = Int(try r.get() as UInt64), users = Int(try r.get() as UInt64), positives = Int(try r.get() as UInt64)
        guard n > 0, n < 1 << 20, users < 1 << 31, positives < 1 << 31 else { throw .invalid(path: path, reason: "implausible counts") }
        let mw: Float = try r.get(), ew: Float = try r.get()
        let stride = (n + 7) & ~7
        var matrix = [Float](repeating: 0, count: n * stride)
        for i in 0..<n { for j in 0..<n { matrix[i * stride + j] = try r.get() } }
        var degrees = [Int](repeating: 0, count: users)
        for u in 0..<users { degrees[u] = Int(try r.get() as UInt32) }
        guard degrees.reduce(0, +) == positives else { throw .invalid(path: path, reason: "user degrees do not add up to the positives") }
        var pairs: [(user: Int32, item: Int32)] = []
        pairs.reserveCapacity(positives)
        for u in 0..<users {
            for _ in 0..<degrees[u] {
                let i: Int32 = try r.get()
                guard i >= 0, Int(i) < n else { throw .invalid(path: path, reason: "item id \(i) out of range") }
                pairs.append((Int32(u), i))
            }
        }
        var embedding: DotProductScorer? = nil
        if (try r.get() as UInt8) == 1 {
            let d = Int(try r.get() as UInt64), eu = Int(try r.get() as UInt64)
            guard d > 0, d < 1 << 16, eu < 1 << 31 else { throw .invalid(path: path, reason: "implausible embedding shape") }
            var uv = [Float](repeating: 0, count: eu * d), iv = [Float](repeating: 0, count: n * d), b = [Float](repeating: 0, count: n)
            for k in uv.indices { uv[k] = try r.get() }
            for k in iv.indices { iv[k] = try r.get() }
            for k in b.indices { b[k] = try r.get() }
            embedding = DotProductScorer(dimension: d, users: uv, items: iv, itemBias: b)
        }
        guard r.offset == body else { throw .invalid(path: path, reason: "\(body - r.offset) unexpected bytes before the checksum") }
        return HybridRecommender(
            matrix: matrix, interactions: InteractionMatrix(userCount: users, itemCount: n, pairs: pairs),
            embedding: embedding, matrixWeight: mw, embeddingWeight: ew)
    }

    /// Writes `model` to `directory/hybrid.kgm` atomically.
    public static func save(_ model: HybridRecommender, directory: String) throws(HybridModelFileError) {
        do { try AtomicFile.write(encode(model), to: directory + "/" + fileName) } catch { throw .file(error) }
    }

    /// Reads `directory/hybrid.kgm`.
    public static func load(directory: String) throws(HybridModelFileError) -> HybridRecommender {
        let path = directory + "/" + fileName
        let bytes: [UInt8]
        do { bytes = try AtomicFile.read(path) } catch { throw .file(error) }
        return try decode(bytes, path: path)
    }
}

private struct ByteWriter {
    var bytes: [UInt8] = []
    mutating func put<T: FixedWidthInteger>(_ v: T) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
    mutating func put(_ v: Float) { put(v.bitPattern) }
}

private struct ByteReader {
    let bytes: [UInt8]
    let path: String
    var offset = 0
    mutating func get<T: FixedWidthInteger>() throws(HybridModelFileError) -> T {
        let size = MemoryLayout<T>.size
        guard offset + size <= bytes.count - 8 else { throw .truncated(path: path, offset: offset) }
        let v = bytes[offset..<(offset + size)].withUnsafeBytes { $0.loadUnaligned(as: T.self) }
        offset += size
        return T(littleEndian: v)
    }
    mutating func get() throws(HybridModelFileError) -> Float { Float(bitPattern: try get() as UInt32) }
}
