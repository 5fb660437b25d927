import Foundation
import TempMeStore
import TempMeTestSupport
import Testing
@testable import TempMeService

/// How a Backup request's destination is resolved, and which status each backup failure gets.
@Suite struct BackupDestinationTests {
    private func resolve(_ requested: String, backups: String? = "/data/backups") throws(ServiceError) -> BackupDestination {
        try BackupDestination.resolve(requested, backupDirectory: backups, now: Date(timeIntervalSince1970: 1_796_000_000))
    }

    private func code(_ requested: String, backups: String? = "/data/backups") -> ServiceStatus? {
        do {
            _ = try resolve(requested, backups: backups)
            return nil
        } catch {
            return error.code
        }
    }

    @Test func bareNamesGoIntoTheBackupDirectoryAndNoNameIsATimestamp() throws {
        #expect(try resolve("nightly") == BackupDestination(url: URL(fileURLWithPath: "/data/backups/nightly"), insideBackupDirectory: true))
        #expect(try resolve("").url.path == "/data/backups/tempmed-20261130T005320Z")
        let directory = try TemporaryDirectory()
        let stamped = try BackupDestination.resolve("", backupDirectory: directory.path, now: Date(timeIntervalSince1970: 0))
        try FileManager.default.createDirectory(at: stamped.url, withIntermediateDirectories: true)
        let next = try BackupDestination.resolve("", backupDirectory: directory.path, now: Date(timeIntervalSince1970: 0))
        #expect(next.url.lastPathComponent == "tempmed-19700101T000000Z-2")
    }

    @Test func absolutePathsAreTakenAsGiven() throws {
        let directory = try TemporaryDirectory()
        let destination = try resolve(directory.path + "/x/../copy")
        #expect(destination == BackupDestination(url: URL(fileURLWithPath: directory.path + "/copy"), insideBackupDirectory: false))
        #expect(code(directory.path + "/missing/copy") == .notFound)
        #expect(code("/") == .invalidArgument)
        #expect(code("/" + String(repeating: "p", count: 5000)) == .invalidArgument)
        #expect(code("/tmp/" + String(repeating: "p", count: 256)) == .invalidArgument)
    }

    @Test func badNamesAreInvalidArguments() {
        for name in ["../escape", "a/b", "./x", ".", "..", " ", "bad\nname", String(repeating: "n", count: 256)] {
            #expect(code(name) == .invalidArgument, "\(name.debugDescription)")
        }
        #expect(code(String(repeating: "n", count: 255)) == nil)
        #expect(code("nightly", backups: nil) == .failedPrecondition)
    }

    @Test func everyBackupFailureHasATypedStatusWithItsReason() {
        let cases: [(StoreError, ServiceStatus)] = [
            (.backupFailed(path: "/sys/x", cause: .noPermission, detail: "Operation not permitted"), .permissionDenied),
            (.backupFailed(path: "/mnt/x", cause: .noSpace, detail: "No space left on device"), .resourceExhausted),
            (.backupFailed(path: "/proc/x", cause: .unusable, detail: "No such file or directory"), .failedPrecondition),
            (.destinationExists(path: "/data/backups/x"), .alreadyExists),
            (.notABackup(path: "/x", reason: "no CURRENT"), .failedPrecondition),
            (.destinationInsideStore(path: "/data/store/x", store: "/data/store"), .invalidArgument),
        ]
        for (error, expected) in cases {
            let mapped = ServiceError.from(error)
            #expect(mapped.code == expected, "\(error)")
            #expect(mapped.description == error.description)
        }
        #expect(ServiceError.from(StoreError.backupFailed(path: "/proc/x", cause: .unusable, detail: "No such file or directory"))
            .description.contains("/proc/x (No such file or directory)"))
    }
}
