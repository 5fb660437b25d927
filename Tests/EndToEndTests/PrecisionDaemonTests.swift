// encoder.precision through the daemon: what info and the log say, refusal of a format the CPU cannot
// run, and a store made in fp32 served in int8 (mixing is allowed: docs/precision.md, "Mixing formats").
import Foundation
import TempMeTestSupport
import Testing
import TempMeClient
import TempMeProto

@Suite struct PrecisionDaemonTests {
    /// The CPU's feature flags as /proc/cpuinfo spells them (read independently of the daemon's cpuid code).
    static let cpuFlags: Set<String> = {
        let text = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let line = text.split(separator: "\n").first { $0.hasPrefix("flags") } ?? ""
        return Set(line.split(separator: ":").dropFirst().joined().split(separator: " ").map(String.init))
    }()
    static let int8Runs = cpuFlags.contains("avx2")
    static let int8Skip: Comment = "skipped: int8 needs avx2, which this CPU lacks"

    private func tempmed(_ root: String, _ extra: [String]) throws -> CommandResult {
        try ProcessRunner.run(
            TestEnvironment.binary("tempmed"),
            ["--data-dir", root + "/data", "--listen", "127.0.0.1:0", "--builtin-model", "tiny", "--vocab", TestEnvironment.vocabulary]
                + extra, timeout: 120)
    }

    @Test func infoAndTheLogSayWhichFormatRunsAndWhy() throws {
        let root = try TestEnvironment.scratchDirectory("precision-info")
        defer { try? FileManager.default.removeItem(atPath: root) }

        let exact = try DaemonProcess(dataDirectory: root + "/fp32", extraArguments: ["--precision", "fp32"])
        let fp32 = try exact.client().info()
        #expect(fp32.precision == "fp32")
        #expect(fp32.precisionReason == "fp32 requested")
        let text = try TestEnvironment.tempmectl(["info"], server: exact.address)
        #expect(text.stdout.contains("precision: fp32 (fp32 requested)"), "\(text.stdout)")
        let json = try TestEnvironment.tempmectl(["info", "--json"], server: exact.address)
        #expect(json.json?["precision"] as? String == "fp32", "\(json.stdout)")
        #expect(exact.stop() == 0)
        #expect(exact.log.contains("encoder precision fp32: fp32 requested"), "\(exact.log)")

        let automatic = try DaemonProcess(dataDirectory: root + "/auto")
        let auto = try automatic.client().info()
        #expect(auto.precision == (Self.int8Runs ? "int8" : "fp32"))
        #expect(auto.precisionReason.hasPrefix("auto: "), "\(auto.precisionReason)")
        #expect(automatic.stop() == 0)
        #expect(automatic.log.contains("encoder precision \(auto.precision): auto: "), "\(automatic.log)")
    }

    @Test(.enabled(if: PrecisionDaemonTests.int8Runs, PrecisionDaemonTests.int8Skip))
    func theConfigurationFileSelectsInt8() throws {
        let root = try TestEnvironment.scratchDirectory("precision-file")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let config = root + "/tempmed.toml"
        try "[encoder]\nprecision = \"int8\"\n".write(toFile: config, atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess(dataDirectory: root + "/data", extraArguments: ["--config", config])
        let info = try daemon.client().info()
        #expect(info.precision == "int8")
        #expect(info.precisionReason.hasPrefix("int8 requested"))
        #expect(daemon.stop() == 0)
    }

    @Test func bf16IsRefusedAtStartupNamingTheMissingFeature() throws {
        let root = try TestEnvironment.scratchDirectory("precision-bf16")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let result = try tempmed(root, ["--precision", "bf16"])
        #expect(result.status == 1, "stderr: \(result.stderr)")
        #expect(result.stderr.contains("encoder.precision = bf16 cannot run here"), "stderr: \(result.stderr)")
        if Self.cpuFlags.isDisjoint(with: ["avx512_bf16", "amx_bf16"]) {
            #expect(result.stderr.contains("(missing CPU feature: avx512_bf16 or amx_bf16)"), "stderr: \(result.stderr)")
        } else {
            #expect(result.stderr.contains("not implemented in this build"), "stderr: \(result.stderr)")
        }
    }

    @Test func anUnknownFormatIsAUsageErrorListingTheChoices() throws {
        let root = try TestEnvironment.scratchDirectory("precision-fp16")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let result = try tempmed(root, ["--precision", "fp16"])
        #expect(result.status == 2, "stderr: \(result.stderr)")
        #expect(result.stderr.contains("encoder.precision"), "stderr: \(result.stderr)")
        #expect(result.stderr.contains("\"int8\""), "stderr: \(result.stderr)")
    }

    /// docs/precision.md: the fingerprint names the fp32 weights, not the format, so a store made in fp32 is
    /// served in int8 without foreign-fingerprint refusal, and old and new embeddings rank together.
    @Test(.enabled(if: PrecisionDaemonTests.int8Runs, PrecisionDaemonTests.int8Skip))
    func anInt8DaemonServesAStoreMadeInFp32() throws {
        let root = try TestEnvironment.scratchDirectory("precision-mix")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let clips = try TestClips.make(in: root)
        let clip = try #require(clips["red"])
        let data = root + "/data"

        let exact = try DaemonProcess(dataDirectory: data, extraArguments: ["--precision", "fp32"])
        var client = try exact.client()
        let fingerprint = try client.info().modelFingerprint
        _ = try client.ingest(id: "red-fp32", data: try Data(contentsOf: URL(fileURLWithPath: clip)))
        let stored = try client.get("red-fp32", includeEmbedding: true).record.embedding
        #expect(exact.stop() == 0)

        let reduced = try DaemonProcess(dataDirectory: data, extraArguments: ["--precision", "int8"])
        client = try reduced.client()
        let info = try client.info()
        #expect(info.precision == "int8")
        #expect(info.modelFingerprint == fingerprint)
        #expect(try client.get("red-fp32", includeEmbedding: true).record.embedding == stored)
        _ = try client.ingest(id: "red-int8", data: try Data(contentsOf: URL(fileURLWithPath: clip)))
        let fresh = try client.get("red-int8", includeEmbedding: true).record.embedding
        #expect(cosine(stored, fresh) >= 0.9995, "fp32 vs int8 cosine \(cosine(stored, fresh))")
        #expect(try client.similar(to: "red-fp32", k: 1).hits.map(\.id) == ["red-int8"])
        #expect(Set(try client.search("a red screen", k: 10).hits.map(\.id)) == ["red-fp32", "red-int8"])
        #expect(reduced.stop() == 0)
    }
}
