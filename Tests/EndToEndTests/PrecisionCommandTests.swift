// `tempmectl bench --precision` and `tempmectl eval --precision`: the format measured, beside fp32 in one run.
import Foundation
import TempMeTestSupport
import Testing

@Suite struct PrecisionCommandTests {
    @Test(.enabled(if: PrecisionDaemonTests.int8Runs, PrecisionDaemonTests.int8Skip))
    func benchMeasuresInt8BesideFp32() throws {
        let result = try ProcessRunner.run(TestEnvironment.binary("tempmectl"),
                                           ["bench", "--backbone", "tiny", "--repeats", "1", "--threads", "1", "--modes", "lora,tempme",
                                            "--precision", "int8", "--json"], timeout: 120)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let json = try #require(result.json)
        #expect(json["precision"] as? String == "int8")
        #expect((json["precision_reason"] as? String)?.hasPrefix("int8 requested") == true)
        #expect((json["text_query_ms"] as? Double ?? 0) > 0)
        #expect((json["sgemm_peak_gflop_per_s"] as? Double ?? 0) > 0)
        let modes = try #require(json["modes"] as? [String: [String: Any]])
        let fp32 = try #require(json["fp32"] as? [String: Any])
        let fp32Modes = try #require(fp32["modes"] as? [String: [String: Any]])
        let ratios = try #require(json["ratio_to_fp32"] as? [String: Double])
        for mode in ["lora", "tempme"] {
            let int8Rate = try #require(modes[mode]?["videos_per_s"] as? Double)
            let fp32Rate = try #require(fp32Modes[mode]?["videos_per_s"] as? Double)
            #expect(int8Rate > 0 && fp32Rate > 0 && (modes[mode]?["gflop_per_s"] as? Double ?? 0) > 0)
            #expect(abs((ratios[mode] ?? 0) - int8Rate / fp32Rate) < 1e-9 * (int8Rate / fp32Rate), "\(mode) ratio")
        }
        let fp32Text = try #require(fp32["text_query_ms"] as? Double)
        #expect(abs((ratios["text_query"] ?? 0) - fp32Text / (json["text_query_ms"] as? Double ?? 1)) < 1e-9 * fp32Text)
    }

    @Test func benchInFp32SaysSoAndRefusesBF16NamingTheFeature() throws {
        let plain = try ProcessRunner.run(TestEnvironment.binary("tempmectl"),
                                          ["bench", "--backbone", "tiny", "--repeats", "1", "--threads", "1", "--modes", "tempme", "--json"],
                                          timeout: 120)
        #expect(plain.status == 0, "stderr: \(plain.stderr)")
        #expect(plain.json?["precision"] as? String == "fp32")
        #expect((plain.json?["text_query_ms"] as? Double ?? 0) > 0)
        #expect(plain.json?["fp32"] == nil)

        let bf16 = try ProcessRunner.run(TestEnvironment.binary("tempmectl"),
                                         ["bench", "--backbone", "tiny", "--repeats", "1", "--precision", "bf16"], timeout: 120)
        #expect(bf16.status != 0)
        let missing = PrecisionDaemonTests.cpuFlags.isDisjoint(with: ["avx512_bf16", "amx_bf16"])
        #expect(bf16.stderr.contains(missing ? "AVX512-BF16 or AMX-BF16, which this CPU lacks" : "not implemented in this build"),
                "stderr: \(bf16.stderr)")
    }

    @Test(.enabled(if: PrecisionDaemonTests.int8Runs, PrecisionDaemonTests.int8Skip))
    func evalRunsInTheRequestedFormat() throws {
        let directory = try TestEnvironment.scratchDirectory("eval-int8")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try TestClips.make(in: directory)
        let lines = [("testsrc", "a test pattern"), ("red", "a red screen"), ("bars", "colour bars")].map { name, caption in
            #"{"video": "\#(name).mp4", "captions": ["\#(caption)"]}"#
        }
        try lines.joined(separator: "\n").write(toFile: directory + "/test.jsonl", atomically: true, encoding: .utf8)
        let result = try ProcessRunner.run(TestEnvironment.binary("tempmectl"),
                                           ["eval", directory + "/test.jsonl", "--precision", "int8", "--vocab", TestEnvironment.vocabulary, "--json"],
                                           timeout: 300)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.json?["precision"] as? String == "int8")
        #expect(((result.json?["text_to_video"] as? [String: Any])?["r_at_10"] as? Double) == 100)
    }
}
