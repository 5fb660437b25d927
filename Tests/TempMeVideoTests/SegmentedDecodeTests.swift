import Foundation
import Testing
@testable import TempMeVideo

/// One forward pass gives every window's frames: the frames each window shows are read back from the pixels
/// (every frame of an index video draws its own number), and the whole video equals an ordinary decode.
@Suite struct SegmentedDecodeTests {
    static let settings = SegmentSettings(segmentSeconds: 8, strideSeconds: 4, minVideoSeconds: 30)

    @Test func windowsCoverTheVideoWithAFinalWindowEndingAtTheEnd() {
        // 42 s at 10 fps = 420 frames; 80-frame windows every 40 frames fit up to start 320 (ends at 400); one more
        // window of the same length ends at frame 420.
        let windows = SegmentPlan.windows(frameCount: 420, fps: 10, durationSeconds: 42, settings: Self.settings)
        #expect(windows.map(\.startFrame) == [0, 40, 80, 120, 160, 200, 240, 280, 320, 340])
        #expect(windows.allSatisfy { $0.endFrame - $0.startFrame == 80 })
        #expect(windows.last?.endSeconds == 42 && windows[1].startSeconds == 4)
        #expect(SegmentPlan.windows(frameCount: 300, fps: 10, durationSeconds: 30, settings: Self.settings).isEmpty)
        #expect(SegmentPlan.windows(frameCount: 420, fps: 10, durationSeconds: 42, settings: .off).isEmpty)
        #expect(throws: VideoError.self) { try SegmentSettings(segmentSeconds: 4, strideSeconds: 5).validate() }
    }

    @Test func onePassDeliversEveryWindowsOwnFramesInOrder() throws {
        let path = try TestVideos.indexVideo(rate: "10", seconds: 42)
        var received: [SegmentFrames] = []
        let options = VideoDecodeOptions(frames: 12)
        let result = try VideoDecoder.decodeSegmented(path: path, options: options, segmenting: Self.settings) { segment in
            received.append(segment)
        }
        #expect(result.windows.count == 10 && received.map(\.number) == Array(0..<10))
        for segment in received {
            let expected = FrameSampler.frameNumbers(frameCount: 80, fps: 10, frames: 12).map { $0 + segment.window.startFrame }
            #expect(segment.sampledFrameNumbers == expected)
            let asVideo = DecodedVideo(frames: segment.frames, frameCount: 420, sampledFrameNumbers: expected, fps: 10,
                                       durationSeconds: 42, width: 16, height: 16, codec: "h264")
            #expect(TestVideos.frameIndices(in: asVideo) == expected, "window \(segment.number)")
        }
        let ordinary = try VideoDecoder.decode(path: path, options: options)
        #expect(result.whole.frames == ordinary.frames && result.whole.sampledFrameNumbers == ordinary.sampledFrameNumbers)
        #expect(TestVideos.frameIndices(in: result.whole) == ordinary.sampledFrameNumbers)
    }

    @Test func timeSpentWaitingForTheConsumerIsNotDecodeTime() throws {
        // 10 windows; the consumer takes 0.3 s for each (as encodes would), 3 s in all, against a 2 s decode budget.
        let path = try TestVideos.indexVideo(rate: "10", seconds: 42)
        var options = VideoDecodeOptions(frames: 12)
        options.timeLimitSeconds = 2
        var received = 0
        let result = try VideoDecoder.decodeSegmented(path: path, options: options, segmenting: Self.settings) { _ in
            Thread.sleep(forTimeInterval: 0.3)
            received += 1
        }
        #expect(received == 10 && result.windows.count == 10)
    }

    @Test func shortVideosStayWholeAndStreamsSegmentToo() throws {
        let short = try TestVideos.indexVideo(rate: "10", seconds: 6)
        var count = 0
        let whole = try VideoDecoder.decodeSegmented(path: short, options: VideoDecodeOptions(), segmenting: Self.settings) { _ in
            count += 1
        }
        #expect(whole.windows.isEmpty && count == 0)
        #expect(whole.whole.frames == (try VideoDecoder.decode(path: short)).frames)

        let long = try TestVideos.indexVideo(rate: "10", seconds: 42)
        let stream = VideoByteStream()
        try stream.append(Data(try TestVideos.bytes(long)))
        stream.finish()
        var numbers: [Int] = []
        let streamed = try VideoDecoder.decodeSegmented(stream: stream, options: VideoDecodeOptions(), segmenting: Self.settings) {
            numbers.append($0.number)
        }
        #expect(numbers == Array(0..<10) && streamed.windows.count == 10)
    }
}
