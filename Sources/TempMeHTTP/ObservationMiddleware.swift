// One place per call: the request id, the status errors become, the access log line and the request metrics.
import Foundation
import Hummingbird
import Logging
import TempMeBasics
import TempMeMetrics

/// Gives each request its id, turns thrown errors into JSON error responses carrying it, and
/// records every call (access log line and metrics) once its response is ready (bodies are in memory).
struct ObservationMiddleware: RouterMiddleware {
    typealias Context = HTTPRequestContext

    /// The access logger; nil when access logs are off.
    let accessLog: Logger?
    /// Level of access log lines.
    let level: Logger.Level

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        var context = context
        context.requestID = RequestID.choose(offered: request.headers[RequestIdentity.headerName])
        var response: Response
        do {
            response = try await next(request, context)
            response.headers[RequestIdentity.headerName] = context.requestID
        } catch {
            response = APIError.from(error).response(requestID: context.requestID)
        }
        let status = response.status.code
        let method = request.method.rawValue
        let endpoint = context.endpointPath ?? (status == 404 ? "unmatched" : request.uri.path)
        let requestBytes = request.headers[.contentLength].flatMap { Int($0) }
        let responseBytes = response.body.contentLength
        let seconds = (ContinuousClock.now - start).seconds
        ServiceMetrics.call(transport: "http", method: "\(method) \(endpoint)", status: String(status), seconds: seconds)
        accessLog?.log(level: level, "http call", metadata: [
            "request_id": "\(context.requestID)", "method": "\(method)", "path": "\(request.uri.path)",
            "status": "\(status)", "duration_ms": "\(String(format: "%.2f", seconds * 1000))", "peer": "\(context.peer)",
            "request_bytes": "\(requestBytes.map(String.init) ?? "-")",
            "response_bytes": "\(responseBytes.map(String.init) ?? "-")",
        ])
        return response
    }
}
