// Options every client subcommand shares, and the connection they open.
import ArgumentParser
import Foundation
import SwiftProtobuf
import TempMeProto
import TempMeRPC

/// `--server`, `--token`, `--json`, `--timeout`; accepted before or after the subcommand name.
struct ClientOptions: ParsableArguments {
    @Option(name: .long, help: "Daemon address: HOST:PORT or unix:PATH.")
    var server: String = "127.0.0.1:7700"

    @Option(name: .long, help: "Bearer token (default: $TEMPME_TOKEN).")
    var token: String?

    @Flag(name: .long, help: "Print JSON on stdout instead of text.")
    var json = false

    @Option(name: .long, help: "Seconds to wait for each call.")
    var timeout: Double = 60

    /// A connected client for the chosen server.
    func connect() throws -> DaemonConnection {
        let bearer = token ?? ProcessInfo.processInfo.environment["TEMPME_TOKEN"]
        let options = RPCClientOptions(bearerToken: bearer?.isEmpty == false ? bearer : nil,
                                       maxReceiveMessageBytes: 64 << 20, maxSendMessageBytes: 64 << 20)
        do {
            return DaemonConnection(client: try RPCClient(target: server, options: options), timeout: .seconds(timeout))
        } catch {
            throw CtlFailure.from(error)
        }
    }
}

/// Typed calls to one daemon.
struct DaemonConnection {
    /// The transport.
    let client: RPCClient
    /// Per-call deadline.
    let timeout: Duration

    /// One unary call with typed request and response.
    func call<Response: SwiftProtobuf.Message>(_ method: String, _ request: some SwiftProtobuf.Message) throws -> Response {
        do {
            let bytes = try client.unary(method: method, request: try request.serializedBytes(), timeout: timeout)
            return try Response(serializedBytes: bytes)
        } catch {
            throw CtlFailure.from(error)
        }
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
