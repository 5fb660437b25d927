// How tempmectl fails: a message on stderr (or JSON on stdout) and an exit code scripts can branch on.
import ArgumentParser
import Foundation
import TempMeClient

/// A failed command with its status name and exit code (`TempMeExitCode`).
struct CtlFailure: Error, CustomStringConvertible {
    /// gRPC status name, or "USAGE"/"CLIENT" for local failures.
    var status: String
    /// What went wrong.
    var message: String
    /// The process exit code.
    var exitCode: Int32

    var description: String { "\(status): \(message)" }

    /// Classifies an error from the client or a local step.
    static func from(_ error: any Error) -> CtlFailure {
        if let failure = error as? CtlFailure { return failure }
        let client = error as? TempMeClientError ?? TempMeClientError(code: nil, message: "\(error)")
        return CtlFailure(status: client.status, message: client.message, exitCode: client.exitCode)
    }

    /// Reports the failure (stderr text, or a JSON object on stdout) and exits.
    func exit(json: Bool) -> Never {
        if json {
            printJSON(["error": ["status": status, "message": message, "exit_code": Int(exitCode)]])
        }
        FileHandle.standardError.write(Data("tempmectl: \(status): \(message)\n".utf8))
        Foundation.exit(exitCode)
    }
}

/// Runs a client command body; failures become the documented exit codes.
func runReporting(json: Bool, _ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ValidationError {
        throw error
    } catch let error as ExitCode {
        throw error
    } catch {
        CtlFailure.from(error).exit(json: json)
    }
}
