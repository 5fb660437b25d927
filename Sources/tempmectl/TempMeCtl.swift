import ArgumentParser
import Foundation
import TempMeClient

/// tempmectl: administers a tempmed daemon, and measures the engine without one.
@main
struct TempMeCtl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tempmectl",
        abstract: "Administer the tempmed video search daemon and measure its TempMe engine.",
        discussion: "Exit codes: 0 ok, 1 server error, 2 usage, 3 daemon unavailable, 4 not found.",
        subcommands: [
            IngestCommand.self, SearchCommand.self, SimilarCommand.self, CaptionsCommand.self, GetCommand.self,
            DeleteCommand.self, ListCommand.self, AddTextCommand.self, StatsCommand.self, InfoCommand.self,
            HealthCommand.self, BackupCommand.self, RestoreCommand.self, MigrateCommand.self, TokensCommand.self, BenchCommand.self, EvalCommand.self,
        ])

    @OptionGroup var client: ClientOptions

    /// Parses and runs a command; usage errors exit 2 instead of ArgumentParser's 64.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(TempMeExitCode.usage)
            }
            exit(withError: error)
        }
    }
}
