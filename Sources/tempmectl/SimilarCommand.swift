// `tempmectl similar ID -k N [--at TIME] [--moments N]`: the videos closest to a stored video or one of its moments.
import ArgumentParser
import TempMeClient
import TempMeProto

/// Video-to-video search.
struct SimilarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "similar", abstract: "Find the videos closest to a stored video.")

    @OptionGroup var client: ClientOptions
    @Argument(help: "Id of a stored video.") var id: String
    @Option(name: .short, help: "Number of hits (1...1000).") var k: UInt32 = 10
    @Option(name: .long, help: "Only videos whose metadata has key=value; repeatable.") var filter: [String] = []
    @Option(help: "Start from the moment of the video at this time (seconds, or m:ss) instead of the whole video.")
    var at: String?
    @OptionGroup var momentOptions: MomentOptions

    func run() throws {
        try runReporting(json: client.json) {
            var request = Tempme_V1_SimilarRequest()
            request.videoID = id
            request.k = k
            request.metadataFilter = try keyValuePairs(filter, option: "--filter")
            request.moments = momentOptions.moments
            request.aggregation = momentOptions.aggregation ?? ""
            if let at {
                guard let seconds = parseClockTime(at) else { throw ValidationError("--at takes seconds or m:ss, got \(at.debugDescription)") }
                request.atSeconds = seconds
            }
            let response = try client.connect().similar(request)
            printHits(response, json: client.json)
        }
    }
}
