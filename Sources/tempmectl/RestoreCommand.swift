// `tempmectl restore BACKUP_DIR DATA_DIR`: offline, puts a backup back as the store of a data directory.
import ArgumentParser
import Foundation
import TempMeClient
import TempMeDaemon
import TempMeService

/// Offline restore of a backup into a data directory no daemon is using.
struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore", abstract: "Restore a backup into a data directory (offline; no daemon may run on it).",
        discussion: """
            Copies BACKUP_DIR into DATA_DIR/store and checks it, and the thumbnails it carries into \
            DATA_DIR/thumbnails. Refuses, changing nothing, when DATA_DIR \
            already holds a store or a running tempmed holds its lock, or when BACKUP_DIR is not a backup. \
            Under systemd: systemctl stop tempmed; move /var/lib/tempmed/store away; \
            sudo tempmectl restore /var/lib/tempmed/backups/NAME /var/lib/tempmed; systemctl start tempmed.
            """)

    @Argument(help: "A backup directory written by `tempmectl backup`.") var backupDirectory: String
    @Argument(help: "The data directory to restore into (the daemon's data_dir); it must hold no store.")
    var dataDirectory: String
    @OptionGroup var client: ClientOptions  // only --json matters: restore talks to no daemon

    func run() throws {
        try runReporting(json: client.json) {
            let summary: RestoreSummary
            do throws(ServiceError) {
                summary = try DataDirectoryRestore.run(
                    backup: URL(fileURLWithPath: backupDirectory).standardizedFileURL.path,
                    dataDirectory: URL(fileURLWithPath: dataDirectory).standardizedFileURL.path)
            } catch {
                // ServiceStatus numbers are gRPC's, so the failure prints and exits as the daemon's would.
                throw TempMeClientError(code: TempMeClientError.Code(wireValue: error.code.rawValue), message: error.description)
            }
            if client.json {
                return printJSON([
                    "backup": summary.backup, "data_dir": summary.dataDirectory, "store": summary.store,
                    "bytes": summary.bytes, "thumbnail_videos": summary.thumbnails.videos,
                ] as [String: Any])
            }
            print("restored \(summary.backup) into \(summary.store) (\(summary.bytes) bytes; "
                  + "thumbnails of \(summary.thumbnails.videos) videos); "
                  + "start tempmed with data_dir = \(summary.dataDirectory)")
        }
    }
}
