// `tempmectl list [--kind video|text] [--all]`: pages through stored records.
import ArgumentParser
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
            var request = Tempme_V1_ListRequest()
            request.kind = kind == "all" ? .unspecified : try parseKind(kind)
            request.pageSize = pageSize
            request.pageToken = pageToken
            request.metadataFilter = try keyValuePairs(filter, option: "--filter")
            var records: [Tempme_V1_Record] = []
            var next = ""
            repeat {
                let response: Tempme_V1_ListResponse = try connection.call(Tempme_V1_TempMeMethod.list, request)
                records += response.records
                next = response.nextPageToken
                request.pageToken = next
            } while all && !next.isEmpty
            if client.json {
                var combined = Tempme_V1_ListResponse()
                combined.records = records
                combined.nextPageToken = next
                return printJSON(combined)
            }
            for record in records { print("\(record.kind == .text ? "text" : "video")\t\(record.id)") }
            if !next.isEmpty { print("more: --page-token \(next)") }
        }
    }
}
