// How a client reaches the daemon: TLS, bearer token, per-call deadline and message limits.

/// Connection settings of a `TempMeClient`; the defaults are tempmectl's (plaintext, no token, 60 s, 64 MiB).
public struct TempMeClientOptions: Sendable, Equatable {
    /// Sent as `authorization: Bearer <token>` on every call; nil or empty sends none.
    public var bearerToken: String?
    /// PEM roots to verify the daemon with; non-nil switches the channel to TLS.
    public var rootCertificatesPEM: String?
    /// Name to check in the daemon's certificate instead of the address's host.
    public var tlsServerName: String?
    /// Deadline of each call (an upload is one call); nil waits forever.
    public var timeout: Duration?
    /// Largest message sent or accepted, in bytes.
    public var maxMessageBytes: Int

    /// Options with tempmectl's defaults unless given.
    public init(bearerToken: String? = nil, rootCertificatesPEM: String? = nil, tlsServerName: String? = nil,
                timeout: Duration? = .seconds(60), maxMessageBytes: Int = 64 << 20) {
        self.bearerToken = bearerToken
        self.rootCertificatesPEM = rootCertificatesPEM
        self.tlsServerName = tlsServerName
        self.timeout = timeout
        self.maxMessageBytes = maxMessageBytes
    }
}
