// `tempmectl list [--kind video|text] [--all]`: pages through stored records.
import ArgumentParser
import TempMeClient
import TempMeProto

/// Lists records in id order.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List stored records in id order.")

    @OptionGroup var client: ClientOptions
    @Option(name: .long, help: "video, text, or all.") var kind = "all"
    @Option(name: .long, help: "Records per page (1...1000).") var pageSize: UInt32 = 100
    @Option(name: .long, help: "Continue from this page token.") var pageToken = ""
    @Option(name: .long, help: "Only records whose metadata has key=value; repeatable.") var filter: [String] = []
    @Flag(name: .long, help: "Follow page tokens to the end.") var all = false

    func run() throws {
        try runReporting(json: client.json) {
            let connection = try client.connect()
            let recordKind: Tempme_V1_Kind = kind == "all" ? .unspecified : try parseKind(kind)
            let metadata = try keyValuePairs(filter, option: "--filter")
            var page = Tempme_V1_ListResponse()
            if all {
                page.records = try connection.listAll(kind: recordKind, pageSize: pageSize, pageToken: pageToken, filter: metadata)
            } else {
                page = try connection.list(kind: recordKind, pageSize: pageSize, pageToken: pageToken, filter: metadata)
            }
            if client.json { return printJSON(page) }
            for record in page.records { print("\(record.kind == .text ? "text" : "video")\t\(record.id)") }
            if !page.nextPageToken.isEmpty { print("more: --page-token \(page.nextPageToken)") }
        }
    }
}
