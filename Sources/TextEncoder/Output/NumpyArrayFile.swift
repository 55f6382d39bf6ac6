import Foundation

/// Why an `.npy` file could not be read.
public enum NumpyFormatError: Error, Equatable, CustomStringConvertible {
    /// The file does not start with the `\x93NUMPY` magic and a known version.
    case notNumpy(file: String)
    /// The header dictionary is not the one expected (`detail` says what is wrong).
    case unsupportedHeader(file: String, detail: String)
    /// The data section is shorter than the shape needs.
    case truncated(file: String, expectedBytes: Int, actualBytes: Int)

    public var description: String {
        switch self {
        case let .notNumpy(file): return "\(file): not an .npy file (magic \\x93NUMPY v1/v2/v3 expected at offset 0)"
        case let .unsupportedHeader(file, detail): return "\(file): unsupported .npy header: \(detail)"
        case let .truncated(file, expected, actual):
            return "\(file): .npy data has \(actual) bytes, the shape needs \(expected)"
        }
    }
}

/// The NumPy `.npy` format for a 2-D little-endian float32 C-order matrix.
public enum NumpyArrayFile {
    /// An `.npy` version 1.0 file holding `matrix` as `<f4`, shape `(count, dimension)`.
    public static func encode(_ matrix: EmbeddingMatrix) -> Data {
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(matrix.count), \(matrix.dimension)), }"
        // Magic (6) + version (2) + header length (2) + header, padded with spaces so the data
        // starts on a 64-byte boundary, ending in a newline.
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0])
        let length = UInt16(header.utf8.count)
        data.append(UInt8(length & 0xFF))
        data.append(UInt8(length >> 8))
        data.append(contentsOf: Array(header.utf8))
        let littleEndian = matrix.values.map { $0.bitPattern.littleEndian }
        littleEndian.withUnsafeBufferPointer { data.append($0) }
        return data
    }

    /// Reads a 2-D `<f4` C-order `.npy` file; `file` names it in errors.
    public static func decode(_ data: Data, file: String = "array.npy") throws -> EmbeddingMatrix {
        let bytes = [UInt8](data)
        guard bytes.count >= 10, bytes[0] == 0x93, Array(bytes[1..<6]) == Array("NUMPY".utf8),
              (1...3).contains(bytes[6])
        else { throw NumpyFormatError.notNumpy(file: file) }
        let headerLength: Int
        let headerStart: Int
        if bytes[6] == 1 {
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        } else {
            guard bytes.count >= 12 else { throw NumpyFormatError.notNumpy(file: file) }
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            headerStart = 12
        }
        guard headerStart + headerLength <= bytes.count,
              let header = String(bytes: bytes[headerStart..<(headerStart + headerLength)], encoding: .utf8)
        else { throw NumpyFormatError.unsupportedHeader(file: file, detail: "header runs past the end or is not text") }
        let compact = header.filter { !$0.isWhitespace }
        guard compact.contains("'descr':'<f4'") else {
            throw NumpyFormatError.unsupportedHeader(file: file, detail: "dtype is not '<f4' in \(header)")
        }
        guard compact.contains("'fortran_order':False") else {
            throw NumpyFormatError.unsupportedHeader(file: file, detail: "Fortran order")
        }
        guard let open = compact.range(of: "'shape':("),
              let close = compact[open.upperBound...].firstIndex(of: ")")
        else { throw NumpyFormatError.unsupportedHeader(file: file, detail: "no shape") }
        let dims = compact[open.upperBound..<close].split(separator: ",").compactMap { Int($0) }
        guard dims.count == 2 else {
            throw NumpyFormatError.unsupportedHeader(file: file, detail: "shape is not 2-D")
        }
        let start = headerStart + headerLength
        let expected = dims[0] * dims[1] * 4
        guard bytes.count - start >= expected else {
            throw NumpyFormatError.truncated(file: file, expectedBytes: expected, actualBytes: bytes.count - start)
        }
        var values = [Float](repeating: 0, count: dims[0] * dims[1])
        for i in values.indices {
            let o = start + 4 * i
            let bits = UInt32(bytes[o]) | UInt32(bytes[o + 1]) << 8 | UInt32(bytes[o + 2]) << 16 | UInt32(bytes[o + 3]) << 24
            values[i] = Float(bitPattern: bits)
        }
        return EmbeddingMatrix(count: dims[0], dimension: dims[1], values: values)
    }
}
