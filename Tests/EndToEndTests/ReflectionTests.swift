// gRPC server reflection against a running daemon with standard clients: grpcio-reflection (v1alpha) and v1.
import Foundation
import Testing

@Suite("gRPC server reflection")
struct ReflectionTests {
    @Test("grpcio-reflection lists and describes tempme.v1.TempMe and health without the .proto files; v1 answers too")
    func standardClientListsAndDescribes() throws {
        let probe = try ProcessRunner.run("/usr/bin/env", ["python3", "-c", "import grpc, grpc_reflection"], timeout: 30)
        try #require(probe.status == 0,
                     "python3 on PATH needs grpcio and grpcio-reflection: run scripts/bootstrap.sh, or put .venv/bin first on PATH (\(probe.stderr))")
        let root = try TestEnvironment.scratchDirectory("reflection")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let daemon = try DaemonProcess(dataDirectory: root + "/data")
        let script = TestEnvironment.repositoryRoot.appendingPathComponent("scripts/e2e_reflection_client.py").path
        let result = try ProcessRunner.run("/usr/bin/env", ["python3", script, "--server", daemon.address], timeout: 60)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.json?["ok"] as? Bool == true, "\(result.stdout)")
        #expect(daemon.stop() == 0)
    }
}
