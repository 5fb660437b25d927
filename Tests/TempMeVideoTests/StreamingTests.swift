import Foundation
import Testing
@testable import TempMeVideo

/// Decoding while an upload is still arriving, through custom I/O over a growing buffer.
@Suite(.enabled(if: TestVideos.ffmpegAvailable))
struct StreamingTests {
    /// Feeds `bytes` into a stream from another thread in chunks, then finishes it.
    func feed(_ bytes: [UInt8], into stream: VideoByteStream, chunk: Int = 7919, pauseEvery: Int = 8) {
        Thread.detachNewThread {
            var offset = 0, chunks = 0
            while offset < bytes.count {
                let end = min(bytes.count, offset + chunk)
                try? stream.append(bytes[offset..<end])
                offset = end
                chunks += 1
                if chunks % pauseEvery == 0 { Thread.sleep(forTimeInterval: 0.001) }
            }
            stream.finish()
        }
    }

    @Test(arguments: ["stream-moov-last.mp4", "stream-faststart.mp4", "stream.mkv", "stream.webm"])
    func streamedUploadDecodesLikeTheWholeFile(name: String) throws {
        var codec = ["-c:v", "libx264", "-pix_fmt", "yuv420p"]
        if name.hasSuffix(".webm") { codec = ["-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8"] }
        if name.contains("faststart") { codec += ["-movflags", "+faststart"] }
        let path = try TestVideos.make(name, ["-f", "lavfi", "-i", "testsrc2=s=160x120:r=25:d=6"] + codec)
        let bytes = try TestVideos.bytes(path)
        let whole = try VideoDecoder.decode(data: bytes)
        let stream = VideoByteStream()
        feed(bytes, into: stream)
        let streamed = try VideoDecoder.decode(stream: stream)
        #expect(streamed.sampledFrameNumbers == whole.sampledFrameNumbers)
        #expect(streamed.frameCount == whole.frameCount)
        #expect(streamed.frames == whole.frames)
    }

    @Test func aFailedUploadStopsTheDecode() throws {
        let stream = VideoByteStream()
        let bytes = try TestVideos.bytes(try TestVideos.indexVideo(rate: "30", seconds: 10))
        try stream.append(bytes.prefix(bytes.count / 3))
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: 0.05)
            stream.fail("client disconnected")
        }
        expectError(.streamFailed(reason: "client disconnected")) { () throws(VideoError) in
            try VideoDecoder.decode(stream: stream)
        }
        #expect(throws: VideoError.self) { try stream.append([1, 2, 3]) }
    }

    @Test func aStalledUploadHitsTheTimeLimit() throws {
        let stream = VideoByteStream()
        let bytes = try TestVideos.bytes(try TestVideos.indexVideo(rate: "30", seconds: 10))
        try stream.append(bytes.prefix(1000))
        expectError(.timeLimitExceeded(seconds: 0.3)) { () throws(VideoError) in
            try VideoDecoder.decode(stream: stream, options: VideoDecodeOptions(timeLimitSeconds: 0.3))
        }
    }

    @Test func anUploadOverTheLimitIsRefused() {
        let stream = VideoByteStream(maxBytes: 10)
        #expect(throws: VideoError.inputTooLarge(bytes: 11, limit: 10)) { try stream.append([UInt8](repeating: 0, count: 11)) }
        expectError(.inputTooLarge(bytes: 11, limit: 10)) { () throws(VideoError) in try VideoDecoder.decode(stream: stream) }
    }
}
