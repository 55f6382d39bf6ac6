#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Crash-safe file writing: bytes go to a temporary name in the same directory, are flushed to
/// disk, then renamed over the destination, so a reader sees either the old or the new file.
enum AtomicFileWriter {
    static func writeAtomically(path: String, _ produce: (inout [UInt8]) throws -> Void) throws {
        var bytes: [UInt8] = []
        try produce(&bytes)
        try writeAtomically(path: path, bytes: bytes)
    }

    static func writeAtomically(path: String, bytes: [UInt8]) throws {
        let temp = path + ".tmp-\(getpid())"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw EmbeddingFileError.io(path: temp, operation: "open", errno: errno) }
        var ok = false
        defer {
            if !ok { close(fd); unlink(temp) }
        }
        try bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw EmbeddingFileError.io(path: temp, operation: "write", errno: errno)
                }
                offset += n
            }
        }
        guard fsync(fd) == 0 else { throw EmbeddingFileError.io(path: temp, operation: "fsync", errno: errno) }
        ok = true
        close(fd)
        guard rename(temp, path) == 0 else {
            let e = errno
            unlink(temp)
            throw EmbeddingFileError.io(path: path, operation: "rename", errno: e)
        }
    }

    static func readAll(path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw EmbeddingFileError.io(path: path, operation: "open", errno: errno) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw EmbeddingFileError.io(path: path, operation: "stat", errno: errno) }
        let size = Int(st.st_size)
        var bytes = [UInt8](repeating: 0, count: size)
        try bytes.withUnsafeMutableBytes { raw in
            var offset = 0
            while offset < size {
                let n = read(fd, raw.baseAddress! + offset, size - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw EmbeddingFileError.io(path: path, operation: "read", errno: errno)
                }
                if n == 0 { break }
                offset += n
            }
        }
        return bytes
    }
}

/// Little-endian append/read helpers.
extension Array where Element == UInt8 {
    mutating func appendLE<T: FixedWidthInteger>(_ v: T) {
        Swift.withUnsafeBytes(of: v.littleEndian) { append(contentsOf: $0) }
    }

    func readLE<T: FixedWidthInteger>(_: T.Type, at offset: Int) -> T {
        var v: T = 0
        Swift.withUnsafeMutableBytes(of: &v) { dst in
            for i in 0..<MemoryLayout<T>.size { dst[i] = self[offset + i] }
        }
        return T(littleEndian: v)
    }
}

/// 64-bit FNV-1a over bytes.
enum FNV1a64 {
    static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0xCBF2_9CE4_8422_2325) -> UInt64 {
        var h = seed
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01B3
        }
        return h
    }
}
