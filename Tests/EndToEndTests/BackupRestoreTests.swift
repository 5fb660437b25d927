// Backups as a user makes them with tempmectl: into <data_dir>/backups by name, typed statuses for every
// bad destination, and an offline restore that a fresh daemon serves identically.
import Foundation
import TempMeTestSupport
import Testing

/// Runs tempmectl (against `server` when given) and returns its result.
private func ctl(_ server: String?, _ arguments: [String]) throws -> CommandResult {
    try TestEnvironment.tempmectl(arguments, server: server)
}

/// `(id, score)` of every hit of a `tempmectl search --json` answer.
private func hits(_ result: CommandResult) -> [(id: String, score: Double)] {
    ((result.json?["hits"] as? [[String: Any]]) ?? []).map { ($0["id"] as? String ?? "", $0["score"] as? Double ?? .nan) }
}

/// The gRPC status name of a failed `--json` command.
private func status(_ result: CommandResult) -> String? {
    (result.json?["error"] as? [String: Any])?["status"] as? String
}

/// Every path under `directory`, sorted (to show that a refused command changed nothing).
private func tree(_ directory: String) -> [String] {
    (FileManager.default.enumerator(atPath: directory)?.allObjects as? [String] ?? []).sorted()
}

/// `unshare -m sh -c 'mount a 4 KiB tmpfs on DIR; exec "$@"' sh`: runs a command with a full disk at `directory`.
private func withFullDisk(at directory: String) -> [String] {
    ["/usr/bin/unshare", "-m", "/bin/sh", "-c", "mount -t tmpfs -o size=4k tmpfs '\(directory)' && exec \"$@\"", "sh"]
}

/// Whether this process may mount a tmpfs in a private mount namespace (root in most containers and CI).
private let canMountPrivateTmpfs: Bool = {
    guard let probe = try? TestEnvironment.scratchDirectory("tmpfs") else { return false }
    defer { try? FileManager.default.removeItem(atPath: probe) }
    return (try? ProcessRunner.run(withFullDisk(at: probe)[0], Array(withFullDisk(at: probe).dropFirst()) + ["/bin/true"]))?
        .status == 0
}()

@Suite("Backup and restore through tempmectl")
struct BackupRestoreTests {
    @Test("backup NAME lands in <data_dir>/backups; restored into a new data dir, a daemon answers the same")
    func backupRestoreRoundTrip() throws {
        let root = try TestEnvironment.scratchDirectory("backup")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let folder = root + "/videos"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        _ = try TestClips.make(in: folder)
        let data = root + "/data"
        let daemon = try DaemonProcess(dataDirectory: data)

        let ingest = try ctl(daemon.address, ["ingest", folder, "--json"])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let before = hits(try ctl(daemon.address, ["search", "a test pattern", "-k", "10", "--json"]))
        #expect(before.count == 3)

        let backup = try ctl(daemon.address, ["backup", "nightly", "--json"])
        #expect(backup.status == 0, "\(backup.stderr)")
        #expect(backup.json?["destination"] as? String == data + "/backups/nightly")
        #expect(backup.json?["video_count"] as? Int == 3)
        #expect(FileManager.default.fileExists(atPath: data + "/backups/nightly/CURRENT"))
        let stamped = try ctl(daemon.address, ["backup", "--json"])
        #expect(stamped.status == 0, "\(stamped.stderr)")
        let stampedPath = try #require(stamped.json?["destination"] as? String)
        #expect(stampedPath.hasPrefix(data + "/backups/tempmed-") && stampedPath.hasSuffix("Z"))
        #expect(daemon.stop() == 0)

        let restored = root + "/restored"
        let restore = try ctl(nil, ["restore", data + "/backups/nightly", restored, "--json"])
        #expect(restore.status == 0, "\(restore.stderr)")
        #expect(restore.json?["store"] as? String == restored + "/store")

        let second = try DaemonProcess(dataDirectory: restored)
        let after = hits(try ctl(second.address, ["search", "a test pattern", "-k", "10", "--json"]))
        #expect(after.map(\.id) == before.map(\.id))
        #expect(zip(after, before).allSatisfy { abs($0.score - $1.score) < 1e-6 }, "\(after) vs \(before)")
        #expect(second.stop() == 0)
    }

