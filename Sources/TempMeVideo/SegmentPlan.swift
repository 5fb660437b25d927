/// How long videos are cut into overlapping windows for moment search.
public struct SegmentSettings: Sendable, Equatable {
    /// Length of one window in seconds.
    public var segmentSeconds: Double
    /// Distance between window starts in seconds (at most `segmentSeconds`: windows overlap or touch).
    public var strideSeconds: Double
    /// Videos at most this long stay whole (no segments); 0 turns segmenting off.
    public var minVideoSeconds: Double

    /// Settings with the project's defaults (docs/moment-search.md says how they were chosen).
    public init(segmentSeconds: Double = 8, strideSeconds: Double = 4, minVideoSeconds: Double = 30) {
        self.segmentSeconds = segmentSeconds
        self.strideSeconds = strideSeconds
        self.minVideoSeconds = minVideoSeconds
    }

    /// Segmenting turned off: every video stays whole.
    public static let off = SegmentSettings(minVideoSeconds: 0)

    /// Whether a video of `durationSeconds` is cut into segments.
    public func segments(durationSeconds: Double) -> Bool {
        minVideoSeconds > 0 && durationSeconds > minVideoSeconds && durationSeconds > segmentSeconds
    }

    /// Throws `VideoError.invalidOptions` unless 0 < stride <= segment and the threshold is not negative.
    public func validate() throws(VideoError) {
        guard segmentSeconds.isFinite, segmentSeconds > 0 else {
            throw .invalidOptions(reason: "segment_seconds must be positive, got \(segmentSeconds)")
        }
        guard strideSeconds.isFinite, strideSeconds > 0, strideSeconds <= segmentSeconds else {
            throw .invalidOptions(reason: "segment_stride_seconds must be in (0, segment_seconds], got \(strideSeconds)")
        }
        guard minVideoSeconds.isFinite, minVideoSeconds >= 0 else {
            throw .invalidOptions(reason: "segment_min_video_seconds must be 0 (off) or positive, got \(minVideoSeconds)")
        }
    }
}

/// One window of a long video: a range of presentation-order frames and the seconds it spans.
public struct SegmentWindow: Sendable, Equatable {
    /// First frame of the window.
    public var startFrame: Int
    /// One past the last frame of the window.
    public var endFrame: Int
    /// Start in seconds (`startFrame / fps`).
    public var startSeconds: Double
    /// End in seconds (`endFrame / fps`, at most the video's duration).
    public var endSeconds: Double

    /// The F frame numbers (in the whole video) the spec's sampling takes from this window's own frames.
    public func sampledFrameNumbers(fps: Double, frames: Int) -> [Int] {
        FrameSampler.frameNumbers(frameCount: endFrame - startFrame, fps: fps, frames: frames).map { $0 + startFrame }
    }
}

/// Cuts a video's frames into windows.
public enum SegmentPlan {
    /// Windows of `segmentSeconds` every `strideSeconds` from frame 0, while they fit; then, if frames are left
    /// after the last one, one final window of the same length ending at the last frame (so every segment spans
    /// the same time and the tail is covered). Empty when the video is not segmented.
    public static func windows(frameCount: Int, fps: Double, durationSeconds: Double,
                               settings: SegmentSettings) -> [SegmentWindow] {
        guard frameCount > 0, settings.segments(durationSeconds: durationSeconds) else { return [] }
        let rate = fps > 0 && fps.isFinite ? fps : Double(frameCount) / max(durationSeconds, 1e-9)
        let length = min(frameCount, max(1, Int((settings.segmentSeconds * rate).rounded())))
        let stride = max(1, Int((settings.strideSeconds * rate).rounded()))
        var starts = Array(Swift.stride(from: 0, through: frameCount - length, by: stride))
        if let last = starts.last, last + length < frameCount { starts.append(frameCount - length) }
        return starts.map { start in
            SegmentWindow(startFrame: start, endFrame: start + length, startSeconds: Double(start) / rate,
                          endSeconds: min(Double(start + length) / rate, max(durationSeconds, Double(start) / rate)))
        }
    }
}
