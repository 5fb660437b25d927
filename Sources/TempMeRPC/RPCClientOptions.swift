/// Channel settings of a client: TLS, bearer token and message limits.
public struct RPCClientOptions: Sendable, Equatable {
    /// PEM roots to verify the server with; non-nil switches the channel to TLS.
    public var rootCertificatesPEM: String?
    /// Name to check in the server certificate instead of the target's host.
    public var tlsServerName: String?
    /// Sent as `authorization: Bearer <token>` on every call.
    public var bearerToken: String?
    /// Largest response message accepted; nil keeps gRPC's 4 MiB.
    public var maxReceiveMessageBytes: Int?
    /// Largest request message sent; nil keeps gRPC's default (unlimited).
    public var maxSendMessageBytes: Int?

    /// Plaintext, no token, gRPC's default limits unless given.
    public init(
        rootCertificatesPEM: String? = nil,
        tlsServerName: String? = nil,
        bearerToken: String? = nil,
        maxReceiveMessageBytes: Int? = nil,
        maxSendMessageBytes: Int? = nil
    ) {
        self.rootCertificatesPEM = rootCertificatesPEM
        self.tlsServerName = tlsServerName
        self.bearerToken = bearerToken
        self.maxReceiveMessageBytes = maxReceiveMessageBytes
        self.maxSendMessageBytes = maxSendMessageBytes
    }
}
