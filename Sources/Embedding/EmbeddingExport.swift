/// Identifiers and display labels of a table's rows, in row order (row `i` is id `i`).
public struct ExportNames: Sendable, Equatable {
    /// Stable identifiers (IRIs, or the names of a TSV graph).
    public var identifiers: [String]
    /// Human-readable labels; empty when a row has none.
    public var labels: [String]

    /// `labels` defaults to empty labels.
    public init(identifiers: [String], labels: [String]? = nil) {
        self.identifiers = identifiers
        self.labels = labels ?? [String](repeating: "", count: identifiers.count)
    }

    public var count: Int { identifiers.count }
}

/// Exports of trained vectors for other tools.
///
/// * TSV: one file, header `kind  id  name  label  v0 … v(d−1)`, one row per entity then per
///   relation (`kind` is `entity` or `relation`, `id` the row index, `name` the identifier);
///   floats in shortest round-trip decimal form.
/// * NumPy: `entities.npy` and `relations.npy` (`<f4`, C order, shape `(n, d)`, as `numpy.load`
///   reads them) plus `entities.tsv` / `relations.tsv`, with header `id  name  label` and row `i`
///   describing array row `i`, in a directory.
///
/// Tabs, newlines and backslashes inside names and labels are written as `\t`, `\n`, `\r`, `\\`.
public enum EmbeddingExport {
    /// Writes the TSV export of `model` to `path`. Names must match the table sizes.
    public static func writeTSV(_ model: TransE, entities: ExportNames, relations: ExportNames, to path: String) throws {
        try checkNames(model, entities, relations)
        var out: [UInt8] = []
        out.reserveCapacity((model.entityCount + model.relationCount) * (model.dimension * 12 + 64))
        out.append(contentsOf: Array("kind\tid\tname\tlabel".utf8))
        for j in 0..<model.dimension { out.append(contentsOf: Array("\tv\(j)".utf8)) }
        out.append(0x0A)
        for (kind, table, names) in [("entity", model.entities, entities), ("relation", model.relations, relations)] {
            for i in 0..<table.rows {
                out.append(contentsOf: Array("\(kind)\t\(i)\t\(escapeTSV(names.identifiers[i]))\t\(escapeTSV(names.labels[i]))".utf8))
                let r = table.row(i)
                for j in 0..<model.dimension {
                    out.append(0x09)
                    out.append(contentsOf: Array(r[j].description.utf8))
                }
                out.append(0x0A)
            }
        }
        try AtomicFileWriter.writeAtomically(path: path, bytes: out)
    }

    /// Writes `entities.npy`, `relations.npy`, `entities.tsv`, `relations.tsv` into `directory`
    /// (which must exist).
    public static func writeNumpy(_ model: TransE, entities: ExportNames, relations: ExportNames, directory: String) throws {
        try checkNames(model, entities, relations)
        for (name, table, names) in [("entities", model.entities, entities), ("relations", model.relations, relations)] {
            try AtomicFileWriter.writeAtomically(path: directory + "/\(name).npy", bytes: NumpyArray.encode(table))
            var ids: [UInt8] = Array("id\tname\tlabel\n".utf8)
            for i in 0..<names.count {
                ids.append(contentsOf: Array("\(i)\t\(escapeTSV(names.identifiers[i]))\t\(escapeTSV(names.labels[i]))\n".utf8))
            }
            try AtomicFileWriter.writeAtomically(path: directory + "/\(name).tsv", bytes: ids)
        }
    }

    private static func checkNames(_ model: TransE, _ e: ExportNames, _ r: ExportNames) throws {
        for (kind, names, rows) in [("entity", e, model.entityCount), ("relation", r, model.relationCount)] {
            guard names.identifiers.count == rows else {
                throw EmbeddingFileError.labelCountMismatch(kind: kind, labels: names.identifiers.count, rows: rows)
            }
            guard names.labels.count == rows else {
                throw EmbeddingFileError.labelCountMismatch(kind: kind, labels: names.labels.count, rows: rows)
            }
        }
    }

