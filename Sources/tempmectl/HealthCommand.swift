// `tempmectl health`: grpc.health.v1 Check; exit 0 when SERVING, 3 otherwise.
import ArgumentParser
import Foundation
import TempMeClient

/// Asks the standard health service.
struct HealthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "health", abstract: "Check the daemon's health (exit 0 serving, 3 not).")

    @OptionGroup var client: ClientOptions
    @Option(name: .long, help: "Service name; empty means the whole server.") var service = ""

    func run() throws {
        try runReporting(json: client.json) {
            let status = try client.connect().health(service: service)
            let name: String
            switch status {
            case .serving: name = "SERVING"
            case .notServing: name = "NOT_SERVING"
            case .serviceUnknown: name = "SERVICE_UNKNOWN"
            default: name = "UNKNOWN"
            }
            if client.json { printJSON(["status": name]) } else { print(name) }
            if status != .serving { throw ExitCode(TempMeExitCode.unavailable) }
        }
    }
}
