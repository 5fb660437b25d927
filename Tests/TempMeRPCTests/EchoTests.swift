import Testing
import TempMeRPC

@Suite("Echo over TCP loopback and Unix sockets")
struct EchoTests {
    @Test(arguments: Transport.allCases)
    func unaryEchoesBytes(transport: Transport) throws {
        let fixture = try EchoFixture(transport)
        let client = try fixture.client()
        let payload: [UInt8] = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        #expect(try client.unary(method: "/test.Echo/Unary", request: payload) == payload)
        #expect(try client.unary(method: "/test.Echo/Unary", request: []) == [])
    }

    @Test(arguments: Transport.allCases)
    func clientStreamingCountsThousandChunks(transport: Transport) throws {
        let fixture = try EchoFixture(transport)
        let client = try fixture.client()
        let chunks = (0..<1000).map { [UInt8](repeating: 7, count: $0 % 97) }
        let expectedTotal = chunks.reduce(0) { $0 + $1.count }
        let response = try client.clientStreaming(method: "/test.Echo/Sum", requests: chunks)
        #expect(text(response) == "1000 \(expectedTotal)")
    }

    @Test(arguments: Transport.allCases)
    func serverStreamingSendsEveryMessageInOrder(transport: Transport) throws {
        let fixture = try EchoFixture(transport)
        let client = try fixture.client()
        var received: [String] = []
        try client.serverStreaming(method: "/test.Echo/Count", request: bytes("250")) { received.append(text($0)) }
        #expect(received == (0..<250).map { "\($0)" })
    }

    @Test func metadataAndDeadlineReachTheHandler() throws {
        let fixture = try EchoFixture(.tcp)
        let client = try fixture.client()
        let header = try client.unary(method: "/test.Echo/Header", request: [], metadata: ["X-Test": "hello"])
        #expect(text(header) == "hello")
        #expect(text(try client.unary(method: "/test.Echo/Deadline", request: [])) == "none")
        let withDeadline = try client.unary(method: "/test.Echo/Deadline", request: [], timeout: .seconds(30))
        #expect(text(withDeadline) == "future")
    }

    @Test func oneServerListensOnTCPAndUnixAtOnce() throws {
        let server = RPCServer(router: {
            var router = RPCRouter()
            router.registerUnary("/test.Echo/Unary") { request, _ in request }
            return router
        }())
        let path = "/tmp/tempme-rpc-both-\(UInt32.random(in: 0...UInt32.max)).sock"
        let bound = try server.start(addresses: [.tcp(port: 0), .unix(path)])
        #expect(bound[1].port == nil)
        let tcpPort = try #require(bound[0].port)
        for target in ["127.0.0.1:\(tcpPort)", "unix:\(path)"] {
            #expect(try RPCClient(target: target).unary(method: "/test.Echo/Unary", request: [1, 2]) == [1, 2])
        }
        server.shutdown(drainSeconds: 1)
    }
}
