import Synchronization

/// A service's health as `grpc.health.v1.HealthCheckResponse.ServingStatus` numbers it.
public enum RPCServingStatus: UInt8, Sendable {
    /// Status not known yet.
    case unknown = 0
    /// Ready for requests.
    case serving = 1
    /// Up but not accepting work (warming up, draining).
    case notServing = 2
    /// Only used by Watch for a service name nobody registered.
    case serviceUnknown = 3
}

/// The standard `grpc.health.v1.Health` service, answered by the transport itself.
///
/// The empty service name "" is the whole server. Set statuses with `setStatus`; Watch streams
/// every change until the client goes away.
public final class RPCHealth: Sendable {
    /// Full method name of Health/Check.
    public static let checkMethod = "/grpc.health.v1.Health/Check"
    /// Full method name of Health/Watch.
    public static let watchMethod = "/grpc.health.v1.Health/Watch"

    private struct State {
        var statuses: [String: RPCServingStatus]
        var version = 0
        var closed = false
    }

    private let state: Mutex<State>

    /// A registry in which the whole server ("") starts as `initialStatus`.
    public init(initialStatus: RPCServingStatus = .notServing) {
        state = Mutex(State(statuses: ["": initialStatus]))
    }

    /// Records the status of `service` ("" = the whole server).
    public func setStatus(_ status: RPCServingStatus, for service: String = "") {
        state.withLock {
            $0.statuses[service] = status
            $0.version += 1
        }
    }

    /// The recorded status of `service`, nil if never set.
    public func status(of service: String) -> RPCServingStatus? {
        state.withLock { $0.statuses[service] }
    }

    /// Marks every service NOT_SERVING and ends Watch streams (the server is shutting down).
    func close() {
        state.withLock {
            for service in $0.statuses.keys { $0.statuses[service] = .notServing }
            $0.version += 1
            $0.closed = true
        }
    }

    /// Adds Check and Watch to a method table.
    func install(into router: inout RPCRouter) {
        router.registerUnary(RPCHealth.checkMethod) { [self] request, _ in
            let service = try HealthWire.decodeService(request)
            guard let status = status(of: service) else {
                throw RPCError(code: .notFound, message: "no health status for service '\(service)'")
            }
            return HealthWire.encodeResponse(status)
        }
        router.registerServerStreaming(RPCHealth.watchMethod) { [self] request, call in
            try watch(service: try HealthWire.decodeService(request), call: call)
        }
    }

    /// Sends the current status, then each change, until the call is cancelled.
    private func watch(service: String, call: RPCCall) throws(RPCError) {
        var sentVersion = -1
        var sentStatus: RPCServingStatus?
        while !call.isCancelled {
            let (version, status, closed) = state.withLock {
                ($0.version, $0.statuses[service] ?? .serviceUnknown, $0.closed)
            }
            if version != sentVersion {
                sentVersion = version
                if status != sentStatus {
                    try call.send(HealthWire.encodeResponse(status))
                    sentStatus = status
                }
            }
            if closed { return }
            _ = call.waitForCancellation(timeout: .milliseconds(100))
        }
    }
}
