// A daemon asked for TempMe at a frame count without a default merge schedule exits at once with a clear message.
import Foundation
import Testing

@Suite struct MergeScheduleStartupTests {
    @Test func tempMeAt96FramesExitsNamingTheDefaults() throws {
        let root = try TestEnvironment.scratchDirectory("frames96")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let result = try ProcessRunner.run(
            TestEnvironment.binary("tempmed"),
            ["--data-dir", root + "/data", "--listen", "127.0.0.1:0", "--builtin-model", "tiny", "--vocab", TestEnvironment.vocabulary,
             "--set", "model.frames=96"], timeout: 120)
        #expect(result.status == 1, "stderr: \(result.stderr)")
        #expect(result.stderr.contains("no default merge schedule for 96 frames"), "stderr: \(result.stderr)")
        #expect(result.stderr.contains("12 frames (group sizes 2, 2, 3) and 64 frames (group sizes 4, 4, 4)"))
        #expect(result.stderr.contains("\"group_sizes\""))
    }
}
