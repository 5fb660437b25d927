// `tempmectl delete ID [--kind video|text]`: removes one record.
import ArgumentParser
import Foundation
import TempMeClient

/// Deletes one record; exit 4 when there was none.
struct DeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete one stored record (exit 4 if absent).")

    @OptionGroup var client: ClientOptions
    @Argument(help: "Record id.") var id: String
    @Option(name: .long, help: "video or text.") var kind = "video"

    func run() throws {
        try runReporting(json: client.json) {
            let recordKind = try parseKind(kind)
            let response = try client.connect().delete(id, kind: recordKind)
            if client.json { printJSON(response) } else { print(response.deleted ? "deleted \(id)" : "no \(kind) \(id)") }
            if !response.deleted { throw ExitCode(TempMeExitCode.notFound) }
        }
    }
}
