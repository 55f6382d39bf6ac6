import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A safetensors file, memory-mapped read-only and validated on open.
///
/// Layout: an unsigned 64-bit little-endian header length `n`, then `n` bytes of JSON mapping each
/// tensor name to `{"dtype", "shape", "data_offsets": [begin, end]}` (offsets relative to byte
/// `8 + n`), then the data. Opening checks that the header is a JSON object, that every entry is
/// well-formed with a known dtype, that each byte range matches its dtype and shape, lies inside
/// the file and overlaps no other. Tensor data is read little-endian (the host order on every
/// platform Swift supports here).
public final class SafetensorsFile {
    /// The path the file was opened from (used in error messages).
    public let path: String
    /// The tensors, by name (`__metadata__` excluded).
    public let tensors: [String: TensorInfo]
    /// The `__metadata__` string map, empty when absent.
    public let metadata: [String: String]

    private let base: UnsafeRawPointer
    private let size: Int
    private let dataStart: Int

    /// Maps and validates the file at `path`.
    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw SafetensorsError.cannotRead(file: path, operation: "open", errno: errno) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw SafetensorsError.cannotRead(file: path, operation: "fstat", errno: errno) }
        let size = Int(st.st_size)
        guard size >= 8 else { throw SafetensorsError.tooShort(file: path, size: size) }
        guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), mapped != MAP_FAILED else {
            throw SafetensorsError.cannotRead(file: path, operation: "mmap", errno: errno)
        }
        let base = UnsafeRawPointer(mapped)
        do {
            let parsed = try Self.parseHeader(base: base, size: size, path: path)
            self.base = base
            self.size = size
            self.dataStart = parsed.dataStart
            self.tensors = parsed.tensors
            self.metadata = parsed.metadata
        } catch {
            munmap(mapped, size)
            throw error
        }
    }

    deinit {
        munmap(UnsafeMutableRawPointer(mutating: base), size)
    }

    /// The named tensor's values as float32, after checking its dtype is `F32` and its shape is `shape`.
    ///
    /// The pages that lie wholly inside the tensor are released after the copy (`MADV_DONTNEED`;
    /// the mapping is private and read-only, so a later read faults them in again from the file):
    /// loading a model then never holds the whole file and the whole copy in memory at once.
    public func floats(_ name: String, shape: [Int]) throws -> [Float] {
        guard let info = tensors[name] else { throw SafetensorsError.missingTensor(file: path, tensor: name) }
        guard info.dtype == "F32" else {
            throw SafetensorsError.wrongDType(file: path, tensor: name, expected: "F32", found: info.dtype)
        }
        guard info.shape == shape else {
            throw SafetensorsError.wrongShape(file: path, tensor: name, expected: shape, found: info.shape)
        }
        let count = info.elementCount
        let source = base + dataStart + info.dataOffsets.lowerBound
        // The data section need not be 4-byte aligned, so copy bytes rather than rebinding.
        let values = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            memcpy(buffer.baseAddress!, source, count * MemoryLayout<Float>.size)
            initialized = count
        }
        release(from: dataStart + info.dataOffsets.lowerBound, to: dataStart + info.dataOffsets.upperBound)
        return values
    }

    /// Drops the resident pages wholly inside bytes `start ..< end` of the mapping.
    private func release(from start: Int, to end: Int) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        guard page > 0 else { return }
        let first = (start + page - 1) / page * page
        let last = end / page * page
        if last > first {
            _ = madvise(UnsafeMutableRawPointer(mutating: base + first), last - first, Int32(MADV_DONTNEED))
        }
    }

    private struct ParsedHeader {
        var dataStart: Int
        var tensors: [String: TensorInfo]
        var metadata: [String: String]
    }

    private static func parseHeader(base: UnsafeRawPointer, size: Int, path: String) throws -> ParsedHeader {
        var lengthLE: UInt64 = 0
        withUnsafeMutableBytes(of: &lengthLE) { $0.copyMemory(from: UnsafeRawBufferPointer(start: base, count: 8)) }
        let headerLength = UInt64(littleEndian: lengthLE)
        guard headerLength <= UInt64(size - 8) else {
            throw SafetensorsError.headerLengthOutOfRange(file: path, headerLength: headerLength, fileSize: size)
        }
        let dataStart = 8 + Int(headerLength)
        let headerBytes = Data(bytes: base + 8, count: Int(headerLength))
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: headerBytes)
        } catch {
            throw SafetensorsError.headerNotJSON(file: path, detail: "\(headerLength) bytes do not parse as JSON")
        }
        guard let object = json as? [String: Any] else {
            throw SafetensorsError.headerNotJSON(file: path, detail: "top level is not an object")
        }
        var tensors: [String: TensorInfo] = [:]
        var metadata: [String: String] = [:]
        let dataSize = size - dataStart
        for (name, value) in object {
            if name == "__metadata__" {
                guard let map = value as? [String: Any] else {
                    throw SafetensorsError.malformedEntry(file: path, tensor: name, expected: "an object of strings")
                }
                for (k, v) in map { metadata[k] = v as? String ?? "\(v)" }
                continue
            }
            let info = try parseEntry(name: name, value: value, path: path)
            guard let elementSize = TensorInfo.elementSize(of: info.dtype) else {
                throw SafetensorsError.unknownDType(file: path, tensor: name, dtype: info.dtype)
            }
            let expected = info.elementCount * elementSize
            guard info.dataOffsets.count == expected else {
                throw SafetensorsError.sizeMismatch(
                    file: path, tensor: name, expectedBytes: expected, actualBytes: info.dataOffsets.count)
            }
            guard info.dataOffsets.upperBound <= dataSize else {
                throw SafetensorsError.dataOutOfRange(
                    file: path, tensor: name, end: dataStart + info.dataOffsets.upperBound, fileSize: size)
            }
            tensors[name] = info
        }
        // Non-overlap: sort by start; each range must end before the next begins (empty ranges overlap nothing).
        let ordered = tensors.values.filter { !$0.dataOffsets.isEmpty }.sorted {
            ($0.dataOffsets.lowerBound, $0.name) < ($1.dataOffsets.lowerBound, $1.name)
        }
        for (a, b) in zip(ordered, ordered.dropFirst()) where b.dataOffsets.lowerBound < a.dataOffsets.upperBound {
            throw SafetensorsError.overlapping(file: path, first: a.name, second: b.name, offset: b.dataOffsets.lowerBound)
        }
        return ParsedHeader(dataStart: dataStart, tensors: tensors, metadata: metadata)
    }

    private static func parseEntry(name: String, value: Any, path: String) throws -> TensorInfo {
        guard let entry = value as? [String: Any] else {
            throw SafetensorsError.malformedEntry(file: path, tensor: name, expected: "an object")
        }
        guard let dtype = entry["dtype"] as? String else {
            throw SafetensorsError.malformedEntry(file: path, tensor: name, expected: "\"dtype\" as a string")
        }
        guard let shapeValues = entry["shape"] as? [Any],
              let shape = integers(shapeValues), shape.allSatisfy({ $0 >= 0 })
        else {
            throw SafetensorsError.malformedEntry(file: path, tensor: name, expected: "\"shape\" as an array of non-negative integers")
        }
        guard let offsetValues = entry["data_offsets"] as? [Any], let offsets = integers(offsetValues),
              offsets.count == 2, offsets[0] >= 0, offsets[0] <= offsets[1]
        else {
            throw SafetensorsError.malformedEntry(file: path, tensor: name, expected: "\"data_offsets\" as [begin, end] with 0 ≤ begin ≤ end")
        }
        return TensorInfo(name: name, dtype: dtype, shape: shape, dataOffsets: offsets[0]..<offsets[1])
    }

    /// The values as integers, nil when any is not an exact integer.
    private static func integers(_ values: [Any]) -> [Int]? {
        var result: [Int] = []
        result.reserveCapacity(values.count)
        for v in values {
            guard let i = v as? Int else { return nil }
            result.append(i)
        }
        return result
    }
}
