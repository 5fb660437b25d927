import Testing
import TempMeRPC

@Suite("Status codes, deadlines, cancellation and limits")
struct StatusTests {
    @Test(arguments: [RPCStatusCode.notFound, .invalidArgument, .failedPrecondition, .internal])
    func handlerErrorsArriveWithCodeAndMessage(code: RPCStatusCode) throws {
        let fixture = try EchoFixture(.tcp)
        let client = try fixture.client()
        let error = #expect(throws: RPCError.self) {
            try client.unary(method: "/test.Echo/Fail", request: bytes("\(code.rawValue)"))
        }
        #expect(error?.code == code)
        #expect(error?.message.hasPrefix("failed on purpose with \(code) (request id ") == true)
    }

    @Test(arguments: Transport.allCases)
    func unknownMethodIsUnimplemented(transport: Transport) throws {
        let fixture = try EchoFixture(transport)
        let error = #expect(throws: RPCError.self) {
            try fixture.client().unary(method: "/test.Echo/NoSuchMethod", request: [])
        }
        #expect(error?.code == .unimplemented)
        #expect(error?.message.contains("/test.Echo/NoSuchMethod") == true)
    }

    @Test func deadlineExceededReachesBothSides() throws {
        let fixture = try EchoFixture(.tcp)
        let error = #expect(throws: RPCError.self) {
            try fixture.client().unary(method: "/test.Echo/WaitForCancel", request: [], timeout: .seconds(1))
        }
        #expect(error?.code == .deadlineExceeded)
        #expect(ServerEvents.waitFor(fixture.events.observed))
        #expect(fixture.events.recorded == ["cancelled"])
    }

    @Test(arguments: Transport.allCases)
    func clientCancelMidStreamIsSeenByTheServer(transport: Transport) throws {
        let fixture = try EchoFixture(transport)
        let client = try fixture.client()
        let stream = client.openStream(method: "/test.Echo/Consume")
        for _ in 0..<3 { #expect(stream.send([1, 2, 3])) }
        #expect(ServerEvents.waitFor(fixture.events.entered))
        stream.cancel()
        #expect(stream.finish().code == .cancelled)
        #expect(ServerEvents.waitFor(fixture.events.observed))
        #expect(fixture.events.recorded.last == "cancelled")
    }

    @Test func oversizeRequestIsResourceExhausted() throws {
        let fixture = try EchoFixture(.tcp, options: RPCServerOptions(maxReceiveMessageBytes: 1024))
        let client = try fixture.client()
        #expect(try client.unary(method: "/test.Echo/Unary", request: [UInt8](repeating: 1, count: 1000)).count == 1000)
        let error = #expect(throws: RPCError.self) {
            try client.unary(method: "/test.Echo/Unary", request: [UInt8](repeating: 1, count: 4096))
        }
        #expect(error?.code == .resourceExhausted)
    }

    @Test func oversizeResponseIsRefusedByTheClient() throws {
        let fixture = try EchoFixture(.tcp)
        let client = try fixture.client(RPCClientOptions(maxReceiveMessageBytes: 512))
        let error = #expect(throws: RPCError.self) {
            try client.unary(method: "/test.Echo/Unary", request: [UInt8](repeating: 1, count: 2048))
        }
        #expect(error?.code == .resourceExhausted)
    }

    @Test func callsBeyondTheConcurrencyCapAreRefused() throws {
        let fixture = try EchoFixture(.tcp, options: RPCServerOptions(maxConcurrentCalls: 1))
        let client = try fixture.client()
        let blocked = client.openStream(method: "/test.Echo/WaitForCancel")
        blocked.send([])
        blocked.closeSending()
        #expect(ServerEvents.waitFor(fixture.events.entered))
        let error = #expect(throws: RPCError.self) {
            try client.unary(method: "/test.Echo/Unary", request: [1])
        }
        #expect(error?.code == .resourceExhausted)
        blocked.cancel()
        #expect(blocked.finish().code == .cancelled)
    }

    @Test func unreachableTargetIsUnavailable() throws {
        let client = try RPCClient(target: "unix:/tmp/tempme-rpc-nobody-listens-here.sock")
        let error = #expect(throws: RPCError.self) {
            try client.unary(method: "/test.Echo/Unary", request: [], timeout: .seconds(5))
        }
        #expect(error?.code == .unavailable)
    }

    @Test func listeningTwiceOnOnePortFails() throws {
        let first = try EchoFixture(.tcp)
        let second = RPCServer(router: RPCRouter())
        let error = #expect(throws: RPCError.self) {
            try second.start(addresses: [RPCListenAddress(first.target)])
        }
        #expect(error?.code == .unavailable)
        #expect(error?.message.contains(first.target) == true)
    }
}
