import Dispatch
import Foundation
import Synchronization
import TempMeRPC

/// How a test reaches the echo server.
enum Transport: String, CaseIterable, Sendable, CustomStringConvertible {
    case tcp
    case unix

    var description: String { rawValue }
}

/// What the echo server's handlers observed, for tests to inspect from their own thread.
final class ServerEvents: Sendable {
    /// Signalled when a blocking handler has started.
    let entered = DispatchSemaphore(value: 0)
    /// Signalled when a blocking handler has finished observing its call.
    let observed = DispatchSemaphore(value: 0)
    private let notes = Mutex<[String]>([])

    func record(_ note: String) { notes.withLock { $0.append(note) } }

    /// Waits (bounded, so a broken server fails the test instead of hanging it) for a signal.
    @discardableResult
    static func waitFor(_ semaphore: DispatchSemaphore, seconds: Double = 20) -> Bool {
        semaphore.wait(timeout: .now() + seconds) == .success
    }
    var recorded: [String] { notes.withLock { $0 } }
}

/// Decimal text as message bytes, the echo server's number format.
func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// Message bytes as text.
func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

/// A running server with the test methods under `/test.Echo/`, on TCP loopback or a Unix socket.
final class EchoFixture: Sendable {
    let server: RPCServer
    let target: String
    let events = ServerEvents()
    private let socketPath: String?

    init(_ transport: Transport, options: RPCServerOptions = RPCServerOptions(), tls: RPCTLSIdentity? = nil) throws {
        let events = self.events
        server = RPCServer(router: EchoFixture.router(events: events), options: options)
        switch transport {
        case .tcp:
            socketPath = nil
            let bound = try server.start(addresses: [.tcp(host: "127.0.0.1", port: 0, tls: tls)])
            target = "127.0.0.1:\(bound[0].port ?? 0)"
        case .unix:
            let path = "/tmp/tempme-rpc-\(UUID().uuidString.prefix(8)).sock"
            socketPath = path
            try server.start(addresses: [.unix(path)])
            target = "unix:\(path)"
        }
    }

    deinit {
        server.shutdown(drainSeconds: 0)
        if let socketPath { try? FileManager.default.removeItem(atPath: socketPath) }
    }

    func client(_ options: RPCClientOptions = RPCClientOptions()) throws -> RPCClient {
        try RPCClient(target: target, options: options)
    }

    private static func router(events: ServerEvents) -> RPCRouter {
        var router = RPCRouter()
        router.registerUnary("/test.Echo/Unary") { request, _ in request }
        router.registerUnary("/test.Echo/Header") { _, call in bytes(call.metadata["x-test"] ?? "<none>") }
        router.registerUnary("/test.Echo/Deadline") { _, call in
            bytes(call.timeRemaining.map { $0 > .zero ? "future" : "past" } ?? "none")
        }
        router.registerClientStreaming("/test.Echo/Sum") { call in
            var total = 0
            var count = 0
            while let chunk = try call.receive() {
                total += chunk.count
                count += 1
            }
            return bytes("\(count) \(total)")
        }
        router.registerServerStreaming("/test.Echo/Count") { request, call in
            for index in 0..<(Int(text(request)) ?? 0) { try call.send(bytes("\(index)")) }
        }
        router.registerUnary("/test.Echo/Fail") { request, _ in
            let code = RPCStatusCode(wireValue: Int32(text(request)) ?? 2)
            throw RPCError(code: code, message: "failed on purpose with \(code)")
        }
        router.registerUnary("/test.Echo/WaitForCancel") { _, call in
            events.entered.signal()
            let cancelled = call.waitForCancellation(timeout: .seconds(10))
            events.record(cancelled ? "cancelled" : "not cancelled")
            events.observed.signal()
            return bytes("waited")
        }
        router.register("/test.Echo/Consume") { call in
            events.entered.signal()
            do {
                while try call.receive() != nil {}
                events.record("end of stream")
            } catch {
                events.record("\(error)")
            }
            events.record(call.waitForCancellation(timeout: .seconds(5)) ? "cancelled" : "not cancelled")
            events.observed.signal()
        }
        router.registerUnary("/test.Echo/SlowButSteady") { _, call in
            events.entered.signal()
            let cancelled = call.waitForCancellation(timeout: .milliseconds(300))
            return bytes(cancelled ? "cancelled" : "drained")
        }
        return router
    }
}
