#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reads and crash-safe writes.
///
/// A write goes to a temporary file in the same directory, is flushed with
/// `fsync`, and is then renamed over the target, so a reader sees either the
/// old file or the complete new one, never a torn one.
public enum AtomicFile {
    /// Writes `bytes` to `path` atomically (temp file, fsync, rename, fsync of the directory).
    public static func write(_ bytes: [UInt8], to path: String) throws(FileError) {
        let tmp = "\(path).tmp-\(getpid())"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw .system(path: tmp, operation: "create", errno: errno) }
        var written = 0
        let ok: Bool = bytes.withUnsafeBytes { buf in
            while written < buf.count {
                let n = Glibc.write(fd, buf.baseAddress! + written, buf.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                written += n
            }
            return true
        }
        if !ok {
            let e = errno
            close(fd); unlink(tmp)
            throw .system(path: tmp, operation: "write", errno: e)
        }
        if fsync(fd) != 0 {
            let e = errno
            close(fd); unlink(tmp)
            throw .system(path: tmp, operation: "fsync", errno: e)
        }
        close(fd)
        if rename(tmp, path) != 0 {
            let e = errno
            unlink(tmp)
            throw .system(path: path, operation: "rename", errno: e)
        }
        syncDirectory(of: path)
    }

    /// Reads the whole file with one `read` loop into a byte array.
    public static func read(_ path: String) throws(FileError) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .system(path: path, operation: "open", errno: errno) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw .system(path: path, operation: "stat", errno: errno) }
        let size = Int(st.st_size)
        var failure: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buf, initialized in
            var got = 0
            while got < size {
                let n = Glibc.read(fd, buf.baseAddress! + got, size - got)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    break
                }
                if n == 0 { break }
                got += n
            }
            initialized = got
        }
        if failure != 0 { throw .system(path: path, operation: "read", errno: failure) }
        return bytes
    }

    /// Removes `path` if it exists.
    public static func remove(_ path: String) {
        unlink(path)
    }

    /// True when a file or directory exists at `path`.
    public static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    private static func syncDirectory(of path: String) {
        var dir = path
        if let slash = dir.lastIndex(of: "/") { dir = String(dir[..<slash]) } else { dir = "." }
        if dir.isEmpty { dir = "/" }
        let fd = open(dir, O_RDONLY)
        if fd >= 0 {
            _ = fsync(fd)
            close(fd)
        }
    }
}

/// A failed file-system operation.
public enum FileError: Error, Sendable, Equatable, CustomStringConvertible {
    case system(path: String, operation: String, errno: Int32)

    public var description: String {
        switch self {
        case .system(let path, let op, let e):
            return "\(path): cannot \(op): \(String(cString: strerror(e)))"
        }
    }
}
