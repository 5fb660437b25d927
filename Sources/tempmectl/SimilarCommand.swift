// `tempmectl similar ID -k N`: the videos closest to a stored video.
import ArgumentParser
import TempMeProto

/// Video-to-video search.
struct SimilarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "similar", abstract: "Find the videos closest to a stored video.")

    @OptionGroup var client: ClientOptions
    @Argument(help: "Id of a stored video.") var id: String
    @Option(name: .short, help: "Number of hits (1...1000).") var k: UInt32 = 10
    @Option(name: .long, help: "Only videos whose metadata has key=value; repeatable.") var filter: [String] = []

    func run() throws {
        try runReporting(json: client.json) {
            var request = Tempme_V1_SimilarRequest()
            request.videoID = id
            request.k = k
            request.metadataFilter = try keyValuePairs(filter, option: "--filter")
            let response: Tempme_V1_SearchResponse = try client.connect().call(Tempme_V1_TempMeMethod.similar, request)
            printHits(response, json: client.json)
        }
    }
}
