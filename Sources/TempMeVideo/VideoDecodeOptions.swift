/// Limits and sampling settings for turning one video into frames.
public struct VideoDecodeOptions: Sendable, Equatable {
    /// How many frames to sample (the spec's F: 12 for short videos, 64 for long ones).
    public var frames: Int
    /// The largest frame (width x height) accepted before decoding starts.
    public var maxPixelsPerFrame: Int
    /// The longest video accepted, in seconds.
    public var maxDurationSeconds: Double
    /// Wall-clock budget for one decode, including waiting for streamed bytes.
    public var timeLimitSeconds: Double
    /// The largest input accepted, in bytes (files, buffers and streams alike).
    public var maxInputBytes: Int
    /// Threads the decoder may use; kept small because the encoder needs the cores.
    public var decoderThreads: Int
    /// Exact frames (the default) or samples snapped to nearby keyframes.
    public var sampling: FrameSampling

    /// Options with the defaults documented on each field.
    public init(
        frames: Int = 12,
        maxPixelsPerFrame: Int = 8192 * 4320,
        maxDurationSeconds: Double = 4 * 3600,
        timeLimitSeconds: Double = 120,
        maxInputBytes: Int = 4 << 30,
        decoderThreads: Int = 2,
        sampling: FrameSampling = .exact
    ) {
        self.frames = frames
        self.maxPixelsPerFrame = maxPixelsPerFrame
        self.maxDurationSeconds = maxDurationSeconds
        self.timeLimitSeconds = timeLimitSeconds
        self.maxInputBytes = maxInputBytes
        self.decoderThreads = decoderThreads
        self.sampling = sampling
    }

    /// Throws `VideoError.invalidOptions` when a field is out of range.
    func validate() throws(VideoError) {
        guard frames >= 1, frames <= 1024 else { throw .invalidOptions(reason: "frames must be 1...1024, got \(frames)") }
        guard maxPixelsPerFrame >= 1 else { throw .invalidOptions(reason: "maxPixelsPerFrame must be positive") }
        guard maxDurationSeconds > 0 else { throw .invalidOptions(reason: "maxDurationSeconds must be positive") }
        guard timeLimitSeconds > 0 else { throw .invalidOptions(reason: "timeLimitSeconds must be positive") }
        guard maxInputBytes >= 1 else { throw .invalidOptions(reason: "maxInputBytes must be positive") }
        guard decoderThreads >= 1, decoderThreads <= 64 else { throw .invalidOptions(reason: "decoderThreads must be 1...64") }
    }
}
