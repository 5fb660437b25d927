// What request handling may do and how hard it may work (the daemon fills it from its configuration).
import TempMeStore
import TempMeVideo

/// What a `VideoSearchService` is allowed to do and how hard it may work.
public struct ServiceSettings: Sendable, Equatable {
    /// Bounds on request fields.
    public var limits: RequestLimits
    /// Where thumbnails of the sampled frames are kept (one folder per video); nil makes none.
    public var thumbnailDirectory: String? = nil
    /// Directories server-side path ingest may read.
    public var allowedRoots: [String]
    /// Encoder threads.
    public var encodeWorkers: Int
    /// Ingests admitted at once before RESOURCE_EXHAUSTED.
    public var queueCapacity: Int
    /// Longest time decoding one video may take, in seconds.
    public var decodeTimeoutSeconds: Double
    /// Version reported by Info.
    public var version: String
    /// Where backups with a bare name (or none) go; nil refuses them (only absolute destinations work).
    public var backupDirectory: String?
    /// Exact frames (the default) or samples snapped to nearby keyframes.
    public var sampling: FrameSampling = .exact
    /// How long videos are cut into segments at ingest.
    public var segmenting = SegmentSettings()
    /// How searches score long videos unless a request says otherwise.
    public var aggregation = SegmentAggregation.bestSegment

    /// Settings with every field given (defaults suit tests).
    public init(limits: RequestLimits = RequestLimits(), allowedRoots: [String] = [], encodeWorkers: Int = 1,
                queueCapacity: Int = 64, decodeTimeoutSeconds: Double = 120, version: String = TempMedVersion.current,
                backupDirectory: String? = nil) {
        self.limits = limits
        self.allowedRoots = allowedRoots
        self.encodeWorkers = encodeWorkers
        self.queueCapacity = queueCapacity
        self.decodeTimeoutSeconds = decodeTimeoutSeconds
        self.version = version
        self.backupDirectory = backupDirectory
    }

    /// Decode options for a model that takes `frames` frames, decoding on `threads` threads.
    func decodeOptions(frames: Int, threads: Int = 1) -> VideoDecodeOptions {
        VideoDecodeOptions(frames: frames, timeLimitSeconds: decodeTimeoutSeconds, maxInputBytes: limits.maxVideoBytes,
                           decoderThreads: threads, sampling: sampling)
    }
}

/// The version of this build.
public enum TempMedVersion {
    /// Semantic version of tempmed and tempmectl.
    public static let current = "0.1.0"
}
