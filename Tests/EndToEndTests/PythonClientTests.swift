// A client in another language: scripts/e2e_python_client.py generates stubs from Protos/ with grpcio-tools and talks to the daemon.
import Foundation
import Testing

@Suite("Python gRPC client")
struct PythonClientTests {
    /// Whether python3 with grpcio and grpcio-tools is available (CI installs them).
    static let pythonHasGRPC: Bool = {
        (try? ProcessRunner.run("/usr/bin/env", ["python3", "-c", "import grpc, grpc_tools"], timeout: 30).status) == 0
    }()

    @Test("ingest, search, get, delete from Python stubs generated at test time",
          .enabled(if: pythonHasGRPC, "needs python3 with grpcio and grpcio-tools (pip install grpcio grpcio-tools)"))
    func pythonClient() throws {
        let root = try TestEnvironment.scratchDirectory("python")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let videos = try TestVideos.make(in: root)
        let daemon = try DaemonProcess(dataDirectory: root + "/data")
        let script = TestEnvironment.repositoryRoot.appendingPathComponent("scripts/e2e_python_client.py").path
        let result = try ProcessRunner.run(
            "/usr/bin/env", ["python3", script, "--server", daemon.address, videos["red"]!, videos["bars"]!], timeout: 90)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.json?["ok"] as? Bool == true)
        #expect(try daemon.client().listIDs() == ["py-bars"])
        #expect(daemon.stop() == 0)
    }
}
