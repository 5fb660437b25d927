// A typed client of the tempme.v1 API (and grpc.health.v1) over the project's gRPC transport.
import SwiftProtobuf
import TempMeRPC

/// One daemon, typed: one method per RPC, each blocking until the answer (or its deadline) arrives.
///
/// The channel connects lazily on the first call and is safe to share between threads.
public struct TempMeClient: Sendable {
    /// The daemon's address: `HOST:PORT` or `unix:PATH`.
    public let address: String
    /// The settings every call uses.
    public let options: TempMeClientOptions
    private let transport: RPCClient

    /// A client of the daemon at `address`; fails only for an address gRPC cannot parse.
    public init(address: String, options: TempMeClientOptions = TempMeClientOptions()) throws(TempMeClientError) {
        let token = options.bearerToken?.isEmpty == false ? options.bearerToken : nil
        let settings = RPCClientOptions(
            rootCertificatesPEM: options.rootCertificatesPEM, tlsServerName: options.tlsServerName, bearerToken: token,
            maxReceiveMessageBytes: options.maxMessageBytes, maxSendMessageBytes: options.maxMessageBytes)
        do {
            transport = try RPCClient(target: address, options: settings)
        } catch {
            throw TempMeClientError(error)
        }
        self.address = address
        self.options = options
    }

    /// One unary call with raw message bytes, for callers that speak the wire format themselves
    /// (and tests of how the daemon treats malformed requests).
    public func rawCall(method: String, request: [UInt8]) throws(TempMeClientError) -> [UInt8] {
        do {
            return try transport.unary(method: method, request: request, timeout: options.timeout)
        } catch {
            throw TempMeClientError(error)
        }
    }

    /// One unary call with a typed request and response.
    func call<Response: SwiftProtobuf.Message>(
        _ method: String, _ request: some SwiftProtobuf.Message
    ) throws(TempMeClientError) -> Response {
        try Response(wireBytes: try rawCall(method: method, request: try request.wireBytes()))
    }

    /// A streaming call to `method` under this client's deadline.
    func openStream(_ method: String) -> RPCClientStream {
        transport.openStream(method: method, timeout: options.timeout)
    }
}
