// `tempmectl captions ID -k N`: video-to-text search over stored texts.
import ArgumentParser
import TempMeClient

/// Video-to-text search.
struct CaptionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "captions", abstract: "Find the stored texts closest to a stored video.")

    @OptionGroup var client: ClientOptions
    @Argument(help: "Id of a stored video.") var id: String
    @Option(name: .short, help: "Number of hits (1...1000).") var k: UInt32 = 10
    @Option(name: .long, help: "Only texts whose metadata has key=value; repeatable.") var filter: [String] = []

    func run() throws {
        try runReporting(json: client.json) {
            let metadata = try keyValuePairs(filter, option: "--filter")
            let response = try client.connect().searchTexts(for: id, k: k, filter: metadata)
            printHits(response, json: client.json)
        }
    }
}
