// How tempmectl fails: a message on stderr (or JSON on stdout) and an exit code scripts can branch on.
import ArgumentParser
import Foundation
import TempMeRPC
import TempMeDaemon
import TempMeService

/// Exit codes: 0 ok, 1 server error, 2 usage, 3 unavailable, 4 not found.
enum CtlExit {
    static let serverError: Int32 = 1
    static let usage: Int32 = 2
    static let unavailable: Int32 = 3
    static let notFound: Int32 = 4
}

/// A failed command with its gRPC status (if any) and exit code.
struct CtlFailure: Error, CustomStringConvertible {
    /// gRPC status name, or "USAGE"/"CLIENT" for local failures.
    var status: String
    /// What went wrong.
    var message: String
    /// The process exit code.
    var exitCode: Int32

    var description: String { "\(status): \(message)" }

    /// Classifies an error from the transport or a local step.
    static func from(_ error: any Error) -> CtlFailure {
        if let failure = error as? CtlFailure { return failure }
        if let failure = error as? ServiceError { return from(TempMeRPCAdapter.rpcError(failure)) }
        if let rpc = error as? RPCError {
            let code: Int32
            switch rpc.code {
            case .notFound: code = CtlExit.notFound
            case .unavailable, .deadlineExceeded: code = CtlExit.unavailable
            default: code = CtlExit.serverError
            }
            return CtlFailure(status: rpc.code.description, message: rpc.message, exitCode: code)
        }
        return CtlFailure(status: "CLIENT", message: "\(error)", exitCode: CtlExit.serverError)
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
