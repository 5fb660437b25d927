// `tempmectl search TEXT -k N [--filter key=value]`: text-to-video search.
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

    func run() throws {
        try runReporting(json: client.json) {
            let metadata = try keyValuePairs(filter, option: "--filter")
            let response = try client.connect().search(text, k: k, filter: metadata)
            printHits(response, json: client.json)
        }
    }
}

/// Prints search hits as JSON or as a ranked table.
func printHits(_ response: Tempme_V1_SearchResponse, json: Bool) {
    if json { return printJSON(response) }
    if response.hits.isEmpty { print("no hits (\(response.candidates) candidates)") }
    for (rank, hit) in response.hits.enumerated() {
        let metadata = hit.metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let text = hit.text.isEmpty ? "" : "  \(hit.text.debugDescription)"
        print("\(rank + 1)\t\(String(format: "%.4f", hit.score))\t\(hit.id)\(text)\(metadata.isEmpty ? "" : "\t" + metadata)")
    }
}
