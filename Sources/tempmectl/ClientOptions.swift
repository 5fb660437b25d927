// Options every client subcommand shares, and the client they open.
import ArgumentParser
import Foundation
import TempMeClient
import TempMeProto

/// `--server`, `--token`, `--json`, `--timeout`; accepted before or after the subcommand name.
struct ClientOptions: ParsableArguments {
    @Option(name: .long, help: "Daemon address: HOST:PORT or unix:PATH.")
    var server: String = "127.0.0.1:7700"

    @Option(name: .long, help: "Bearer token (default: $TEMPME_TOKEN).")
    var token: String?

    @Flag(name: .long, help: "Print JSON on stdout instead of text.")
    var json = false

    @Option(name: .long, help: "Seconds to wait for each call (default 60; for ingest 3600: a long video's segments take minutes).")
    var timeout: Double?

    /// A client of the chosen server (connecting lazily, on the first call); calls wait `--timeout` or `defaultTimeout` seconds.
    func connect(defaultTimeout: Double = 60) throws -> TempMeClient {
        let bearer = token ?? ProcessInfo.processInfo.environment["TEMPME_TOKEN"]
        return try TempMeClient(
            address: server, options: TempMeClientOptions(bearerToken: bearer, timeout: .seconds(timeout ?? defaultTimeout)))
    }
}

/// Parses repeated `key=value` options into a dictionary.
func keyValuePairs(_ items: [String], option: String) throws -> [String: String] {
    var pairs: [String: String] = [:]
    for item in items {
        guard let equals = item.firstIndex(of: "="), equals != item.startIndex else {
            throw ValidationError("\(option) expects key=value, got \(item.debugDescription)")
        }
        pairs[String(item[..<equals])] = String(item[item.index(after: equals)...])
    }
    return pairs
}

/// `video` or `text` as the proto kind.
func parseKind(_ text: String) throws -> Tempme_V1_Kind {
    switch text.lowercased() {
    case "video": return .video
    case "text": return .text
    default: throw ValidationError("--kind must be video or text, not \(text.debugDescription)")
    }
}
