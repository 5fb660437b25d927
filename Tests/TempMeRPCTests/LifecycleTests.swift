import Dispatch
import Synchronization
import Testing
import TempMeRPC

@Suite("Shutdown, concurrency and health")
struct LifecycleTests {
    @Test func gracefulShutdownDrainsAnInFlightCall() throws {
        let fixture = try EchoFixture(.tcp)
        let client = try fixture.client()
        let result = Mutex<Result<[UInt8], RPCError>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Thread.detached {
            let outcome = Result { () throws(RPCError) in try client.unary(method: "/test.Echo/SlowButSteady", request: []) }
            result.withLock { $0 = outcome }
            done.signal()
        }
        #expect(ServerEvents.waitFor(fixture.events.entered))
        fixture.server.shutdown(drainSeconds: 10)
        #expect(ServerEvents.waitFor(done))
        let outcome = try #require(result.withLock { $0 })
        #expect(text(try outcome.get()) == "drained")
        let after = #expect(throws: RPCError.self) {
            try client.unary(method: "/test.Echo/Unary", request: [1], timeout: .seconds(5))
        }
        #expect(after?.code == .unavailable)
    }

    @Test func shutdownPastTheDrainTimeCancelsCalls() throws {
        let fixture = try EchoFixture(.unix)
        let client = try fixture.client()
        let stream = client.openStream(method: "/test.Echo/WaitForCancel")
        stream.send([])
        stream.closeSending()
        #expect(ServerEvents.waitFor(fixture.events.entered))
        fixture.server.shutdown(drainSeconds: 0.1)
        #expect(fixture.events.recorded == ["cancelled"])
        #expect(stream.finish().code != .ok)
    }

    @Test func stoppedServerRefusesToRestart() throws {
        let server = RPCServer(router: RPCRouter())
        try server.start(addresses: [.tcp(port: 0)])
        let twice = #expect(throws: RPCError.self) { try server.start(addresses: [.tcp(port: 0)]) }
        #expect(twice?.code == .failedPrecondition)
        server.shutdown(drainSeconds: 0)
        server.shutdown(drainSeconds: 0)
        let again = #expect(throws: RPCError.self) { try server.start(addresses: [.tcp(port: 0)]) }
        #expect(again?.code == .failedPrecondition)
    }

    @Test(arguments: Transport.allCases)
    func eightThreadsOfHundredCallsShareOneClient(transport: Transport) throws {
        let fixture = try EchoFixture(transport)
        let client = try fixture.client()
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            for call in 0..<100 {
                let payload = bytes("thread \(thread) call \(call)")
                do {
                    let echoed = try client.unary(method: "/test.Echo/Unary", request: payload)
                    if echoed != payload { failures.withLock { $0.append("mismatch \(thread)/\(call)") } }
                } catch {
                    failures.withLock { $0.append("\(thread)/\(call): \(error)") }
                }
            }
        }
        #expect(failures.withLock { $0 } == [])
    }

    @Test func healthCheckReportsTheRecordedStatus() throws {
        let fixture = try EchoFixture(.unix)
        let client = try fixture.client()
        #expect(try client.unary(method: RPCHealth.checkMethod, request: []) == [0x08, 0x02])
        fixture.server.health.setStatus(.serving)
        #expect(try client.unary(method: RPCHealth.checkMethod, request: []) == [0x08, 0x01])
        fixture.server.health.setStatus(.serving, for: "tempme.v1.TempMe")
        let named = [0x0A, 16] + bytes("tempme.v1.TempMe")
        #expect(try client.unary(method: RPCHealth.checkMethod, request: named) == [0x08, 0x01])
        let unknown = #expect(throws: RPCError.self) {
            try client.unary(method: RPCHealth.checkMethod, request: [0x0A, 3] + bytes("nop"))
        }
        #expect(unknown?.code == .notFound)
        let malformed = #expect(throws: RPCError.self) {
            try client.unary(method: RPCHealth.checkMethod, request: [0x0A, 40, 1])
        }
        #expect(malformed?.code == .invalidArgument)
    }

    @Test func healthWatchStreamsChanges() throws {
        let fixture = try EchoFixture(.tcp)
        let stream = try fixture.client().openStream(method: RPCHealth.watchMethod)
        stream.send([])
        stream.closeSending()
        #expect(stream.receive() == [0x08, 0x02])
        fixture.server.health.setStatus(.serving)
        #expect(stream.receive() == [0x08, 0x01])
        fixture.server.shutdown(drainSeconds: 5)
        #expect(stream.receive() == [0x08, 0x02])
        #expect(stream.receive() == nil)
        #expect(stream.finish().code == .ok)
    }
}

/// Runs a closure on a new thread (tests need a real blocked thread, not a task).
enum Thread {
    static func detached(_ body: @escaping @Sendable () -> Void) {
        DispatchQueue.global().async(execute: body)
    }
}
