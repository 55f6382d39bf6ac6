import ArgumentParser
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a command body, turning any error into one clear line on stderr and a
/// non-zero exit code (ArgumentParser's own usage errors are left to it).
func reportingErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let e as ExitCode {
        throw e
    } catch let e as CleanExit {
        throw e
    } catch {
        writeStandardError("kgrec: \(error)\n")
        throw ExitCode(1)
    }
}

/// Writes to stderr without buffering.
func writeStandardError(_ s: String) {
    var s = s
    s.withUTF8 { buf in _ = write(2, buf.baseAddress, buf.count) }
}

/// Writes to stdout (used for reports; bulk output goes through buffered writers).
func writeStandardOutput(_ s: String) {
    var s = s
    s.withUTF8 { buf in
        var offset = 0
        while offset < buf.count {
            let n = write(1, buf.baseAddress! + offset, buf.count - offset)
            if n <= 0 { return }
            offset += n
        }
    }
}
