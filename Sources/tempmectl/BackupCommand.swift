// `tempmectl backup DIR`: asks the daemon for an online backup into a new directory on its machine.
import ArgumentParser
import Foundation
import TempMeProto

/// Online backup of the daemon's store.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "Write an online backup of the store into a new directory (on the daemon's machine).")

    @OptionGroup var client: ClientOptions
    @Argument(help: "Directory to create; relative paths are made absolute here.") var directory: String

    func run() throws {
        try runReporting(json: client.json) {
            var request = Tempme_V1_BackupRequest()
            request.destination = URL(fileURLWithPath: directory).standardizedFileURL.path
            let response: Tempme_V1_BackupResponse = try client.connect().call(Tempme_V1_TempMeMethod.backup, request)
            if client.json { return printJSON(response) }
            print("backup written to \(response.destination): \(response.videoCount) videos, \(response.textCount) texts, \(response.bytes) bytes")
        }
    }
}
