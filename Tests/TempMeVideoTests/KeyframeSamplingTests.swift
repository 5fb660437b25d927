import Foundation
import Testing
@testable import TempMeVideo

/// The opt-in keyframe sampling: samples move to the nearest keyframe only when it is nearer to them
/// than to their neighbours, the pixels delivered are those keyframes, and far fewer packets decode.
@Suite(.enabled(if: TestVideos.ffmpegAvailable))
struct KeyframeSamplingTests {
    @Test func samplesMoveOnlyToKeyframesNearerThanTheirNeighbours() {
        let snap = FrameSampling.keyframe
        // Keyframes every 90 frames; samples 150 apart: each moves to its nearest keyframe.
        #expect(snap.frameNumbers([0, 150, 300], keyframes: [0, 90, 180, 270, 360], frameCount: 400) == [0, 180, 270])
        // One keyframe at the start (a short single-GOP clip): only the first sample is on it.
        #expect(snap.frameNumbers([0, 10, 20, 30], keyframes: [0], frameCount: 40) == [0, 10, 20, 30])
        // A keyframe exactly between two samples belongs to neither: both stay.
        #expect(snap.frameNumbers([10, 20], keyframes: [15], frameCount: 30) == [10, 20])
        // Repeated samples (a video shorter than F frames) stay where they are.
        #expect(snap.frameNumbers([0, 0, 1, 1], keyframes: [0, 1], frameCount: 2) == [0, 0, 1, 1])
        #expect(FrameSampling.exact.frameNumbers([0, 150], keyframes: [0, 90], frameCount: 200) == [0, 150])
    }

    @Test func aLongGOPFileDecodesTheKeyframesItSnapsTo() throws {
        // 60 s at 30 fps, a keyframe every 90 frames (ffprobe confirms), B-frames on.
        let path = try TestVideos.indexVideo(rate: "30", seconds: 60,
                                             extraOutput: ["-g", "90", "-keyint_min", "90", "-sc_threshold", "0"], tag: "-g90")
        let probe = try TestVideos.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "frame=key_frame",
                                        "-of", "csv=p=0", path])
        let keyframes = String(decoding: probe, as: UTF8.self).split(separator: "\n").enumerated()
            .filter { $0.element.hasPrefix("1") }.map(\.offset)
        #expect(keyframes == Array(stride(from: 0, to: 1800, by: 90)))

        let source = try FileByteSource(path: path, size: TestVideos.bytes(path).count)
        let (exact, exactStatistics) = try VideoDecoder.decodeWithStatistics(source, options: VideoDecodeOptions(frames: 12))
        #expect(exact.sampledFrameNumbers == [0, 150, 300, 480, 630, 780, 960, 1110, 1260, 1440, 1590, 1770])
        let (snapped, snappedStatistics) = try VideoDecoder.decodeWithStatistics(
            source, options: VideoDecodeOptions(frames: 12, sampling: .keyframe))
        let expected = [0, 180, 270, 450, 630, 810, 990, 1080, 1260, 1440, 1620, 1710]
        #expect(snapped.sampledFrameNumbers == expected)
        #expect(TestVideos.frameIndices(in: snapped) == expected)
        #expect(snappedStatistics.packetsDecoded * 4 < exactStatistics.packetsDecoded,
                "snapped \(snappedStatistics.packetsDecoded) vs exact \(exactStatistics.packetsDecoded) packets")
    }
}
