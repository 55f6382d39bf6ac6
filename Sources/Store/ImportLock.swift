import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive advisory lock (`flock`) on `<store>/import.lock`, held for the whole
/// of an import so two processes never build the same graph generation at once.
final class ImportLock {
    private let fd: Int32

    init(directory: String) throws(StoreError) {
        let path = directory + "/import.lock"
        fd = open(path, O_RDWR | O_CREAT, 0o644)
        guard fd >= 0 else { throw .io(path: path, message: "cannot open lock file: \(String(cString: strerror(errno)))") }
        while flock(fd, LOCK_EX) != 0 {
            if errno == EINTR { continue }
            let e = errno
            close(fd)
            throw .io(path: path, message: "cannot lock: \(String(cString: strerror(e)))")
        }
    }

    deinit {
        _ = flock(fd, LOCK_UN)
        close(fd)
    }
}

extension KGStore {
    /// Takes the import lock and, if another process committed an import since this
    /// store was opened, reloads the current graph generation.
    func beginImport() throws(StoreError) -> ImportLock {
        let lock = try ImportLock(directory: directory)
        let current = try read { db in
            Int(try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'graph_generation'") ?? "0") ?? 0
        }
        if current != graphGeneration {
            let fresh = try KGStore.open(at: directory, create: false)
            adopt(graph: fresh.graph, generation: fresh.graphGeneration, removeOld: false)
        }
        removeOrphanSnapshots()
        return lock
    }
}
