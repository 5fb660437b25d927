import Foundation
import Testing
import TempMeBasics
@testable import TempMeVideo

/// Expects `body` to throw exactly `expected`.
func expectError(_ expected: VideoError, sourceLocation: SourceLocation = #_sourceLocation,
                 _ body: () throws(VideoError) -> DecodedVideo) {
    do {
        let video = try body()
        Issue.record("expected \(expected), decoded \(video.frameCount) frames", sourceLocation: sourceLocation)
    } catch {
        #expect(error == expected, sourceLocation: sourceLocation)
    }
}

/// Expects `body` to throw some VideoError matching `matches`; returns the message.
func expectError(sourceLocation: SourceLocation = #_sourceLocation, _ matches: (VideoError) -> Bool,
                 _ body: () throws(VideoError) -> DecodedVideo) {
    do {
        let video = try body()
        Issue.record("expected an error, decoded \(video.frameCount) frames", sourceLocation: sourceLocation)
    } catch {
        #expect(matches(error), "\(error)", sourceLocation: sourceLocation)
        #expect(!error.description.isEmpty, sourceLocation: sourceLocation)
    }
}

/// Every kind of bad input gets a typed error with a readable message.
@Suite(.enabled(if: TestVideos.ffmpegAvailable))
struct BadInputTests {
    @Test func emptyInputsAreReportedAsEmpty() throws {
        expectError(.emptyInput) { () throws(VideoError) in try VideoDecoder.decode(data: [UInt8]()) }
        let path = TestVideos.directory.appendingPathComponent("empty.mp4").path
        FileManager.default.createFile(atPath: path, contents: Data())
        expectError(.emptyInput) { () throws(VideoError) in try VideoDecoder.decode(path: path) }
        let stream = VideoByteStream()
        stream.finish()
        expectError(.emptyInput) { () throws(VideoError) in try VideoDecoder.decode(stream: stream) }
    }

    @Test func missingFilesAndDirectoriesCannotBeOpened() {
        expectError({ if case .cannotOpenFile = $0 { true } else { false } }) { () throws(VideoError) in
            try VideoDecoder.decode(path: "/nonexistent/clip.mp4")
        }
        expectError({ if case .cannotOpenFile = $0 { true } else { false } }) { () throws(VideoError) in
            try VideoDecoder.decode(path: TestVideos.directory.path)
        }
    }

    @Test func randomBytesAreNotAVideo() {
        var generator = SplitMix64(seed: 7)
        for length in [1, 16, 1000, 100_000] {
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            expectError({
                switch $0 {
                case .unrecognizedFormat, .noVideoStream, .noFrames, .corruptStream: true
                default: false
                }
            }) { () throws(VideoError) in try VideoDecoder.decode(data: bytes) }
        }
        let text = Array("this is a text file, not a video\n".utf8)
        expectError({ if case .unrecognizedFormat = $0 { true } else { false } }) { () throws(VideoError) in
            try VideoDecoder.decode(data: text)
        }
    }

    @Test func audioOnlyFilesHaveNoVideoStream() throws {
        let path = try TestVideos.make("audio.m4a", ["-f", "lavfi", "-i", "sine=d=1", "-c:a", "aac"])
        expectError(.noVideoStream) { () throws(VideoError) in try VideoDecoder.decode(path: path) }
        let wav = try TestVideos.make("audio.wav", ["-f", "lavfi", "-i", "sine=d=1"])
        expectError(.noVideoStream) { () throws(VideoError) in try VideoDecoder.decode(path: wav) }
    }

    @Test func aVideoStreamWithoutFramesHasNoFrames() throws {
        let path = try TestVideos.make("zero-frames.mkv", ["-f", "lavfi", "-i", "testsrc=s=64x48:d=1", "-frames:v", "0",
                                                           "-c:v", "libx264"])
        expectError({ $0 == .noFrames || $0 == .noVideoStream }) { () throws(VideoError) in
            try VideoDecoder.decode(path: path)
        }
    }

