#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// CPU time of this process (user + system), and of its finished children.
enum CPUClock {
    static func now() -> Double { seconds(Int32(RUSAGE_SELF.rawValue)) }
    static func children() -> Double { seconds(Int32(RUSAGE_CHILDREN.rawValue)) }

    /// Peak resident set size of this process in bytes.
    static func peakRSS() -> Int {
        var u = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &u)
        return Int(u.ru_maxrss) * 1024
    }

    private static func seconds(_ who: Int32) -> Double {
        var u = rusage()
        getrusage(who, &u)
        return Double(u.ru_utime.tv_sec) + Double(u.ru_utime.tv_usec) / 1e6
            + Double(u.ru_stime.tv_sec) + Double(u.ru_stime.tv_usec) / 1e6
    }
}
