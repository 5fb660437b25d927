// The web page and its static files, compiled into the binary: nothing is read from disk or fetched.
import Hummingbird
import TempMeService

/// Serves `/` and `/static/NAME` from `StaticAssets`.
enum PageRoutes {
    /// Adds the page routes.
    static func register(on router: Router<HTTPRequestContext>, service: VideoSearchService) {
        router.get("/") { _, _ in try asset("index.html") }
        router.get("/static/:name") { _, context in try asset(context.parameters.get("name") ?? "") }
    }

    /// The asset `name` from the compiled-in table; any other name (a path, `..`) is 404.
    static func asset(_ name: String) throws -> Response {
        guard let asset = StaticAssets.files[name] else {
            throw APIError(status: .notFound, code: "NOT_FOUND", message: "no static file \(name.debugDescription)")
        }
        return Response(
            status: .ok,
            headers: [.contentType: asset.contentType, .cacheControl: "no-cache",
                      .init("X-Content-Type-Options")!: "nosniff"],
            body: .init(byteBuffer: ByteBuffer(string: asset.text)))
    }
}
