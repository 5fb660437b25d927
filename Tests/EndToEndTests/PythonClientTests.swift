// A client in another language: scripts/e2e_python_client.py generates stubs from Protos/ with grpcio-tools and talks to the daemon.
import Foundation
import TempMeTestSupport
import Testing

@Suite("Python gRPC client")
struct PythonClientTests {
    @Test("ingest, search, get, delete from Python stubs generated at test time")
    func pythonClient() throws {
        let probe = try ProcessRunner.run("/usr/bin/env", ["python3", "-c", "import grpc, grpc_tools"], timeout: 30)
        try #require(probe.status == 0,
                     "python3 on PATH needs grpcio and grpcio-tools: run scripts/test.sh, or put .venv/bin first on PATH (\(probe.stderr))")
        let root = try TestEnvironment.scratchDirectory("python")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let videos = try TestClips.make(in: root)
        let daemon = try DaemonProcess(dataDirectory: root + "/data")
        let script = TestEnvironment.repositoryRoot.appendingPathComponent("scripts/e2e_python_client.py").path
        let result = try ProcessRunner.run(
            "/usr/bin/env", ["python3", script, "--server", daemon.address, videos["red"]!, videos["bars"]!], timeout: 90)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.json?["ok"] as? Bool == true)
        #expect(try daemon.client().listAll(pageSize: 2).map(\.id) == ["py-bars"])
        #expect(daemon.stop() == 0)
    }
}
