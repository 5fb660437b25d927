import Foundation
import Testing
@testable import TempMeVideo

/// What users upload: each codec and container decodes frame-exactly, and its colours match the
/// ffmpeg CLI's own RGB decode of the same frames run through the (Pillow-exact) preprocessor.
@Suite(.enabled(if: TestVideos.ffmpegAvailable))
struct CodecContainerTests {
    /// An index-coded clip of 2 s at 25 fps (64 x 64, blocks of 16 px) in the given codec.
    func indexClip(_ name: String, codec: [String], pixelFormat: String = "yuv420p") throws -> String {
        try TestVideos.make(name, ["-f", "lavfi", "-i", TestVideos.indexPattern(size: 64, rate: "25", seconds: 2)]
            + codec + ["-pix_fmt", pixelFormat])
    }

    func expectFrameExact(_ path: String, codec: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let source = try FileByteSource(path: path, size: try TestVideos.bytes(path).count)
        let (video, statistics) = try VideoDecoder.decodeWithStatistics(source, options: .init())
        print("statistics \(URL(fileURLWithPath: path).lastPathComponent): \(statistics)")
        #expect(video.codec == codec, sourceLocation: sourceLocation)
        #expect(video.frameCount == 50, sourceLocation: sourceLocation)
        #expect(video.fps == 25, sourceLocation: sourceLocation)
        #expect(video.sampledFrameNumbers == FrameSampler.frameNumbers(frameCount: 50, fps: 25, frames: 12),
                sourceLocation: sourceLocation)
        #expect(TestVideos.frameIndices(in: video) == video.sampledFrameNumbers, sourceLocation: sourceLocation)
    }

    @Test func h264InMp4() throws {
        try expectFrameExact(try indexClip("c-h264.mp4", codec: ["-c:v", "libx264", "-qp", "0"]), codec: "h264")
    }

    @Test func h265InMp4AndMatroska() throws {
        let codec = ["-c:v", "libx265", "-x265-params", "lossless=1:log-level=error"]
        try expectFrameExact(try indexClip("c-h265.mp4", codec: codec + ["-tag:v", "hvc1"]), codec: "hevc")
        try expectFrameExact(try indexClip("c-h265.mkv", codec: codec), codec: "hevc")
    }

    @Test func vp8AndVP9InWebm() throws {
        try expectFrameExact(try indexClip("c-vp8.webm", codec: ["-c:v", "libvpx", "-crf", "4", "-b:v", "2M"]), codec: "vp8")
        try expectFrameExact(try indexClip("c-vp9.webm", codec: ["-c:v", "libvpx-vp9", "-lossless", "1"]), codec: "vp9")
    }

    @Test func av1InMatroska() throws {
        let path = try indexClip("c-av1.mkv", codec: ["-c:v", "libaom-av1", "-crf", "0", "-cpu-used", "8", "-row-mt", "1"])
        try expectFrameExact(path, codec: "av1")
    }

    @Test func mpeg4AndMjpegInAvi() throws {
        try expectFrameExact(try indexClip("c-mpeg4.avi", codec: ["-c:v", "mpeg4", "-q:v", "1"]), codec: "mpeg4")
        try expectFrameExact(try indexClip("c-mjpeg.avi", codec: ["-c:v", "mjpeg", "-q:v", "1"], pixelFormat: "yuvj420p"),
                             codec: "mjpeg")
    }

    @Test func moreContainers() throws {
        let h264 = ["-c:v", "libx264", "-qp", "0"]
        try expectFrameExact(try indexClip("c-h264.mov", codec: h264), codec: "h264")
        try expectFrameExact(try indexClip("c-h264.ts", codec: h264), codec: "h264")
        try expectFrameExact(try indexClip("c-h264.flv", codec: h264), codec: "h264")
        try expectFrameExact(try indexClip("c-h264.h264", codec: h264), codec: "h264")  // raw Annex B, no container timestamps
        try expectFrameExact(try indexClip("c-raw.y4m", codec: []), codec: "rawvideo")
        try expectFrameExact(try indexClip("c-theora.ogv", codec: ["-c:v", "libtheora", "-q:v", "10"]), codec: "theora")
    }

    @Test func animatedGif() throws {
        try expectFrameExact(try indexClip("c-anim.gif", codec: [], pixelFormat: "rgb8"), codec: "gif")
    }

    @Test func proResInMov() throws {
        try expectFrameExact(try indexClip("c-prores.mov", codec: ["-c:v", "prores_ks"], pixelFormat: "yuv422p10le"),
                             codec: "prores")
    }

    @Test func tenBitSources() throws {
        try expectFrameExact(try indexClip("c-h264-10.mp4", codec: ["-c:v", "libx264", "-qp", "0"], pixelFormat: "yuv420p10le"),
                             codec: "h264")
        try expectFrameExact(try indexClip("c-vp9-10.webm", codec: ["-c:v", "libvpx-vp9", "-lossless", "1"],
                                           pixelFormat: "yuv420p10le"), codec: "vp9")
    }

    @Test func grayscaleSource() throws {
        try expectFrameExact(try indexClip("c-gray.mp4", codec: ["-c:v", "libx264", "-qp", "0"], pixelFormat: "gray"),
                             codec: "h264")
        try expectFrameExact(try indexClip("c-gray.mkv", codec: ["-c:v", "ffv1"], pixelFormat: "gray"), codec: "ffv1")
    }

    /// A colourful testsrc2 clip for colour and geometry checks.
    func colourClip(_ name: String, size: String, codec: [String], extra: [String] = []) throws -> String {
        try TestVideos.make(name, ["-f", "lavfi", "-i", "testsrc2=s=\(size):r=25:d=2"] + codec + extra)
    }

    @Test func coloursMatchTheCLIForCommonFormats() throws {
        let clips = [
            try colourClip("k-h264.mp4", size: "320x240", codec: ["-c:v", "libx264", "-pix_fmt", "yuv420p"]),
            try colourClip("k-bt709.mp4", size: "320x180", codec: ["-c:v", "libx264", "-pix_fmt", "yuv420p",
                "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709"]),
            try colourClip("k-mjpeg.avi", size: "320x240", codec: ["-c:v", "mjpeg", "-pix_fmt", "yuvj420p"]),
            try colourClip("k-vp9-odd.webm", size: "97x61", codec: ["-c:v", "libvpx-vp9", "-pix_fmt", "yuv420p"]),
            try colourClip("k-h264-444-odd.mp4", size: "97x61", codec: ["-c:v", "libx264", "-pix_fmt", "yuv444p"]),
            try colourClip("k-portrait.mp4", size: "180x320", codec: ["-c:v", "libx264", "-pix_fmt", "yuv420p"]),
            try colourClip("k-10bit.mkv", size: "320x240", codec: ["-c:v", "libx265", "-pix_fmt", "yuv420p10le",
                "-x265-params", "log-level=error"]),
            try colourClip("k-gif.gif", size: "160x120", codec: []),
        ]
        for path in clips {
            let (mean, max) = try TestVideos.differenceFromCLI(path)
            print("colour vs CLI \(URL(fileURLWithPath: path).lastPathComponent): mean \(mean) max \(max)")
            #expect(mean <= 0.01, "\(path)")
        }
    }

    @Test func displayMatrixRotationIsHonoured() throws {
        let source = try colourClip("k-landscape.mp4", size: "320x180", codec: ["-c:v", "libx264", "-pix_fmt", "yuv420p"])
        for degrees in [90, 180, 270] {
            let rotated = try TestVideos.make("k-rotated-\(degrees).mp4",
                                              ["-i", source, "-c", "copy", "-metadata:s:v", "rotate=\(degrees)"])
            let video = try VideoDecoder.decode(path: rotated)
            #expect(degrees == 180 ? (video.width, video.height) == (320, 180) : (video.width, video.height) == (180, 320))
            let (mean, _) = try TestVideos.differenceFromCLI(rotated)
            #expect(mean <= 0.01, "rotate \(degrees): mean \(mean)")
        }
    }
}
