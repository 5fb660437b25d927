// Starts the HTTP listener (API, /metrics, page) beside the gRPC server, under the same token and drain.
import Foundation
import Logging
import TempMeHTTP
import TempMeService

/// The daemon's HTTP side: metrics backend and listener.
enum HTTPListening {
    /// Bootstraps metrics (when `metrics.enabled`) and starts the HTTP listener (when `http.listen` is set), serving
    /// HTTPS with `tls` like the gRPC listeners; writes its port to `<portFile>.http`. nil when the listener is off.
    static func start(
        _ configuration: DaemonConfiguration, service: VideoSearchService, tls: HTTPTLS?, portFile: String?, logger: Logger
    ) throws -> HTTPServer? {
        let exporter = configuration.http.metricsEnabled ? MetricsExporter(service: service, version: service.settings.version) : nil
        guard case .tcp(let host, let port)? = configuration.http.listen else { return nil }
        var render: (@Sendable () -> String)?
        if let exporter { render = { exporter.render() } }
        let settings = HTTPSettings(
            host: host, port: port, bearerToken: configuration.security.authToken,
            maxJSONBytes: configuration.http.maxJSONBytes, maxVideoBytes: configuration.ingest.maxVideoBytes,
            accessLogLevel: configuration.log.access.loggerLevel, metrics: render, tls: tls)
        let server: HTTPServer
        do {
            server = try HTTPServer(service: service, settings: settings, logger: Logger(label: "tempmed.http"))
        } catch {
            throw DaemonStartupError.listenFailed("\(error)")
        }
        logger.info("listening", metadata: [
            "address": "\(settings.scheme)://\(host):\(server.port)", "port": "\(server.port)", "scheme": "\(settings.scheme)",
        ])
        if let portFile {
            try? "\(server.port)\n".write(toFile: portFile + ".http", atomically: true, encoding: .utf8)
        }
        return server
    }
}
