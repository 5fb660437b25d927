// The per-request state the middlewares share: the request id and the peer.
import Hummingbird

/// Hummingbird's request context plus tempmed's request id and peer address.
public struct HTTPRequestContext: RequestContext {
    /// Hummingbird's own storage (logger, parameters, endpoint).
    public var coreContext: CoreRequestContextStorage
    /// The id of this request (X-Request-Id), set by the observation middleware.
    public var requestID: String = ""
    /// The client's address, e.g. 127.0.0.1:53422.
    public let peer: String

    /// A context for a request arriving on `source.channel`.
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peer = source.channel.remoteAddress.map { address in
            "\(address.ipAddress ?? "?"):\(address.port.map(String.init) ?? "?")"
        } ?? "unknown"
    }

    /// Video uploads stream; JSON bodies are collected with their own limit.
    public var maxUploadSize: Int { Int.max }
}
