import Foundation
import Testing
import TempMeRPC
import TempMeTestSupport

/// Another gRPC implementation (Python grpcio) must be able to call the server.
///
/// Needs `python3` with `pip install grpcio`; without it the test fails and says so, unless
/// TEMPME_SKIP_GRPCIO_INTEROP=1 is set (then it is reported as skipped).
@Suite("Interoperability with Python grpcio")
struct InteropTests {
    static let skipRequested = ProcessInfo.processInfo.environment["TEMPME_SKIP_GRPCIO_INTEROP"] == "1"

    @Test(.disabled(if: skipRequested, "TEMPME_SKIP_GRPCIO_INTEROP=1"), arguments: Transport.allCases)
    func grpcioClientTalksToTheServer(transport: Transport) throws {
        let fixture = try EchoFixture(transport)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Interop/grpcio_client.py").path
        let (status, output) = try runCapturingOutput("/usr/bin/env", ["python3", "-c", "import grpc"])
        try #require(status == 0, "python3 with grpcio is needed: pip install grpcio (\(output))")
        let (exitCode, report) = try runCapturingOutput("/usr/bin/env", ["python3", script, fixture.target])
        #expect(exitCode == 0, "\(report)")
        let passed = report.split(separator: "\n").filter { $0.hasPrefix("ok ") }.map { String($0.dropFirst(3)) }
        #expect(passed == [
            "unary", "client_streaming", "server_streaming", "error_status", "unimplemented", "deadline", "health_check",
        ])
    }
}
