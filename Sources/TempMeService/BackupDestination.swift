// Where a Backup request writes: a bare name goes into the backup directory, an absolute path is taken as
// given, and no name at all becomes a timestamped name. Anything else is refused with INVALID_ARGUMENT.
import Foundation
import TempMeBasics

/// The checked directory a backup will be written to.
struct BackupDestination: Equatable {
    /// The directory to create (absolute, standardized; it does not exist yet when resolved).
    let url: URL
    /// Whether it lies in the backup directory, which is created on demand.
    let insideBackupDirectory: Bool

    /// Longest file name (one path component), in UTF-8 bytes.
    static let maxNameBytes = 255
    /// Longest absolute path, in UTF-8 bytes.
    static let maxPathBytes = 4095

    /// Checks `requested` ("" for a timestamped name) against the rules and resolves it; `backupDirectory`
    /// nil refuses names. The store refuses a destination inside itself when it writes the backup.
    static func resolve(_ requested: String, backupDirectory: String?, now: Date = Date()) throws(ServiceError) -> BackupDestination {
        let destination = try choose(requested, backupDirectory: backupDirectory, now: now)
        let path = destination.url.standardizedFileURL.path
        let parent = destination.url.deletingLastPathComponent().path
        guard destination.insideBackupDirectory || PathArithmetic.isDirectory(parent) else {
            throw .notFound("the parent directory of \(path) (\(parent)) does not exist; create it first")
        }
        return destination
    }

    /// The destination `requested` names, before its parent is checked.
    private static func choose(_ requested: String, backupDirectory: String?, now: Date) throws(ServiceError) -> BackupDestination {
        if requested.hasPrefix("/") { return try absolute(requested) }
        guard let backupDirectory else {
            throw .failedPrecondition("this daemon has no store.backup_dir; give an absolute destination path")
        }
        let directory = URL(fileURLWithPath: backupDirectory, isDirectory: true)
        if requested.isEmpty {
            return BackupDestination(url: freshTimestampedName(in: directory, now: now), insideBackupDirectory: true)
        }
        try checkName(requested, backupDirectory: backupDirectory)
        return BackupDestination(url: directory.appendingPathComponent(requested), insideBackupDirectory: true)
    }

    /// A bare name: one path component of printable characters, not `.` or `..`.
    private static func checkName(_ name: String, backupDirectory: String) throws(ServiceError) {
        let shown = name.debugDescription
        if name.contains("/") {
            throw .invalidArgument(
                "backup name \(shown) contains '/': give a bare name (created in \(backupDirectory)) or an absolute path")
        }
        if name == "." || name == ".." || name.trimmingWhitespace().isEmpty {
            throw .invalidArgument("backup name \(shown) names no new directory; give a name such as \"nightly-1\"")
        }
        if name.utf8.count > maxNameBytes {
            throw .invalidArgument("backup name is \(name.utf8.count) bytes; names may be at most \(maxNameBytes) bytes")
        }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw .invalidArgument("backup name \(shown) contains control characters; use printable text")
        }
    }

    /// An absolute path, anywhere the daemon may write (`resolve` checks that its parent exists).
    private static func absolute(_ path: String) throws(ServiceError) -> BackupDestination {
        let shown = path.debugDescription
        if path.utf8.count > maxPathBytes {
            throw .invalidArgument("backup path is \(path.utf8.count) bytes; paths may be at most \(maxPathBytes) bytes")
        }
        if path.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw .invalidArgument("backup path \(shown) contains control characters; use printable text")
        }
        let url = URL(fileURLWithPath: path).standardizedFileURL
        if url.path == "/" { throw .invalidArgument("backup path \(shown) names the root directory; give a new directory") }
        if let long = url.pathComponents.first(where: { $0.utf8.count > maxNameBytes }) {
            throw .invalidArgument("backup path component \(long.debugDescription) is longer than \(maxNameBytes) bytes")
        }
        return BackupDestination(url: url, insideBackupDirectory: false)
    }

    /// `tempmed-YYYYMMDDTHHMMSSZ` (UTC) in `directory`, with `-2`, `-3`... when a backup of that second exists.
    private static func freshTimestampedName(in directory: URL, now: Date) -> URL {
        let base = "tempmed-" + timestamp(now)
        var candidate = directory.appendingPathComponent(base)
        var suffix = 2
        while FileManager.default.fileExists(atPath: candidate.path) && suffix < 1000 {
            candidate = directory.appendingPathComponent("\(base)-\(suffix)")
            suffix += 1
        }
        return candidate
    }

    /// `now` as `YYYYMMDDTHHMMSSZ`, which sorts in time order.
    static func timestamp(_ now: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: now)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        return String(format: "%04d", c.year ?? 0) + two(c.month) + two(c.day) + "T" + two(c.hour) + two(c.minute)
            + two(c.second) + "Z"
    }
}
