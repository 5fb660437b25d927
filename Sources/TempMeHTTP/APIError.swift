// A failed HTTP call: the HTTP status, the service's status name, a message and the request id, as JSON.
import Foundation
import Hummingbird
import TempMeBasics
import TempMeService

/// An error answered as `{"error": {"code", "http_status", "message", "request_id"}}`.
struct APIError: HTTPResponseError {
    /// The HTTP status.
    let status: HTTPResponse.Status
    /// The status name, as gRPC spells it (INVALID_ARGUMENT, NOT_FOUND, ...).
    let code: String
    /// What went wrong, in a sentence a caller can act on.
    let message: String
    /// Extra response headers (Allow on 405, WWW-Authenticate on 401).
    var headers: HTTPFields = [:]

    /// The HTTP form of a service failure: the same status class and message.
    init(_ error: ServiceError) {
        let (status, code) = Self.mapping(error.code)
        self.init(status: status, code: code, message: error.description)
    }

    /// An error of the transport itself (bad JSON, size, method, token).
    init(status: HTTPResponse.Status, code: String, message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    /// The error JSON with `requestID`; used by the observation middleware, which knows the id.
    func response(requestID: String) -> Response {
        let body = "{\"error\":{\"code\":\(code.quotedAndEscaped),\"http_status\":\(status.code),"
            + "\"message\":\(message.quotedAndEscaped),\"request_id\":\(requestID.quotedAndEscaped)}}\n"
        var fields = headers
        fields[.contentType] = "application/json"
        fields[RequestIdentity.headerName] = requestID
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    func response(from request: Request, context: some Hummingbird.RequestContext) throws -> Response {
        response(requestID: request.headers[RequestIdentity.headerName] ?? "")
    }

    /// Google's HTTP mapping of the canonical status codes.
    static func mapping(_ status: ServiceStatus) -> (HTTPResponse.Status, String) {
        switch status {
        case .cancelled: return (.init(code: 499, reasonPhrase: "Client Closed Request"), "CANCELLED")
        case .invalidArgument: return (.badRequest, "INVALID_ARGUMENT")
        case .deadlineExceeded: return (.gatewayTimeout, "DEADLINE_EXCEEDED")
        case .notFound: return (.notFound, "NOT_FOUND")
        case .alreadyExists: return (.conflict, "ALREADY_EXISTS")
        case .permissionDenied: return (.forbidden, "PERMISSION_DENIED")
        case .resourceExhausted: return (.tooManyRequests, "RESOURCE_EXHAUSTED")
        case .failedPrecondition: return (.badRequest, "FAILED_PRECONDITION")
        case .internal: return (.internalServerError, "INTERNAL")
        case .unavailable: return (.serviceUnavailable, "UNAVAILABLE")
        }
    }

    /// Classifies anything a handler threw: our own errors, Hummingbird's (size limit, routing) and the service's.
    static func from(_ error: any Error) -> APIError {
        switch error {
        case let error as APIError: return error
        case let error as HTTPError where error.status == .notFound:
            return APIError(status: .notFound, code: "NOT_FOUND", message: "no such path; see docs/http-api.md")
        case let error as HTTPError:
            return APIError(status: error.status, code: "INVALID_ARGUMENT", message: error.body ?? error.status.reasonPhrase)
        default: return APIError(ServiceError.from(error))
        }
    }
}
