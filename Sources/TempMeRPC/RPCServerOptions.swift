/// A certificate chain and private key (PEM) that a listener presents for TLS.
public struct RPCTLSIdentity: Sendable, Equatable {
    /// The server's certificate chain, PEM.
    public var certificateChainPEM: String
    /// The server's private key, PEM.
    public var privateKeyPEM: String

    /// An identity from PEM text.
    public init(certificateChainPEM: String, privateKeyPEM: String) {
        self.certificateChainPEM = certificateChainPEM
        self.privateKeyPEM = privateKeyPEM
    }
}

/// One address to listen on, plaintext or TLS.
public struct RPCListenAddress: Sendable, Equatable {
    /// gRPC address syntax: `unix:/path/to.sock`, `127.0.0.1:0`, `[::]:50051`.
    public var address: String
    /// TLS identity for this listener; nil serves plaintext.
    public var tls: RPCTLSIdentity?

    /// A listener at a gRPC address string.
    public init(_ address: String, tls: RPCTLSIdentity? = nil) {
        self.address = address
        self.tls = tls
    }

    /// A Unix-domain socket at `path` (an existing socket file there is replaced).
    public static func unix(_ path: String) -> RPCListenAddress {
        RPCListenAddress("unix:\(path)")
    }

    /// A TCP listener; port 0 lets the kernel choose (see `RPCBoundAddress.port`).
    public static func tcp(host: String = "127.0.0.1", port: Int, tls: RPCTLSIdentity? = nil) -> RPCListenAddress {
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return RPCListenAddress("\(hostPart):\(port)", tls: tls)
    }
}

/// An address the server is listening on, with the port it actually bound.
public struct RPCBoundAddress: Sendable, Equatable {
    /// The address as requested.
    public var address: String
    /// The bound TCP port; nil for Unix sockets.
    public var port: Int?
}

/// Which callers must present the bearer token.
public enum RPCTokenScope: Sendable, Equatable {
    /// Every caller, including Unix-socket and loopback peers.
    case allPeers
    /// Only callers that are neither on a Unix socket nor on loopback.
    case remotePeersOnly
}

/// Limits and access control of a server.
public struct RPCServerOptions: Sendable, Equatable {
    /// Largest request message accepted; larger ones fail with RESOURCE_EXHAUSTED.
    public var maxReceiveMessageBytes: Int
    /// Largest response message sent; larger ones fail with RESOURCE_EXHAUSTED.
    public var maxSendMessageBytes: Int
    /// Calls in flight beyond this are refused with RESOURCE_EXHAUSTED; nil means no cap.
    public var maxConcurrentCalls: Int?
    /// When set, calls must carry `authorization: Bearer <token>` or get UNAUTHENTICATED.
    public var bearerToken: String?
    /// Who must present the token.
    public var tokenScope: RPCTokenScope
    /// Methods served without a token (health checks, so probes work unauthenticated).
    public var methodsWithoutToken: Set<String>

    /// Options with gRPC-like defaults: 4 MiB messages, no cap, no token.
    public init(
        maxReceiveMessageBytes: Int = 4 << 20,
        maxSendMessageBytes: Int = 4 << 20,
        maxConcurrentCalls: Int? = nil,
        bearerToken: String? = nil,
        tokenScope: RPCTokenScope = .allPeers,
        methodsWithoutToken: Set<String> = [RPCHealth.checkMethod, RPCHealth.watchMethod]
    ) {
        self.maxReceiveMessageBytes = maxReceiveMessageBytes
        self.maxSendMessageBytes = maxSendMessageBytes
        self.maxConcurrentCalls = maxConcurrentCalls
        self.bearerToken = bearerToken
        self.tokenScope = tokenScope
        self.methodsWithoutToken = methodsWithoutToken
    }
}
