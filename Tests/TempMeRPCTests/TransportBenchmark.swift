import Dispatch
import Foundation
import Testing
import TempMeBasics
import TempMeRPC

/// Side-by-side throughput of TCP loopback and Unix sockets; prints numbers, asserts nothing
/// about time. Run with: TEMPME_RPC_BENCH=1 swift test --filter TransportBenchmark
@Suite("Transport benchmark", .enabled(if: ProcessInfo.processInfo.environment["TEMPME_RPC_BENCH"] == "1"))
struct TransportBenchmark {
    @Test func unaryRoundTripsAndBulkIngest() throws {
        let small = [UInt8](repeating: 1, count: 64)
        let chunk = [UInt8](repeating: 2, count: 256 << 10)
        var rows: [String] = []
        var results: [Transport: (calls: Double, parallel: Double, megabytes: Double)] = [:]
        for transport in Transport.allCases {
            let fixture = try EchoFixture(transport, options: RPCServerOptions(maxReceiveMessageBytes: 1 << 20))
            let client = try fixture.client()
            for _ in 0..<50 { _ = try client.unary(method: "/test.Echo/Unary", request: small) }

            let calls = 2000
            let serial = try measure { for _ in 0..<calls { _ = try client.unary(method: "/test.Echo/Unary", request: small) } }
            let parallel = try measure {
                DispatchQueue.concurrentPerform(iterations: 4) { _ in
                    for _ in 0..<(calls / 4) { _ = try? client.unary(method: "/test.Echo/Unary", request: small) }
                }
            }
            let chunks = 400
            let bulk = try measure {
                _ = try client.clientStreaming(method: "/test.Echo/Sum", requests: (0..<chunks).lazy.map { _ in chunk })
            }
            let megabytes = Double(chunks * chunk.count) / 1_048_576
            results[transport] = (Double(calls) / serial, Double(calls) / parallel, megabytes / bulk)
        }
        for transport in Transport.allCases {
            guard let result = results[transport] else { continue }
            rows.append(String(format: "%@: %.0f unary calls/s (1 thread), %.0f calls/s (4 threads), %.0f MiB/s client-streaming",
                               transport.rawValue, result.calls, result.parallel, result.megabytes))
        }
        if let tcp = results[.tcp], let unix = results[.unix] {
            rows.append(String(format: "unix/tcp ratio: %.2f (1 thread), %.2f (4 threads), %.2f (bulk)",
                               unix.calls / tcp.calls, unix.parallel / tcp.parallel, unix.megabytes / tcp.megabytes))
        }
        print(rows.joined(separator: "\n"))
    }

    private func measure(_ body: () throws -> Void) throws -> Double {
        try ContinuousClock().measure(body).seconds
    }
}
