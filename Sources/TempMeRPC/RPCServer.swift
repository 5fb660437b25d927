import CTempMeShim
import Synchronization
import TempMeBasics

/// A gRPC server that hands every call, as bytes, to the handler registered for its method.
///
/// Each call runs on its own thread, so handlers may block. Health Check/Watch are served from
/// `health` unless the router registers them itself.
public final class RPCServer: Sendable {
    /// The `grpc.health.v1.Health` statuses this server reports.
    public let health: RPCHealth

    private let dispatcher: RPCDispatcher
    private let options: RPCServerOptions
    /// The shim's server once started. The Mutex serializes start/shutdown/destroy; the shim's
    /// server is itself thread-safe.
    private let lifecycle = Mutex<Lifecycle>(.idle)

    private enum Lifecycle {
        case idle
        case running(OpaquePointer)
        case stopped(OpaquePointer)
    }

    /// A server for `router`'s methods with the given limits and token policy (not started yet).
    /// `observer`, when given, hears of every finished call (access logs, metrics).
    public init(
        router: RPCRouter, options: RPCServerOptions = RPCServerOptions(), health: RPCHealth = RPCHealth(),
        observer: RPCCallObserver? = nil
    ) {
        var table = router
        if table.handler(for: RPCHealth.checkMethod) == nil {
            health.install(into: &table)
        }
        self.health = health
        self.options = options
        self.dispatcher = RPCDispatcher(router: table, authorization: RPCAuthorization(options: options), observer: observer)
    }

    deinit {
        lifecycle.withLock { state in
            switch state {
            case .idle: break
            case .running(let server), .stopped(let server): tempme_server_destroy(server)
            }
            state = .idle
        }
    }

    /// Starts listening on every address at once; returns each address with its bound port.
    @discardableResult
    public func start(addresses: [RPCListenAddress]) throws(RPCError) -> [RPCBoundAddress] {
        guard !addresses.isEmpty else {
            throw RPCError(code: .invalidArgument, message: "give at least one listen address")
        }
        return try lifecycle.withLock { (state: inout Lifecycle) throws(RPCError) -> [RPCBoundAddress] in
            switch state {
            case .idle: break
            case .running:
                throw RPCError(code: .failedPrecondition, message: "the server is already running")
            case .stopped:
                throw RPCError(code: .failedPrecondition, message: "a stopped server cannot restart; create a new RPCServer")
            }
            let strings = CStringList()
            let listeners = addresses.map { address in
                tempme_listen_address(
                    address: strings.copy(address.address),
                    tls_certificate_chain_pem: strings.copy(address.tls?.certificateChainPEM),
                    tls_private_key_pem: strings.copy(address.tls?.privateKeyPEM))
            }
            var limits = tempme_server_options(
                max_receive_message_bytes: RPCServer.clampedInt32(options.maxReceiveMessageBytes),
                max_send_message_bytes: RPCServer.clampedInt32(options.maxSendMessageBytes),
                max_concurrent_calls: RPCServer.clampedInt32(options.maxConcurrentCalls ?? 0))
            var ports = [Int32](repeating: 0, count: addresses.count)
            var error: UnsafeMutablePointer<CChar>?
            let context = Unmanaged.passUnretained(dispatcher).toOpaque()
            let started = withExtendedLifetime(strings) {
                tempme_server_start(listeners, listeners.count, &limits, rpcServerTrampoline, context, &ports, &error)
            }
            guard let started else {
                let reason = error.map { String(cString: $0) } ?? "unknown reason"
                tempme_string_free(error)
                throw RPCError(code: .unavailable, message: reason)
            }
            state = .running(started)
            return zip(addresses, ports).map { address, port in
                RPCBoundAddress(address: address.address, port: port == 0 ? nil : Int(port))
            }
        }
    }

    /// Stops accepting calls, gives in-flight calls `drainSeconds` to finish, then cancels them;
    /// returns once every handler has returned. Safe to call more than once.
    public func shutdown(drainSeconds: Double) {
        health.close()
        lifecycle.withLock { state in
            if case .running(let server) = state {
                tempme_server_shutdown(server, drainSeconds)
                state = .stopped(server)
            }
        }
    }

    private static func clampedInt32(_ value: Int) -> Int32 {
        Int32(clamping: max(0, value))
    }
}

/// The shim's entry point for every call: wraps the handle and dispatches it on this thread.
private let rpcServerTrampoline: tempme_server_handler = { context, handle in
    guard let handle else { return }
    let call = RPCCall(handle: handle)
    guard let context else {
        call.finish(code: .internal, message: "server context missing")
        return
    }
    Unmanaged<RPCDispatcher>.fromOpaque(context).takeUnretainedValue().dispatch(call)
}

/// Routes a call to its handler and turns the outcome into the call's status.
final class RPCDispatcher: Sendable {
    private let router: RPCRouter
    private let authorization: RPCAuthorization
    private let observer: RPCCallObserver?

    init(router: RPCRouter, authorization: RPCAuthorization, observer: RPCCallObserver?) {
        self.router = router
        self.authorization = authorization
        self.observer = observer
    }

    /// Runs the call's handler and finishes it; error messages end with the request id.
    func dispatch(_ call: RPCCall) {
        let start = ContinuousClock.now
        let status: RPCStatusCode
        do {
            try authorization.check(call)
            guard let handler = router.handler(for: call.method) else {
                throw RPCError(code: .unimplemented, message: "unknown method \(call.method)")
            }
            try handler(call)
            status = .ok
            call.finish(code: .ok, message: "")
        } catch let error as RPCError {
            status = error.code
            call.finish(code: error.code, message: "\(error.message) (request id \(call.requestID))")
        } catch {
            status = .unknown
            call.finish(code: .unknown, message: "\(call.method) failed: \(error) (request id \(call.requestID))")
        }
        guard let observer else { return }
        let elapsed = ContinuousClock.now - start
        observer(RPCCallSummary(
            method: call.method, status: status,
            seconds: elapsed.seconds,
            peer: call.peer, requestID: call.requestID, receivedBytes: call.receivedBytes.load(ordering: .relaxed),
            sentBytes: call.sentBytes.load(ordering: .relaxed)))
    }
}