    @Test func truncatedFilesFailCleanlyOrKeepWhatArrived() throws {
        let moovLast = try TestVideos.bytes(try TestVideos.make("trunc.mp4", ["-f", "lavfi", "-i", "testsrc=s=64x48:r=25:d=4",
                                                                              "-c:v", "libx264", "-pix_fmt", "yuv420p"]))
        expectError({ if case .unrecognizedFormat = $0 { true } else { false } }) { () throws(VideoError) in
            try VideoDecoder.decode(data: Array(moovLast.prefix(moovLast.count / 2)))
        }
        let faststart = try TestVideos.bytes(try TestVideos.make("trunc-fast.mp4", ["-f", "lavfi", "-i", "testsrc=s=64x48:r=25:d=4",
            "-c:v", "libx264", "-pix_fmt", "yuv420p", "-movflags", "+faststart"]))
        let video = try VideoDecoder.decode(data: Array(faststart.prefix(faststart.count / 2)))
        #expect(video.frameCount > 0 && video.frameCount < 100)  // the frames whose bytes arrived
        #expect(video.frames.count == 12 * DecodedVideo.floatsPerFrame)
    }

    @Test func absurdDimensionsAreRejectedBeforeDecoding() throws {
        var gif = try TestVideos.bytes(try TestVideos.make("small.gif", ["-f", "lavfi", "-i", "testsrc=s=32x24:r=10:d=1"]))
        gif.replaceSubrange(6..<10, with: [0xFF, 0xFF, 0xFF, 0xFF])  // logical screen 65535 x 65535
        expectError({  // FFmpeg itself refuses this size as invalid, before any allocation
            switch $0 {
            case .frameTooLarge, .corruptStream: true
            default: false
            }
        }) { () throws(VideoError) in try VideoDecoder.decode(data: gif) }
        let photo = try TestVideos.make("big.jpg", ["-f", "lavfi", "-i", "color=s=4000x3000", "-frames:v", "1"])
        expectError(.frameTooLarge(width: 4000, height: 3000, maxPixels: 1_000_000)) { () throws(VideoError) in
            try VideoDecoder.decode(path: photo, options: VideoDecodeOptions(maxPixelsPerFrame: 1_000_000))
        }
        let y4m = Array("YUV4MPEG2 W60000 H60000 F25:1 Ip A1:1 C420jpeg\nFRAME\n".utf8) + [UInt8](repeating: 128, count: 4096)
        expectError({
            switch $0 {
            case .frameTooLarge, .unrecognizedFormat: true
            default: false
            }
        }) { () throws(VideoError) in try VideoDecoder.decode(data: y4m) }
    }

    @Test func limitsAreEnforced() throws {
        let path = try TestVideos.indexVideo(rate: "30", seconds: 10)
        expectError({ if case .tooLong = $0 { true } else { false } }) { () throws(VideoError) in
            try VideoDecoder.decode(path: path, options: VideoDecodeOptions(maxDurationSeconds: 5))
        }
        expectError({ if case .inputTooLarge = $0 { true } else { false } }) { () throws(VideoError) in
            try VideoDecoder.decode(path: path, options: VideoDecodeOptions(maxInputBytes: 100))
        }
        expectError({ if case .frameTooLarge = $0 { true } else { false } }) { () throws(VideoError) in
            try VideoDecoder.decode(path: path, options: VideoDecodeOptions(maxPixelsPerFrame: 100))
        }
        expectError({ if case .invalidOptions = $0 { true } else { false } }) { () throws(VideoError) in
            try VideoDecoder.decode(path: path, options: VideoDecodeOptions(frames: 0))
        }
    }

    @Test func messagesReadAsAdvice() {
        #expect(VideoError.noVideoStream.description.contains("audio"))
        #expect(VideoError.frameTooLarge(width: 9000, height: 9000, maxPixels: 100).description.contains("9000 x 9000"))
        #expect(VideoError.unsupportedCodec(name: "xyz").description.contains("re-encode"))
    }
}
