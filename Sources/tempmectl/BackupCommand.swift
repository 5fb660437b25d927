// `tempmectl backup [NAME]`: asks the daemon for an online backup into a new directory on its machine.
import ArgumentParser
import Foundation
import TempMeClient

/// Online backup of the daemon's store.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "Write an online backup of the store into a new directory (on the daemon's machine).",
        discussion: """
            With no NAME the daemon picks tempmed-YYYYMMDDTHHMMSSZ. A bare NAME is created in the daemon's \
            store.backup_dir (default <data_dir>/backups; /var/lib/tempmed/backups under systemd). An absolute \
            path is created as given, wherever the daemon may write (under systemd only where ReadWritePaths= \
            allows). Relative paths with '/' are refused. Restore with `tempmectl restore`.
            """)

    @OptionGroup var client: ClientOptions
    @Argument(help: "Bare name (in the daemon's backup_dir) or absolute path on the daemon's machine; default: a timestamped name.")
    var name: String?

    func validate() throws {
        if name?.isEmpty == true { throw ValidationError("NAME is empty; omit it for a timestamped name") }
    }

    func run() throws {
        try runReporting(json: client.json) {
            let response = try client.connect().backup(to: name ?? "")
            if client.json { return printJSON(response) }
            print("backup written to \(response.destination): \(response.videoCount) videos, \(response.textCount) texts, \(response.bytes) bytes")
        }
    }
}
