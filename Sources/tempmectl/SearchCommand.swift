// `tempmectl search TEXT -k N [--filter key=value] [--moments N] [--aggregation A]`: text-to-video search.
import ArgumentParser
import TempMeClient
import TempMeProto

/// Text-to-video search.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "search", abstract: "Find the videos closest to a text.")

    @OptionGroup var client: ClientOptions
    @Argument(help: "The query text.") var text: String
    @Option(name: .short, help: "Number of hits (1...1000).") var k: UInt32 = 10
    @Option(name: .long, help: "Only videos whose metadata has key=value; repeatable.") var filter: [String] = []
    @OptionGroup var momentOptions: MomentOptions

    func run() throws {
        try runReporting(json: client.json) {
            var request = Tempme_V1_SearchRequest()
            request.text = text
            request.k = k
            request.metadataFilter = try keyValuePairs(filter, option: "--filter")
            request.moments = momentOptions.moments
            request.aggregation = momentOptions.aggregation ?? ""
            let response = try client.connect().search(request)
            printHits(response, json: client.json)
        }
    }
}

/// Prints search hits as JSON or as a ranked table (video hits with moments as `rank  id  0:12-0:22  0.31`).
func printHits(_ response: Tempme_V1_SearchResponse, json: Bool) {
    if json { return printJSON(searchJSON(response)) }
    if response.hits.isEmpty { print("no hits (\(response.candidates) candidates)") }
    for (rank, hit) in response.hits.enumerated() {
        let metadata = hit.metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        if !hit.moments.isEmpty {
            printMomentHit(hit, rank: rank + 1, metadata: metadata)
            continue
        }
        let text = hit.text.isEmpty ? "" : "  \(hit.text.debugDescription)"
        print("\(rank + 1)\t\(String(format: "%.4f", hit.score))\t\(hit.id)\(text)\(metadata.isEmpty ? "" : "\t" + metadata)")
    }
}
