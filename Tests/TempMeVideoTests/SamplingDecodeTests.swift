import Foundation
import Testing
@testable import TempMeVideo

/// Frame-exact sampling: every synthesized frame draws its own index, so the decoded pixels say
/// which frame the decoder really delivered; that must be the frame the spec samples.
@Suite(.enabled(if: TestVideos.ffmpegAvailable))
struct SamplingDecodeTests {
    /// Decodes `path` and checks frame count, fps, the sampled numbers and the pixels behind them.
    @discardableResult
    func expectSpecFrames(_ path: String, frameCount: Int, fps: Double, frames: Int = 12,
                          sourceLocation: SourceLocation = #_sourceLocation) throws -> DecodeStatistics {
        let options = VideoDecodeOptions(frames: frames)
        let (video, statistics) = try VideoDecoder.decodeWithStatistics(FileByteSource(path: path, size: try TestVideos.bytes(path).count), options: options)
        #expect(video.frameCount == frameCount, sourceLocation: sourceLocation)
        #expect(abs(video.fps - fps) < 1e-6, "fps \(video.fps)", sourceLocation: sourceLocation)
        let expected = FrameSampler.frameNumbers(frameCount: frameCount, fps: fps, frames: frames)
        #expect(video.sampledFrameNumbers == expected, sourceLocation: sourceLocation)
        #expect(TestVideos.frameIndices(in: video) == expected, sourceLocation: sourceLocation)
        return statistics
    }

    @Test func halfASecondAt30FpsRepeatsFrames() throws {
        try expectSpecFrames(try TestVideos.indexVideo(rate: "30", seconds: 0.5), frameCount: 15, fps: 30)
    }

    @Test func tenSecondsAt30Fps() throws {
        try expectSpecFrames(try TestVideos.indexVideo(rate: "30", seconds: 10), frameCount: 300, fps: 30)
    }

    @Test func threeSecondsAt25FpsInMatroska() throws {
        let path = try TestVideos.indexVideo(rate: "25", seconds: 3, container: "mkv")
        try expectSpecFrames(path, frameCount: 75, fps: 25)
    }

    @Test func aMinuteAt60FpsWith64Frames() throws {
        try expectSpecFrames(try TestVideos.indexVideo(rate: "60", seconds: 60), frameCount: 3600, fps: 60, frames: 64)
    }

    @Test func twentySecondsAtNtscRateInWebmVP9() throws {
        let path = try TestVideos.indexVideo(
            rate: "30000/1001", seconds: 20, container: "webm",
            codec: ["-c:v", "libvpx-vp9", "-lossless", "1", "-deadline", "realtime", "-cpu-used", "8", "-g", "60"])
        let video = try VideoDecoder.decode(path: path)
        #expect(video.frameCount == 600)
        #expect(video.sampledFrameNumbers == FrameSampler.frameNumbers(frameCount: 600, fps: video.fps, frames: 12))
        #expect(FrameSampler.samplingStride(fps: video.fps) == 30)
        #expect(TestVideos.frameIndices(in: video) == video.sampledFrameNumbers)
    }

    @Test func tenMinutesAtFilmRateSeeksInsteadOfDecodingEverything() throws {
        let path = try TestVideos.indexVideo(rate: "24000/1001", seconds: 600, extraOutput: ["-g", "250"])
        let statistics = try expectSpecFrames(path, frameCount: 14386, fps: 24000.0 / 1001, frames: 12)
        #expect(statistics.seeks > 0)
        #expect(statistics.restarts == 0)
        #expect(statistics.packetsDecoded < 14386 / 4)
    }

    @Test func variableFrameRateCountsFramesInPresentationOrder() throws {
        // 60 frames 1/30 s apart, then 40 frames 1/10 s apart: 100 frames over 6 s.
        let path = try TestVideos.indexVideo(
            rate: "30", seconds: 100.0 / 30, extraFilter: ",setpts='if(lt(N\\,60)\\,N/30\\,2+(N-60)/10)/TB'",
            extraOutput: ["-fps_mode", "vfr", "-video_track_timescale", "90000"], tag: "-vfr")
        let video = try VideoDecoder.decode(path: path)
        #expect(video.frameCount == 100)
        let probed = try TestVideos.probedAverageFrameRate(path)
        #expect(abs(video.fps - probed) < 1e-9, "fps \(video.fps) vs ffprobe \(probed)")
        #expect(abs(video.durationSeconds - 6) < 0.1)  // the muxer picks the last frame's duration
        #expect(video.sampledFrameNumbers == FrameSampler.frameNumbers(frameCount: 100, fps: probed, frames: 12))
        #expect(TestVideos.frameIndices(in: video) == video.sampledFrameNumbers)
    }

    @Test func editListPrerollIsDecodedButNotCounted() throws {
        // Copying from 0.6 s keeps the keyframe at 0 as hidden pre-roll: frames 15...99 remain.
        let source = try TestVideos.make("edit-source.mp4", ["-f", "lavfi", "-i", TestVideos.indexPattern(rate: "25", seconds: 4),
                                                             "-c:v", "libx264", "-qp", "0", "-g", "50", "-pix_fmt", "yuv420p"])
        let path = try TestVideos.make("edit-list.mp4", ["-ss", "0.6", "-i", source, "-c", "copy"])
        let video = try VideoDecoder.decode(path: path)
        #expect(video.frameCount == 85)
        #expect(video.sampledFrameNumbers == FrameSampler.frameNumbers(frameCount: 85, fps: video.fps, frames: 12))
        #expect(TestVideos.frameIndices(in: video) == video.sampledFrameNumbers.map { $0 + 15 })
    }

    @Test func aSingleFrameFillsEverySlot() throws {
        let path = try TestVideos.indexVideo(rate: "25", seconds: 0.04, tag: "-single")
        let video = try VideoDecoder.decode(path: path)
        #expect(video.frameCount == 1)
        #expect(video.sampledFrameNumbers == [Int](repeating: 0, count: 12))
        #expect(TestVideos.frameIndices(in: video) == [Int](repeating: 0, count: 12))
    }
}
