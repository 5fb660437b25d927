import Foundation
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

    @Test func unknownBackboneIsAUsageError() throws {
        let result = try ProcessRunner.run(TestEnvironment.binary("tempmectl"), ["tokens", "--backbone", "b99"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("b99"))
    }
}
