#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Why writing output failed.
public enum OutputError: Error, Sendable, CustomStringConvertible {
    /// `write(2)` on the file descriptor failed.
    case writeFailed(fileDescriptor: Int32, errno: Int32, message: String)

    public var description: String {
        switch self {
        case .writeFailed(let fd, let code, let message):
            return "write to file descriptor \(fd) failed: \(message) (errno \(code))"
        }
    }
}

/// A growable byte buffer that is flushed to a file descriptor in large writes.
///
/// Appending never fails and never writes: the buffer grows as needed, and
/// the owner calls ``flush()`` when ``count`` passes its threshold (or at the
/// end). With a negative file descriptor the buffer only collects bytes in
/// memory (see ``bytes``).
///
/// Not thread-safe: one writer owns it.
public final class ByteOutput {
    /// Where ``flush()`` writes; negative for an in-memory buffer.
    public let fileDescriptor: Int32
    // Exclusivity is not checked dynamically on these: every append touches
    // them, the runtime checks cost more than the copying itself, and the
    // buffer has a single owner (no overlapping access can arise).
    @exclusivity(unchecked) @usableFromInline var storage: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) @usableFromInline var capacity: Int
    /// Number of bytes buffered and not yet flushed.
    @exclusivity(unchecked) public private(set) var count: Int = 0

    /// A buffer for `fileDescriptor` (stdout by default) with room for `capacity` bytes before it grows.
    public init(fileDescriptor: Int32 = 1, capacity: Int = 1 << 20) {
        self.fileDescriptor = fileDescriptor
        self.capacity = max(capacity, 64)
        self.storage = UnsafeMutablePointer<UInt8>.allocate(capacity: self.capacity)
    }

    deinit { storage.deallocate() }

    /// Makes room for at least `n` more bytes.
    @inline(__always)
    public func reserve(_ n: Int) {
        if count + n > capacity { grow(count + n) }
    }

    private func grow(_ needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        bigger.update(from: storage, count: count)
        storage.deallocate()
        storage = bigger
        capacity = newCapacity
    }

    /// Appends one byte.
    @inline(__always)
    public func append(_ byte: UInt8) {
        if count == capacity { grow(count + 1) }
        storage[count] = byte
        count += 1
    }

    /// Appends one byte without checking the capacity (the caller reserved room).
    @inline(__always)
    func appendUnchecked(_ byte: UInt8) {
        storage[count] = byte
        count += 1
    }

    /// Appends raw bytes.
    @inline(__always)
    public func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        let n = bytes.count
        guard n > 0, let source = bytes.baseAddress else { return }
        reserve(n)
        (storage + count).update(from: source, count: n)
        count += n
    }

    /// Appends the UTF-8 bytes of `string`.
    @inline(__always)
    public func append(_ string: String) {
        var s = string
        s.withUTF8 { append($0) }
    }

    /// Writes everything buffered to the file descriptor (a no-op for an in-memory buffer).
    public func flush() throws {
        guard fileDescriptor >= 0 else { return }
        var offset = 0
        while offset < count {
            let n = write(fileDescriptor, storage + offset, count - offset)
            if n < 0 {
                let code = errno
                if code == EINTR { continue }
                throw OutputError.writeFailed(
                    fileDescriptor: fileDescriptor, errno: code, message: String(cString: strerror(code)))
            }
            offset += n
        }
        count = 0
    }

    /// The buffered bytes (everything appended since the last flush).
    public var bytes: [UInt8] {
        Array(UnsafeBufferPointer(start: storage, count: count))
    }

    /// Forgets the buffered bytes without writing them.
    public func removeAll() { count = 0 }
}
