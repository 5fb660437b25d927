// The suites that synthesize videos skip themselves without ffmpeg; this test makes that loud.
import Testing

@Suite struct PrerequisiteTests {
    @Test func ffmpegIsInstalled() {
        #expect(TestVideos.ffmpegAvailable, "the ffmpeg CLI is missing, so every decode suite was skipped: scripts/bootstrap.sh installs it")
    }
}
