// `tempmectl similar ID -k N`: the videos closest to a stored video.
import ArgumentParser
import TempMeClient

/// Video-to-video search.
struct SimilarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "similar", abstract: "Find the videos closest to a stored video.")

    @OptionGroup var client: ClientOptions
    @Argument(help: "Id of a stored video.") var id: String
    @Option(name: .short, help: "Number of hits (1...1000).") var k: UInt32 = 10
    @Option(name: .long, help: "Only videos whose metadata has key=value; repeatable.") var filter: [String] = []

    func run() throws {
        try runReporting(json: client.json) {
            let metadata = try keyValuePairs(filter, option: "--filter")
            let response = try client.connect().similar(to: id, k: k, filter: metadata)
            printHits(response, json: client.json)
        }
    }
}