    @Test("unusable, existing and escaping destinations get typed statuses; the daemon keeps serving")
    func badDestinationsAreTyped() throws {
        let root = try TestEnvironment.scratchDirectory("badbackup")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let data = root + "/data"
        let daemon = try DaemonProcess(dataDirectory: data)
        try FileManager.default.createDirectory(atPath: root + "/taken", withIntermediateDirectories: true)

        for (destination, expected) in [
            ("/proc/x", "FAILED_PRECONDITION"), ("/sys/x", "PERMISSION_DENIED"), (root + "/taken", "ALREADY_EXISTS"),
            ("../escape", "INVALID_ARGUMENT"), ("a/b", "INVALID_ARGUMENT"), ("..", "INVALID_ARGUMENT"),
            (String(repeating: "n", count: 300), "INVALID_ARGUMENT"), (data + "/store/inside", "INVALID_ARGUMENT"),
            (root + "/missing/x", "NOT_FOUND"),
        ] {
            let result = try ctl(daemon.address, ["backup", destination, "--json"])
            #expect(status(result) == expected, "\(destination): \(result.stdout) \(result.stderr)")
            #expect(result.status == (expected == "NOT_FOUND" ? 4 : 1), "\(destination)")
        }
        let denied = try ctl(daemon.address, ["backup", "/proc/x"])
        #expect(denied.stderr.contains("No such file or directory"), "\(denied.stderr)")
        #expect(!FileManager.default.fileExists(atPath: root + "/escape"))
        #expect(!FileManager.default.fileExists(atPath: data + "/escape"))
        #expect(try ctl(daemon.address, ["backup", "taken"]).status == 0)
        #expect(status(try ctl(daemon.address, ["backup", "taken", "--json"])) == "ALREADY_EXISTS")
        #expect(try ctl(daemon.address, ["backup", ""]).status == 2)

        let health = try ctl(daemon.address, ["health", "--json"])
        #expect(health.json?["status"] as? String == "SERVING")
        #expect(try ctl(daemon.address, ["search", "anything", "--json"]).status == 0)
        #expect(daemon.stop() == 0)
    }

    @Test("a full disk at the destination is RESOURCE_EXHAUSTED naming it; the daemon keeps serving",
          .enabled(if: canMountPrivateTmpfs, "needs unshare -m and a tmpfs mount"))
    func fullDiskIsResourceExhausted() throws {
        let root = try TestEnvironment.scratchDirectory("fulldisk")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let full = root + "/full"
        try FileManager.default.createDirectory(atPath: full, withIntermediateDirectories: true)
        let daemon = try DaemonProcess(dataDirectory: root + "/data", launcher: withFullDisk(at: full))
        #expect(try ctl(daemon.address, ["add-text", "t1", "a red circle"]).status == 0)
        let result = try ctl(daemon.address, ["backup", full + "/x", "--json"])
        #expect(status(result) == "RESOURCE_EXHAUSTED", "\(result.stdout) \(result.stderr)")
        let message = (result.json?["error"] as? [String: Any])?["message"] as? String ?? ""
        #expect(message.contains("backup at \(full)/x") && message.contains("No space left"), "\(message)")
        #expect(try ctl(daemon.address, ["backup", "after", "--json"]).status == 0)
        #expect(try ctl(daemon.address, ["get", "t1", "--kind", "text"]).status == 0)
        #expect(daemon.stop() == 0)
    }

    @Test("restore refuses, changing nothing: a running daemon, an existing store, a missing or invalid backup")
    func restoreRefusals() throws {
        let root = try TestEnvironment.scratchDirectory("restore")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let data = root + "/data"
        let daemon = try DaemonProcess(dataDirectory: data)
        #expect(try ctl(daemon.address, ["add-text", "t1", "a red circle"]).status == 0)
        #expect(try ctl(daemon.address, ["backup", "b1"]).status == 0)
        let backup = data + "/backups/b1"

        let running = try ctl(nil, ["restore", backup, data, "--json"])
        #expect(running.status == 1)
        #expect(status(running) == "FAILED_PRECONDITION")
        #expect(running.stderr.contains("pid \(daemon.pid)"), "\(running.stderr)")
        #expect(daemon.stop() == 0)

        let storeBefore = tree(data)
        let occupied = try ctl(nil, ["restore", backup, data, "--json"])
        #expect(occupied.status == 1)
        #expect(status(occupied) == "ALREADY_EXISTS")
        #expect(occupied.stderr.contains("already holds a store"), "\(occupied.stderr)")
        #expect(tree(data) == storeBefore)
        #expect(status(try ctl(nil, ["restore", backup, data + "/store", "--json"])) == "INVALID_ARGUMENT")

        let missing = try ctl(nil, ["restore", root + "/nothing", root + "/new", "--json"])
        #expect(missing.status == 4)
        #expect(status(missing) == "NOT_FOUND")
        let junk = root + "/junk"
        try FileManager.default.createDirectory(atPath: junk, withIntermediateDirectories: true)
        try "not a database\n".write(toFile: junk + "/notes.txt", atomically: true, encoding: .utf8)
        let notBackup = try ctl(nil, ["restore", junk, root + "/new", "--json"])
        #expect(notBackup.status == 1)
        #expect(status(notBackup) == "FAILED_PRECONDITION")
        try "MANIFEST-000001\n".write(toFile: junk + "/CURRENT", atomically: true, encoding: .utf8)
        let broken = try ctl(nil, ["restore", junk, root + "/new"])
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("is not a tempmed backup"), "\(broken.stderr)")
        #expect(!FileManager.default.fileExists(atPath: root + "/new"))
        let empty = root + "/empty"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        #expect(try ctl(nil, ["restore", junk, empty]).status == 1)
        #expect(tree(empty).isEmpty)

        #expect(try ctl(nil, ["restore", backup]).status == 2)
        #expect(try ctl(nil, ["restore", backup, empty]).status == 0)
        let restarted = try DaemonProcess(dataDirectory: empty)
        #expect(try ctl(restarted.address, ["get", "t1", "--kind", "text"]).status == 0)
        #expect(restarted.stop() == 0)
    }
}
