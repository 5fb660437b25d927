import Foundation

/// One window's frames, ready for the encoder.
public struct SegmentFrames: Sendable {
    /// Which window of the video this is (0-based, in time order).
    public let number: Int
    /// The window's frames and seconds.
    public let window: SegmentWindow
    /// Its F preprocessed frames, one contiguous [F][3][224][224] buffer.
    public let frames: [Float]
    /// The frame number (in the whole video) behind each of the F frames.
    public let sampledFrameNumbers: [Int]
}

/// What a segmented decode learned: the whole video (its own F frames) and the windows it was cut into.
public struct SegmentedVideo: Sendable {
    /// The whole video sampled by the spec's rule, exactly as an unsegmented decode gives it.
    public let whole: DecodedVideo
    /// The windows, in time order; empty when the video is short enough to stay whole.
    public let windows: [SegmentWindow]
}

extension VideoDecoder {
    /// Decodes the whole video's F frames and, for a video longer than `segmenting.minVideoSeconds`, each window's
    /// F frames, in one forward pass over the file: the union of every sampled frame is decoded once, in
    /// presentation order, and each window is handed to `onSegment` as soon as its last frame is in, then
    /// forgotten. Memory holds the frames of the windows still open (about segment / stride windows), never the
    /// whole video's. `onSegment` runs on the decoding thread and may block (that pauses decoding).
    public static func decodeSegmented(
        stream: VideoByteStream, options: VideoDecodeOptions, segmenting: SegmentSettings,
        onSegment: @escaping (SegmentFrames) throws(VideoError) -> Void
    ) throws(VideoError) -> SegmentedVideo {
        try options.validate()
        try segmenting.validate()
        let deadline = Deadline(seconds: options.timeLimitSeconds)
        try awaitFirstByte(of: stream, deadline: deadline)
        return try decodeSegmented(stream, options: options, segmenting: segmenting, deadline: deadline, onSegment: onSegment)
    }

    /// `decodeSegmented` of a file.
    public static func decodeSegmented(
        path: String, options: VideoDecodeOptions, segmenting: SegmentSettings,
        onSegment: @escaping (SegmentFrames) throws(VideoError) -> Void
    ) throws(VideoError) -> SegmentedVideo {
        try options.validate()
        try segmenting.validate()
        let size = try checkedFileSize(path: path, options: options)
        return try decodeSegmented(FileByteSource(path: path, size: size), options: options, segmenting: segmenting,
                                   deadline: Deadline(seconds: options.timeLimitSeconds), onSegment: onSegment)
    }

    static func decodeSegmented(
        _ input: any ByteSource, options: VideoDecodeOptions, segmenting: SegmentSettings, deadline: Deadline,
        onSegment consumer: @escaping (SegmentFrames) throws(VideoError) -> Void
    ) throws(VideoError) -> SegmentedVideo {
        // Waiting for the consumer (encodes of earlier windows) is not decoding: the decode budget stops meanwhile.
        let onSegment = { (segment: SegmentFrames) throws(VideoError) in try deadline.excluding { () throws(VideoError) in try consumer(segment) } }
        let scan = try scanned(input, options: options, deadline: deadline)
        let frameCount = scan.index.frameCount, fps = scan.fps, frames = options.frames
        let windows = SegmentPlan.windows(frameCount: frameCount, fps: fps, durationSeconds: scan.durationSeconds,
                                          settings: segmenting)
        let wholeNumbers = options.sampling.frameNumbers(  // the whole video's sample honours ingest.sampling
            FrameSampler.frameNumbers(frameCount: frameCount, fps: fps, frames: frames),
            keyframes: scan.index.keyframeFrameNumbers, frameCount: frameCount)
        var wholeFrames = [Float](repeating: 0, count: frames * DecodedVideo.floatsPerFrame)
        var reader = scan.reader(input, options: options, deadline: deadline)
        guard !windows.isEmpty else {
            try reader.read(frameNumbers: wholeNumbers, from: scan.media, decoder: scan.decoder, into: &wholeFrames)
            return SegmentedVideo(whole: scan.video(frames: wholeFrames, sampledFrameNumbers: wholeNumbers, reader: reader),
                                  windows: [])
        }
        var assembler = WindowAssembler(windows: windows, fps: fps, frames: frames, wholeNumbers: wholeNumbers)
        reader.frameSink = { (slot: Int, frame: [Float]) throws(VideoError) in
            try assembler.receive(frameNumber: slot, frame: frame, whole: &wholeFrames, onSegment: onSegment)
        }
        var unused: [Float] = []
        try reader.read(frameNumbers: assembler.frameNumbers, from: scan.media, decoder: scan.decoder, into: &unused)
        try assembler.finish(onSegment: onSegment)
        return SegmentedVideo(whole: scan.video(frames: wholeFrames, sampledFrameNumbers: wholeNumbers, reader: reader),
                              windows: windows)
    }
}