    /// Tabs and newlines inside labels would break the columns; they become `\t`, `\n`, `\r`, `\\`.
    static func escapeTSV(_ s: String) -> String {
        guard s.contains(where: { $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\\" }) else { return s }
        var out = ""
        for c in s {
            switch c {
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\\": out += "\\\\"
            default: out.append(c)
            }
        }
        return out
    }
}

/// The NumPy `.npy` format (version 1.0) for 2-D little-endian float32 arrays.
public enum NumpyArray {
    /// `.npy` bytes of `table` (shape `(rows, dimension)`, C order, `<f4`).
    public static func encode(_ table: EmbeddingTable) -> [UInt8] {
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(table.rows), \(table.dimension)), }"
        // magic(6) + version(2) + length(2) + header + '\n' must be a multiple of 64.
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var out: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
        out.appendLE(UInt16(header.utf8.count))
        out.append(contentsOf: Array(header.utf8))
        out.reserveCapacity(out.count + table.rows * table.dimension * 4)
        for i in 0..<table.rows {
            let r = table.row(i)
            for j in 0..<table.dimension { out.appendLE(r[j].bitPattern) }
        }
        return out
    }

    /// Parses a 2-D `<f4` C-order `.npy` file into a table. `path` is for error messages.
    public static func decode(_ bytes: [UInt8], path: String) throws -> EmbeddingTable {
        guard bytes.count >= 10 else { throw EmbeddingFileError.truncated(path: path, expectedBytes: 10, actualBytes: bytes.count) }
        guard bytes[0] == 0x93, Array(bytes[1..<6]) == Array("NUMPY".utf8) else {
            throw EmbeddingFileError.badMagic(path: path, found: Array(bytes[0..<min(8, bytes.count)]))
        }
        guard bytes[6] == 1 else { throw EmbeddingFileError.unsupportedVersion(path: path, version: UInt32(bytes[6])) }
        let headerLength = Int(bytes.readLE(UInt16.self, at: 8))
        guard bytes.count >= 10 + headerLength else {
            throw EmbeddingFileError.truncated(path: path, expectedBytes: 10 + headerLength, actualBytes: bytes.count)
        }
        let header = String(decoding: bytes[10..<(10 + headerLength)], as: UTF8.self)
        guard header.contains("'descr': '<f4'") else { throw EmbeddingFileError.invalidHeader(path: path, field: "descr", byteOffset: 10, value: 0) }
        guard header.contains("'fortran_order': False") else {
            throw EmbeddingFileError.invalidHeader(path: path, field: "fortran_order", byteOffset: 10, value: 1)
        }
        guard let open = header.firstIndex(of: "("), let close = header[open...].firstIndex(of: ")") else {
            throw EmbeddingFileError.invalidHeader(path: path, field: "shape", byteOffset: 10, value: 0)
        }
        let dims = header[header.index(after: open)..<close].split(separator: ",").compactMap {
            Int($0.trimmingCharacters(in: " "))
        }
        guard dims.count == 2, dims[1] > 0 else {
            throw EmbeddingFileError.invalidHeader(path: path, field: "shape", byteOffset: 10, value: UInt64(dims.count))
        }
        let start = 10 + headerLength
        let expected = start + dims[0] * dims[1] * 4
        guard bytes.count >= expected else { throw EmbeddingFileError.truncated(path: path, expectedBytes: expected, actualBytes: bytes.count) }
        let table = EmbeddingTable(rows: dims[0], dimension: dims[1])
        var offset = start
        for i in 0..<dims[0] {
            let r = table.row(i)
            for j in 0..<dims[1] {
                r[j] = Float(bitPattern: bytes.readLE(UInt32.self, at: offset))
                offset += 4
            }
        }
        return table
    }

    /// Reads a `.npy` file written by ``encode(_:)`` (or numpy.save of a float32 matrix).
    public static func load(from path: String) throws -> EmbeddingTable {
        try decode(try AtomicFileWriter.readAll(path: path), path: path)
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: Character) -> Substring {
        var s = self
        while s.first == set { s.removeFirst() }
        while s.last == set { s.removeLast() }
        return s
    }
}
