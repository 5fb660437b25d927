// `tempmectl add-text ID TEXT`: stores one caption for video-to-text search.
import ArgumentParser
import TempMeClient
import TempMeProto

/// Stores one text.
struct AddTextCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add-text", abstract: "Store a text (caption) for video-to-text search.")

    @OptionGroup var client: ClientOptions
    @Argument(help: "Text id.") var id: String
    @Argument(help: "The text.") var text: String
    @Option(name: .long, help: "Metadata key=value; repeatable.") var meta: [String] = []
    @Flag(name: .long, help: "Replace an existing text with this id.") var replace = false

    func run() throws {
        try runReporting(json: client.json) {
            var item = Tempme_V1_TextItem()
            item.id = id
            item.text = text
            item.metadata = try keyValuePairs(meta, option: "--meta")
            let response = try client.connect().addTexts([item], replace: replace)
            if client.json { return printJSON(response) }
            for summary in response.texts {
                print("stored \(summary.id): \(summary.tokenCount) tokens\(summary.truncated ? " (truncated)" : "")")
            }
        }
    }
}