/// Collects decoded frames (arriving in ascending frame order) into the whole video's buffer and each window's,
/// emitting a window once its last sampled frame is in and dropping frames no open window needs.
private struct WindowAssembler {
    let windows: [SegmentWindow]
    let samples: [[Int]]
    let frames: Int
    /// Ascending, distinct frame numbers to decode: every window's samples and the whole video's.
    let frameNumbers: [Int]
    /// Every frame number some window samples.
    private let windowFrames: Set<Int>
    /// Whole-video output slots of each frame number.
    private let wholeSlots: [Int: [Int]]
    /// Frames kept for windows not yet emitted.
    private var held: [Int: [Float]] = [:]
    private var nextWindow = 0

    init(windows: [SegmentWindow], fps: Double, frames: Int, wholeNumbers: [Int]) {
        self.windows = windows
        self.frames = frames
        samples = windows.map { $0.sampledFrameNumbers(fps: fps, frames: frames) }
        windowFrames = Set(samples.joined())
        frameNumbers = Array(windowFrames.union(wholeNumbers)).sorted()
        var slots: [Int: [Int]] = [:]
        for (slot, number) in wholeNumbers.enumerated() { slots[number, default: []].append(slot) }
        wholeSlots = slots
    }

    /// Takes frame `frameNumber` (the reader's slot is the frame number's index in `frameNumbers`).
    mutating func receive(frameNumber slot: Int, frame: [Float], whole: inout [Float],
                          onSegment: (SegmentFrames) throws(VideoError) -> Void) throws(VideoError) {
        let number = frameNumbers[slot]
        for target in wholeSlots[number] ?? [] { Self.copy(frame, into: &whole, slot: target) }
        if nextWindow < windows.count, number >= windows[nextWindow].startFrame, windowFrames.contains(number) {
            held[number] = frame
        }
        while nextWindow < samples.count, let last = samples[nextWindow].last, last <= number {
            try emit(onSegment)
        }
    }

    /// Emits any window still open after the last frame (none when the reader delivered every frame).
    mutating func finish(onSegment: (SegmentFrames) throws(VideoError) -> Void) throws(VideoError) {
        while nextWindow < windows.count { try emit(onSegment) }
    }

    private mutating func emit(_ onSegment: (SegmentFrames) throws(VideoError) -> Void) throws(VideoError) {
        let numbers = samples[nextWindow]
        var buffer = [Float](repeating: 0, count: frames * DecodedVideo.floatsPerFrame)
        var latest: [Float]?
        for (slot, number) in numbers.enumerated() {
            latest = held[number] ?? latest  // every sampled frame arrives (the reader repeats the last at the end)
            if let latest { Self.copy(latest, into: &buffer, slot: slot) }
        }
        try onSegment(SegmentFrames(number: nextWindow, window: windows[nextWindow], frames: buffer, sampledFrameNumbers: numbers))
        nextWindow += 1
        let stillNeeded = nextWindow < windows.count ? windows[nextWindow].startFrame : Int.max
        held = held.filter { $0.key >= stillNeeded }
    }

    private static func copy(_ frame: [Float], into buffer: inout [Float], slot: Int) {
        let floats = DecodedVideo.floatsPerFrame
        buffer.withUnsafeMutableBufferPointer { target in
            frame.withUnsafeBufferPointer { source in
                guard let base = target.baseAddress, let from = source.baseAddress else { return }
                (base + slot * floats).update(from: from, count: floats)
            }
        }
    }
}
