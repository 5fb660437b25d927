// The whole HTTP surface on one router: middlewares first, then /metrics, the API and the page.
import Hummingbird
import Logging
import TempMeService

/// Builds the router the HTTP listener serves.
enum HTTPRoutes {
    /// Every route, behind request ids, access logs and metrics, the method check and the token check.
    static func router(service: VideoSearchService, settings: HTTPSettings) -> Router<HTTPRequestContext> {
        let router = Router(context: HTTPRequestContext.self)
        let accessLog = Logger(label: "tempmed.access")  // lines below log.level are dropped like any other
        router.add(middleware: ObservationMiddleware(
            accessLog: settings.accessLogLevel == nil ? nil : accessLog, level: settings.accessLogLevel ?? .info))
        router.add(middleware: AccessRules(token: settings.bearerToken))
        if let metrics = settings.metrics {
            router.get("/metrics") { _, _ in
                Response(
                    status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                    body: .init(byteBuffer: ByteBuffer(string: metrics())))
            }
        }
        APIRoutes.register(on: router, service: service, settings: settings)
        PageRoutes.register(on: router, service: service)
        return router
    }
}
