// Typed calls to Milvus's MilvusService over the shared gRPC transport, with retries and status checks.
import Foundation
import MilvusProto
import SwiftProtobuf
import TempMeRPC

/// A response that carries Milvus's own status next to the gRPC one.
protocol MilvusResponse: SwiftProtobuf.Message {
    /// Milvus's verdict on the request.
    var milvusStatus: Milvus_Proto_Common_Status { get }
}

extension Milvus_Proto_Common_Status: MilvusResponse {
    var milvusStatus: Milvus_Proto_Common_Status { self }
}

/// One channel to Milvus; every call is synchronous, thread-safe and retried while Milvus is unreachable.
final class MilvusConnection: Sendable {
    let settings: MilvusSettings
    private let client: RPCClient
    private let metadata: RPCMetadata

    /// A lazy channel to `settings.address` (nothing is sent until the first call).
    init(settings: MilvusSettings) throws {
        self.settings = settings
        var options = RPCClientOptions(maxReceiveMessageBytes: 256 << 20)
        options.rootCertificatesPEM = settings.tlsRootCertificatesPEM
        options.tlsServerName = settings.tlsServerName
        do {
            client = try RPCClient(target: settings.address, options: options)
        } catch {
            throw MilvusFailure.rejected(operation: "connect", reason: "bad address \(settings.address.debugDescription): \(error.message)")
        }
        var headers = RPCMetadata()
        if let token = settings.token {
            // Milvus reads `authorization` as base64 of `user:password` or of an API key.
            headers.append(name: "authorization", value: Data(token.utf8).base64EncodedString())
        }
        metadata = headers
    }

    /// Calls `method` with `request`; retries (waiting 0.2 s, 0.4 s, ...) while Milvus is unreachable,
    /// overloaded or says the failure is retriable. Every call tempmed makes is idempotent (upserts,
    /// deletes by key, reads), so a retry after an unknown outcome is safe.
    func call<Response: MilvusResponse>(_ method: String, _ request: some SwiftProtobuf.Message, as _: Response.Type = Response.self)
        throws -> Response
    {
        let name = String(method.split(separator: "/").last ?? Substring(method))
        let bytes: [UInt8]
        do {
            bytes = try request.serializedBytes()
        } catch {
            throw MilvusFailure.rejected(operation: name, reason: "the request could not be encoded: \(error)")
        }
        var attempt = 0
        while true {
            switch attemptCall(method, name: name, bytes: bytes, as: Response.self) {
            case .answered(let response): return response
            case .failed(let failure): throw failure
            case .retry(let reason):
                guard attempt < settings.retries else { throw MilvusFailure.unavailable("\(name): \(reason)") }
                Thread.sleep(forTimeInterval: 0.2 * Double(1 << min(attempt, 5)))
                attempt += 1
            }
        }
    }

    /// How one attempt of a call ended.
    private enum Attempt<Response> {
        case answered(Response)
        case retry(String)
        case failed(MilvusFailure)
    }

    private func attemptCall<Response: MilvusResponse>(_ method: String, name: String, bytes: [UInt8], as _: Response.Type)
        -> Attempt<Response>
    {
        let answer: [UInt8]
        do {
            answer = try client.unary(method: method, request: bytes, metadata: metadata, timeout: settings.callTimeout)
        } catch {
            switch error.code {
            case .unavailable, .deadlineExceeded, .resourceExhausted, .aborted:
                return .retry("\(error.code): \(error.message)")
            case .unauthenticated, .permissionDenied:
                return .failed(.rejected(operation: name, reason: "\(error.message) (check store.milvus.token)"))
            default:
                return .failed(.rejected(operation: name, reason: "\(error.code): \(error.message)"))
            }
        }
        let response: Response
        do {
            response = try Response(serializedBytes: answer)
        } catch {
            return .failed(.malformedResponse(operation: name, reason: "\(error)"))
        }
        let status = response.milvusStatus
        if status.errorCode == .success && status.code == 0 { return .answered(response) }
        let reason = status.reason.isEmpty ? "error code \(status.errorCode) (\(status.code))" : status.reason
        if status.retriable || status.errorCode == .rateLimit || status.errorCode == .notReadyServe {
            return .retry(reason)
        }
        return .failed(.rejected(operation: name, reason: reason))
    }
}
