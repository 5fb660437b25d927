// The HTTP listener's settings (`[http]`) and the access log's level (`log.access`).
import Logging

extension DaemonConfiguration {
    /// HTTP listener settings.
    public struct HTTP: Sendable, Equatable {
        /// Where the HTTP listener binds (`http.listen`, HOST:PORT); nil turns it off (`http.listen = ""`).
        public var listen: ListenAddress? = .tcp(host: "127.0.0.1", port: 7701)
        /// The raw `http.listen` text until the configuration is finished.
        var listenText: String?
        /// Largest JSON request body, in bytes (`http.max_json_bytes`).
        public var maxJSONBytes: Int = 1 << 20
        /// Whether `/metrics` is served and metrics are recorded (`metrics.enabled`).
        public var metricsEnabled: Bool = true

        /// The defaults: 127.0.0.1:7701, 1 MiB JSON bodies, metrics on.
        public init() {}
    }
}

/// The level of access log lines (`log.access`), or off.
public enum AccessLogLevel: String, Sendable, CaseIterable {
    /// No access log.
    case off
    /// At trace.
    case trace
    /// At debug.
    case debug
    /// At info (the default).
    case info
    /// At notice.
    case notice

    /// The logger level, nil when off.
    public var loggerLevel: Logger.Level? {
        switch self {
        case .off: return nil
        case .trace: return .trace
        case .debug: return .debug
        case .info: return .info
        case .notice: return .notice
        }
    }
}

extension ConfigurationDraft {
    /// Parses `http.listen` and applies the gRPC listeners' rule: off loopback only with the token and TLS (the HTTP
    /// listener serves HTTPS with security.tls_cert and tls_key), unless `security.allow_insecure_remote`.
    func checkHTTP(_ result: inout DaemonConfiguration) throws(ConfigurationError) {
        if let text = result.http.listenText {
            result.http.listen = text.isEmpty ? nil : try ListenAddress(parsing: text, relativeTo: workingDirectory)
            result.http.listenText = nil
        }
        guard let address = result.http.listen else { return }
        guard case .tcp = address else {
            throw .invalidListenAddress(address: address.grpcTarget, reason: "http.listen must be HOST:PORT (the HTTP listener takes no Unix socket), or \"\" for off")
        }
        try checkRemote(address, transport: "http", &result)
    }
}
