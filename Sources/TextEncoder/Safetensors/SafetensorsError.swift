/// Why a safetensors file was rejected. Every case names the file; offsets are in bytes from the
/// start of the file unless a case says otherwise.
public enum SafetensorsError: Error, Equatable, CustomStringConvertible {
    /// The file could not be opened, sized or mapped (`errno` from the failing call).
    case cannotRead(file: String, operation: String, errno: Int32)
    /// The file is shorter than the 8-byte header length.
    case tooShort(file: String, size: Int)
    /// The little-endian header length at offset 0 does not fit in the file.
    case headerLengthOutOfRange(file: String, headerLength: UInt64, fileSize: Int)
    /// The header (bytes `8 ..< 8 + headerLength`) is not a JSON object.
    case headerNotJSON(file: String, detail: String)
    /// A header entry is malformed (missing or mistyped `dtype`, `shape` or `data_offsets`).
    case malformedEntry(file: String, tensor: String, expected: String)
    /// A tensor's dtype is not one this reader knows how to size.
    case unknownDType(file: String, tensor: String, dtype: String)
    /// A tensor's byte range does not match its dtype and shape.
    case sizeMismatch(file: String, tensor: String, expectedBytes: Int, actualBytes: Int)
    /// A tensor's data extends past the end of the file (the file is truncated).
    case dataOutOfRange(file: String, tensor: String, end: Int, fileSize: Int)
    /// Two tensors' byte ranges overlap (offsets relative to the start of the data section).
    case overlapping(file: String, first: String, second: String, offset: Int)
    /// A tensor the model needs is not in the file.
    case missingTensor(file: String, tensor: String)
    /// A tensor has another dtype than the model needs.
    case wrongDType(file: String, tensor: String, expected: String, found: String)
    /// A tensor has another shape than the model needs.
    case wrongShape(file: String, tensor: String, expected: [Int], found: [Int])

    public var description: String {
        switch self {
        case let .cannotRead(file, operation, errno):
            return "\(file): \(operation) failed (errno \(errno))"
        case let .tooShort(file, size):
            return "\(file): \(size) bytes, shorter than the 8-byte safetensors header length"
        case let .headerLengthOutOfRange(file, headerLength, fileSize):
            return "\(file): header length \(headerLength) at offset 0 does not fit in a file of \(fileSize) bytes"
        case let .headerNotJSON(file, detail):
            return "\(file): header at offset 8 is not a JSON object (\(detail))"
        case let .malformedEntry(file, tensor, expected):
            return "\(file): header entry \"\(tensor)\": expected \(expected)"
        case let .unknownDType(file, tensor, dtype):
            return "\(file): tensor \"\(tensor)\" has unknown dtype \(dtype)"
        case let .sizeMismatch(file, tensor, expectedBytes, actualBytes):
            return "\(file): tensor \"\(tensor)\" spans \(actualBytes) bytes, its dtype and shape need \(expectedBytes)"
        case let .dataOutOfRange(file, tensor, end, fileSize):
            return "\(file): tensor \"\(tensor)\" ends at byte \(end), past the end of the file (\(fileSize) bytes): truncated"
        case let .overlapping(file, first, second, offset):
            return "\(file): tensors \"\(first)\" and \"\(second)\" overlap at data offset \(offset)"
        case let .missingTensor(file, tensor):
            return "\(file): tensor \"\(tensor)\" is missing"
        case let .wrongDType(file, tensor, expected, found):
            return "\(file): tensor \"\(tensor)\" has dtype \(found), expected \(expected)"
        case let .wrongShape(file, tensor, expected, found):
            return "\(file): tensor \"\(tensor)\" has shape \(found), expected \(expected)"
        }
    }
}
