// `tempmectl stats`: the daemon's counters and gauges.
import ArgumentParser
import TempMeClient

/// Shows counters and gauges.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Show the daemon's counters and gauges.")

    @OptionGroup var client: ClientOptions

    func run() throws {
        try runReporting(json: client.json) {
            let stats = try client.connect().stats()
            if client.json { return printJSON(stats) }
            print("videos: \(stats.videoCount) (segments: \(stats.segmentCount))")
            print("texts: \(stats.textCount)")
            print("queue: \(stats.queueDepth)/\(stats.queueCapacity)")
            print("ingested: \(stats.ingestedTotal) (failed \(stats.ingestFailuresTotal))")
            print("searches: \(stats.searchesTotal)")
            print("mean encode: \(String(format: "%.1f", stats.meanEncodeMs)) ms")
            print("store: \(stats.storeBytes) bytes")
            print("uptime: \(String(format: "%.0f", stats.uptimeSeconds)) s")
        }
    }
}
