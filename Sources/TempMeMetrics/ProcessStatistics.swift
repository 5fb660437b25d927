// The process's own resource use from /proc/self (Linux), read at each scrape.
import Foundation

/// Resident memory, CPU time and file descriptors of this process.
public struct ProcessStatistics: Sendable, Equatable {
    /// Resident set size in bytes.
    public var residentBytes: Double
    /// User plus system CPU seconds.
    public var cpuSeconds: Double
    /// Open file descriptors.
    public var openFileDescriptors: Double
    /// The soft limit of open file descriptors.
    public var maxFileDescriptors: Double

    /// Reads /proc/self; nil where it is missing or unreadable (not Linux).
    public static func current() -> ProcessStatistics? {
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
            let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8)
        else { return nil }
        let pages = statm.split(separator: " ").dropFirst().first.flatMap { Double($0) } ?? 0
        let pageSize = Double(sysconf(Int32(_SC_PAGESIZE)))
        // Fields after the parenthesised command name (which may contain spaces): utime and stime are fields 14 and 15.
        let afterName = stat.split(separator: ")", omittingEmptySubsequences: false).last ?? ""
        let fields = afterName.split(separator: " ")
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let user = fields.count > 12 ? Double(fields[11]) ?? 0 : 0
        let system = fields.count > 12 ? Double(fields[12]) ?? 0 : 0
        let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? 0
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        return ProcessStatistics(
            residentBytes: pages * pageSize, cpuSeconds: ticks > 0 ? (user + system) / ticks : 0,
            openFileDescriptors: Double(descriptors), maxFileDescriptors: Double(limit.rlim_cur))
    }
}
