// The HTTP listener's lifecycle, shaped like the gRPC server's: start (bound port known), then a bounded drain.
import Dispatch
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import ServiceLifecycle
import Synchronization
import TempMeService

/// A failure to start the HTTP listener.
public struct HTTPServerError: Error, CustomStringConvertible {
    /// What went wrong.
    public let description: String
}

/// A running Hummingbird server serving the API, `/metrics` and the page; stop it with `shutdown`.
public final class HTTPServer: Sendable {
    /// The bound TCP port.
    public let port: Int
    private let group: ServiceGroup
    private let finished: DispatchSemaphore
    private let task: Task<Void, Never>

    /// Binds `settings.host:settings.port` and serves (HTTPS when `settings.tls` is set); returns once the listener is up.
    public init(service: VideoSearchService, settings: HTTPSettings, logger: Logger) throws {
        let router = HTTPRoutes.router(service: service, settings: settings)
        let started = Mutex<Result<Int, HTTPServerError>?>(nil)
        let ready = DispatchSemaphore(value: 0)
        var serverLogger = logger
        serverLogger.logLevel = max(logger.logLevel, .warning)  // Hummingbird's own lines only when something is wrong
        let server: HTTPServerBuilder
        do {
            server = try settings.tls.map { try .tls(.http1(), tlsConfiguration: $0.configuration) } ?? .http1()
        } catch {
            throw HTTPServerError(description: "cannot set up TLS on the HTTP listener: \(error)")
        }
        let app = Application(
            router: router,
            server: server,
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "tempmed"),
            onServerRunning: { channel in
                started.withLock { $0 = .success(channel.localAddress?.port ?? 0) }
                ready.signal()
            },
            logger: serverLogger)
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: serverLogger))
        let finished = DispatchSemaphore(value: 0)
        let address = "\(settings.host):\(settings.port)"
        task = Task.detached {
            do {
                try await group.run()
            } catch {
                started.withLock { $0 = $0 ?? .failure(HTTPServerError(description: "cannot listen on \(address): \(error)")) }
            }
            ready.signal()
            finished.signal()
        }
        self.group = group
        self.finished = finished
        _ = ready.wait(timeout: .now() + 30)
        switch started.withLock({ $0 }) {
        case .success(let port): self.port = port
        case .failure(let error): throw error
        case nil: throw HTTPServerError(description: "the HTTP listener on \(address) did not start within 30 s")
        }
    }

    /// Stops accepting connections, lets requests in flight finish for up to `drainSeconds`, then cancels them. Blocks.
    public func shutdown(drainSeconds: Double) {
        let group = group
        Task.detached { await group.triggerGracefulShutdown() }
        if finished.wait(timeout: .now() + max(0, drainSeconds)) == .timedOut {
            task.cancel()
            finished.wait()
        }
        finished.signal()  // a second shutdown returns at once
    }
}
