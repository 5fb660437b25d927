import ArgumentParser

/// tempmectl: administers a tempmed daemon, and measures the engine without one.
@main
struct TempMeCtl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tempmectl",
        abstract: "Administer the tempmed video search daemon and measure its TempMe engine.",
        subcommands: [TokensCommand.self, BenchCommand.self])
}
