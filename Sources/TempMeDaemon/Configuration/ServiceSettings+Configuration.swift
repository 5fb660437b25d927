// The service's settings, read off the daemon configuration.
import TempMeService
import TempMeVideo

extension ServiceSettings {
    /// Settings taken from a loaded daemon configuration.
    public init(configuration: DaemonConfiguration) {
        self.init(
            limits: RequestLimits(maxK: configuration.search.maxK, maxTextBytes: configuration.search.maxTextBytes,
                                  maxVideoBytes: configuration.ingest.maxVideoBytes,
                                  minChunkBytes: RequestLimits.minChunkBytes(maxMessageBytes: configuration.maxMessageBytes)),
            allowedRoots: configuration.ingest.allowedRoots, encodeWorkers: configuration.ingest.encodeWorkers,
            queueCapacity: configuration.ingest.queueCapacity,
            decodeTimeoutSeconds: configuration.ingest.decodeTimeoutSeconds,
            backupDirectory: configuration.store.backupDirectory)
        sampling = configuration.ingest.sampling
        segmenting = SegmentSettings(
            segmentSeconds: configuration.ingest.segmentSeconds, strideSeconds: configuration.ingest.segmentStrideSeconds,
            minVideoSeconds: configuration.ingest.segmentMinVideoSeconds)
        aggregation = configuration.search.aggregation
    }
}
