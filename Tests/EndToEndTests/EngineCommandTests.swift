import Foundation
import TempMeTestSupport
import Testing

/// `tempmectl tokens` and `tempmectl bench` run the engine with no daemon and no weights on disk,
/// and print the JSON that scripts rely on.
@Suite struct EngineCommandTests {
    @Test func tokensPrintsTokensOutAndGFLOPsPerMode() throws {
        let result = try ProcessRunner.run(TestEnvironment.binary("tempmectl"), ["tokens", "--backbone", "tiny", "--frames", "12", "--json"],
                                           timeout: 120)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let modes = try #require(result.json?["modes"] as? [String: [String: Any]])
        #expect(modes["tempme"]?["tokens_out"] as? [Int] == [1, 97])
        #expect(modes["tome"]?["tokens_out"] as? [Int] == [12, 26])
        #expect(modes["lora"]?["tokens_out"] as? [Int] == [12, 50])
        #expect((modes["tempme"]?["tokens_per_layer"] as? [[Int]])?.count == 12)
        let tempme = try #require(modes["tempme"]?["gflops"] as? Double), lora = try #require(modes["lora"]?["gflops"] as? Double)
        #expect(tempme > 0 && tempme < lora)
    }

    @Test func benchPrintsRatesAndThePeakOfThisRun() throws {
        let result = try ProcessRunner.run(TestEnvironment.binary("tempmectl"),
                                           ["bench", "--backbone", "tiny", "--repeats", "1", "--threads", "1", "--json"], timeout: 120)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let json = try #require(result.json)
        #expect((json["sgemm_peak_gflop_per_s"] as? Double ?? 0) > 0)
        let modes = try #require(json["modes"] as? [String: [String: Any]])
        for mode in ["lora", "tome", "tempme"] {
            #expect((modes[mode]?["videos_per_s"] as? Double ?? 0) > 0, "\(mode) videos_per_s")
            #expect((modes[mode]?["gflop_per_s"] as? Double ?? 0) > 0, "\(mode) gflop_per_s")
        }
    }

    @Test func tokensMeasuresTheChosenModesAtAnyFrameCount() throws {
        // TempMe has no default schedule at 24 frames; lora and tome need none.
        let result = try ProcessRunner.run(TestEnvironment.binary("tempmectl"),
                                           ["tokens", "--backbone", "tiny", "--frames", "24", "--modes", "lora,tome", "--json"], timeout: 120)
        #expect(result.status == 0, "\(result.stderr)")
        let modes = try #require(result.json?["modes"] as? [String: [String: Any]])
        #expect(Set(modes.keys) == ["lora", "tome"])
        #expect(modes["lora"]?["tokens_out"] as? [Int] == [24, 50])
        #expect(modes["tome"]?["tokens_out"] as? [Int] == [24, 26])
        let unknown = try ProcessRunner.run(TestEnvironment.binary("tempmectl"), ["tokens", "--modes", "lora,fast"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("fast"))
        for command in ["tokens", "bench"] {
            let empty = try ProcessRunner.run(TestEnvironment.binary("tempmectl"), [command, "--backbone", "tiny", "--modes", ""])
            #expect(empty.status == 2, "\(command) --modes \"\"")
            #expect(empty.stderr.contains("--modes is empty"))
        }
    }

    @Test func unknownBackboneIsAUsageError() throws {
        let result = try ProcessRunner.run(TestEnvironment.binary("tempmectl"), ["tokens", "--backbone", "b99"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("b99"))
    }
}

/// `tempmectl eval` on a small manifest of ffmpeg-made clips, with the demo model.
@Suite struct EvalCommandTests {
    @Test func evalReportsBothDirectionsAndCost() throws {
        let directory = try TestEnvironment.scratchDirectory("eval")
        let videos = try TestClips.make(in: directory)
        let lines = [("testsrc", "a test pattern", #", "group": "g""#), ("red", "a red screen", #", "group": "g""#),
                     ("bars", "colour bars", "")].map { name, caption, group in
            #"{"video": "\#(name).mp4", "captions": ["\#(caption)"]\#(group)}"#
        }
        try lines.joined(separator: "\n").write(toFile: directory + "/test.jsonl", atomically: true, encoding: .utf8)
        #expect(videos.count == 3)
        let result = try ProcessRunner.run(TestEnvironment.binary("tempmectl"),
                                           ["eval", directory + "/test.jsonl", "--mode", "tempme", "--vocab", TestEnvironment.vocabulary, "--json"],
                                           timeout: 300)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let json = try #require(result.json)
        #expect(json["videos"] as? Int == 3)
        #expect(json["captions"] as? Int == 3)
        let t2v = try #require(json["text_to_video"] as? [String: Any])
        let r10 = try #require(t2v["r_at_10"] as? Double)
        #expect(r10 == 100)  // three videos: every caption's video is within the top 10
        let inGroup = try #require(json["text_to_video_in_group"] as? [String: Any])
        #expect(inGroup["captions"] as? Int == 2)  // the two grouped videos; "bars" has no group
        #expect((json["gflops"] as? Double ?? 0) > 0)
        #expect((json["videos_per_s"] as? Double ?? 0) > 0)
        let bad = try ProcessRunner.run(TestEnvironment.binary("tempmectl"), ["eval", directory + "/missing.jsonl"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("missing.jsonl"))
    }
}
