// `tempmectl get ID [--kind video|text]`: one stored record.
import ArgumentParser
import TempMeClient
import TempMeProto

/// Shows one record.
struct GetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "Show one stored record (exit 4 if absent).")

    @OptionGroup var client: ClientOptions
    @Argument(help: "Record id.") var id: String
    @Option(name: .long, help: "video or text.") var kind = "video"
    @Flag(name: .long, help: "Include the embedding.") var embedding = false

    func run() throws {
        try runReporting(json: client.json) {
            let recordKind = try parseKind(kind)
            let response = try client.connect().get(id, kind: recordKind, includeEmbedding: embedding)
            if client.json { return printJSON(response) }
            printRecord(response.record)
        }
    }
}

/// Prints a record as `field: value` lines.
func printRecord(_ record: Tempme_V1_Record) {
    print("id: \(record.id)")
    print("kind: \(record.kind == .text ? "text" : "video")")
    for (key, value) in record.metadata.sorted(by: { $0.key < $1.key }) { print("meta \(key): \(value)") }
    print("model_fingerprint: \(record.modelFingerprint)")
    if record.kind == .text { print("text: \(record.text)") }
    if record.hasVideo {
        print("duration_seconds: \(record.video.durationSeconds)")
        print("fps: \(record.video.fps)")
        print("sampled_frames: \(record.video.sampledFrames.map(String.init).joined(separator: ","))")
    }
    if !record.embedding.isEmpty { print("embedding: [\(record.embedding.count) floats]") }
}
