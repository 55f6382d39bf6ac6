/// One entry of a safetensors header: where a tensor's bytes are and how to read them.
public struct TensorInfo: Sendable, Equatable {
    /// The tensor's name (the header key).
    public let name: String
    /// The dtype as written in the header (`F32`, `I64`, …).
    public let dtype: String
    /// The shape; empty for a scalar.
    public let shape: [Int]
    /// Byte range relative to the start of the data section (just after the header).
    public let dataOffsets: Range<Int>

    /// Bytes per element of the safetensors dtypes, nil for an unknown dtype.
    public static func elementSize(of dtype: String) -> Int? {
        switch dtype {
        case "BOOL", "U8", "I8", "F8_E4M3", "F8_E5M2": return 1
        case "U16", "I16", "F16", "BF16": return 2
        case "U32", "I32", "F32": return 4
        case "U64", "I64", "F64": return 8
        default: return nil
        }
    }

    /// Number of elements (product of the shape).
    public var elementCount: Int { shape.reduce(1, *) }
}
