// ingest.encode_workers: one per core unless the file (in any TOML spelling) or a flag sets it.
import Foundation
import Testing

@Suite struct EncodeWorkersTests {
    /// The `encode_workers` line of `tempmed --print-config` with `arguments`.
    private func printedWorkers(_ arguments: [String]) throws -> String? {
        let result = try ProcessRunner.run(TestEnvironment.binary("tempmed"), arguments + ["--print-config"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        return result.stdout.split(separator: "\n").first { $0.hasPrefix("encode_workers = ") }.map(String.init)
    }

    @Test func oneWorkerPerCoreUnlessConfigured() throws {
        let root = try TestEnvironment.scratchDirectory("encode-workers")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let cores = min(256, max(1, ProcessInfo.processInfo.activeProcessorCount))
        #expect(try printedWorkers([]) == "encode_workers = \(cores)")

        let table = root + "/table.toml", dotted = root + "/dotted.toml"
        try "[ingest]\nencode_workers = 3\n".write(toFile: table, atomically: true, encoding: .utf8)
        try "ingest.encode_workers = 5\n".write(toFile: dotted, atomically: true, encoding: .utf8)
        #expect(try printedWorkers(["--config", table]) == "encode_workers = 3")
        #expect(try printedWorkers(["--config", dotted]) == "encode_workers = 5")
        #expect(try printedWorkers(["--config", table, "--set", "ingest.encode_workers=7"]) == "encode_workers = 7")
    }
}
