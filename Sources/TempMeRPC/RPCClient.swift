import CTempMeShim

/// A gRPC client that calls methods by name with byte messages; calls block the calling thread.
///
/// Unchecked Sendable: the shim's channel is thread-safe (gRPC channels and generic stubs may be
/// shared by any number of threads) and this class holds nothing else mutable.
public final class RPCClient: @unchecked Sendable {
    /// The target this client talks to.
    public let target: String
    private let handle: OpaquePointer

    /// A client for `target` (`unix:/path`, `host:port`); connects lazily on the first call.
    public init(target: String, options: RPCClientOptions = RPCClientOptions()) throws(RPCError) {
        let strings = CStringList()
        var settings = tempme_client_options(
            root_certificates_pem: strings.copy(options.rootCertificatesPEM),
            tls_server_name: strings.copy(options.tlsServerName),
            bearer_token: strings.copy(options.bearerToken),
            max_receive_message_bytes: Int32(clamping: max(0, options.maxReceiveMessageBytes ?? 0)),
            max_send_message_bytes: Int32(clamping: max(0, options.maxSendMessageBytes ?? 0)))
        var error: UnsafeMutablePointer<CChar>?
        let created = withExtendedLifetime(strings) { tempme_client_create(target, &settings, &error) }
        guard let created else {
            let reason = error.map { String(cString: $0) } ?? "invalid target \(target)"
            tempme_string_free(error)
            throw RPCError(code: .invalidArgument, message: reason)
        }
        self.target = target
        self.handle = created
    }

    deinit {
        tempme_client_destroy(handle)
    }

    /// Opens a call for any streaming shape; the stream keeps this client alive.
    public func openStream(method: String, metadata: RPCMetadata = [:], timeout: Duration? = nil) -> RPCClientStream {
        RPCClientStream(client: self, method: method, metadata: metadata, timeout: timeout)
    }

    /// Sends one request and returns the one response; non-OK statuses throw `RPCError`.
    public func unary(
        method: String, request: [UInt8], metadata: RPCMetadata = [:], timeout: Duration? = nil
    ) throws(RPCError) -> [UInt8] {
        try clientStreaming(method: method, requests: CollectionOfOne(request), metadata: metadata, timeout: timeout)
    }

    /// Sends every request of `requests`, then returns the one response.
    public func clientStreaming(
        method: String, requests: some Sequence<[UInt8]>, metadata: RPCMetadata = [:], timeout: Duration? = nil
    ) throws(RPCError) -> [UInt8] {
        let stream = openStream(method: method, metadata: metadata, timeout: timeout)
        for request in requests {
            guard stream.send(request) else { break }  // the call ended early; finish() says why
        }
        stream.closeSending()
        let response = stream.receive()
        try stream.finish().throwIfFailed()
        guard let response else {
            throw RPCError(code: .internal, message: "\(method) returned OK without a response message")
        }
        return response
    }

    /// Sends one request and hands each response message to `onMessage`, in order.
    ///
    /// An error thrown by `onMessage` cancels the call and is rethrown as `RPCError(.cancelled)`
    /// unless it already is an `RPCError`.
    public func serverStreaming(
        method: String, request: [UInt8], metadata: RPCMetadata = [:], timeout: Duration? = nil,
        onMessage: ([UInt8]) throws -> Void
    ) throws(RPCError) {
        let stream = openStream(method: method, metadata: metadata, timeout: timeout)
        if stream.send(request) { stream.closeSending() }
        while let message = stream.receive() {
            do {
                try onMessage(message)
            } catch {
                stream.cancel()
                _ = stream.finish()
                if let error = error as? RPCError { throw error }
                throw RPCError(code: .cancelled, message: "\(method) stopped by the caller: \(error)")
            }
        }
        try stream.finish().throwIfFailed()
    }

    /// Starts a call in the shim (used by RPCClientStream).
    func startCall(method: String, metadata: RPCMetadata, timeout: Duration?) -> OpaquePointer? {
        let strings = CStringList()
        let keys = metadata.entries.map { strings.copy($0.name) }
        let values = metadata.entries.map { strings.copy($0.value) }
        let milliseconds = timeout.map { max(1, $0.clampedMilliseconds) } ?? 0
        return withExtendedLifetime(strings) {
            tempme_client_call_start(handle, method, keys, values, keys.count, milliseconds)
        }
    }
}
