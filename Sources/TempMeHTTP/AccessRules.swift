// Before any handler: the method must be one the path takes, and API and metrics calls must carry the token.
import Hummingbird
import TempMeBasics

/// Refuses wrong methods (405 with Allow) and, when a token is configured, calls without it (401)
/// or with another (403). The page and its static files need no token: they hold no data.
struct AccessRules: RouterMiddleware {
    typealias Context = HTTPRequestContext

    /// The bearer token; nil means none is required.
    let token: String?

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let segments = request.uri.path.split(separator: "/", omittingEmptySubsequences: true)
        if let allowed = Self.allowedMethods(segments), !allowed.contains(request.method) {
            throw APIError(
                status: .methodNotAllowed, code: "INVALID_ARGUMENT",
                message: "\(request.method.rawValue) is not allowed on \(request.uri.path); use \(allowed.map(\.rawValue).joined(separator: " or "))",
                headers: [.allow: allowed.map(\.rawValue).joined(separator: ", ")])
        }
        if let token, segments.first == "v1" || segments.first == "metrics" {
            try Self.check(request.headers[.authorization], token: token)
        }
        return try await next(request, context)
    }

    /// The methods a known API path takes; nil for paths that are not the API's (the page, static files, unknown).
    static func allowedMethods(_ segments: [Substring]) -> [HTTPRequest.Method]? {
        switch (segments.count, segments.first, segments.dropFirst().first) {
        case (1, "metrics", _): return [.get]
        case (2, "v1", "search"), (2, "v1", "similar"), (2, "v1", "get"), (2, "v1", "list"): return [.post]
        case (2, "v1", "stats"), (2, "v1", "info"): return [.get]
        case (3, "v1", "videos"): return [.put]
        case (5, "v1", "videos") where segments[3] == "thumbnails": return [.get]
        default: return nil
        }
    }

    /// Throws 401 without `Authorization: Bearer ...`, 403 with a wrong token.
    static func check(_ header: String?, token: String) throws {
        guard let header, header.hasPrefix("Bearer ") else {
            throw APIError(
                status: .unauthorized, code: "UNAUTHENTICATED",
                message: "this daemon requires a token: send Authorization: Bearer <token> (security.auth_token_file)",
                headers: [.wwwAuthenticate: "Bearer"])
        }
        guard ConstantTimeComparison.equal(Array(header.utf8.dropFirst("Bearer ".utf8.count)), Array(token.utf8)) else {
            throw APIError(status: .forbidden, code: "PERMISSION_DENIED", message: "the bearer token is not this daemon's token")
        }
    }
}
