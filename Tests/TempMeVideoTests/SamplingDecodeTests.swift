import Testing
@testable import TempMeVideo

/// Frame-exact sampling: decoded frames carry their own index, compared with the spec's choice.
@Suite(.enabled(if: TestVideos.ffmpegAvailable))
struct SamplingDecodeTests {
    @Test func shortH264ClipDecodesTheSpecFrames() throws {
        let path = try TestVideos.indexVideo(rate: "30", seconds: 10)
        let video = try VideoDecoder.decode(path: path)
        #expect(video.frameCount == 300)
        #expect(video.fps == 30)
        #expect(video.sampledFrameNumbers == FrameSampler.frameNumbers(frameCount: 300, fps: 30, frames: 12))
        #expect(TestVideos.frameIndices(in: video) == video.sampledFrameNumbers)
    }
}
