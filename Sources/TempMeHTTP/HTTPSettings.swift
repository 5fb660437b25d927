// What the HTTP listener needs from the daemon's configuration, already checked.
import Logging

/// Settings of the HTTP listener.
public struct HTTPSettings: Sendable {
    /// Host to bind, e.g. 127.0.0.1.
    public var host: String
    /// Port to bind; 0 picks a free one.
    public var port: Int
    /// Bearer token every API and metrics request must carry; nil means none.
    public var bearerToken: String?
    /// Largest JSON request body, in bytes.
    public var maxJSONBytes: Int
    /// Largest uploaded video, in bytes (the service's limit).
    public var maxVideoBytes: Int
    /// Level of the one-line-per-call access log; nil turns it off.
    public var accessLogLevel: Logger.Level?
    /// Renders `/metrics`; nil serves 404 there (metrics off).
    public var metrics: (@Sendable () -> String)?
    /// The certificate and key to serve HTTPS with; nil serves plain HTTP.
    public var tls: HTTPTLS?

    /// Settings with every value given.
    public init(
        host: String, port: Int, bearerToken: String?, maxJSONBytes: Int, maxVideoBytes: Int,
        accessLogLevel: Logger.Level?, metrics: (@Sendable () -> String)?, tls: HTTPTLS? = nil
    ) {
        self.host = host
        self.port = port
        self.bearerToken = bearerToken
        self.maxJSONBytes = maxJSONBytes
        self.maxVideoBytes = maxVideoBytes
        self.accessLogLevel = accessLogLevel
        self.metrics = metrics
        self.tls = tls
    }

    /// `https` with TLS, else `http`.
    public var scheme: String { tls == nil ? "http" : "https" }
}
