// Stats and Info: counters, gauges, and what the loaded model is and costs.
import Foundation
import TempMeKernels
import TempMeModel
import TempMeProto
import TempMeStore

extension VideoSearchService {
    /// Counters since start and current gauges; `UNAVAILABLE` when the store cannot be counted (Milvus down).
    public func stats() throws -> Tempme_V1_StatsResponse {
        var response = Tempme_V1_StatsResponse()
        do {
            response.videoCount = UInt64(try store.count(kind: .video))
            response.textCount = UInt64(try store.count(kind: .text))
            response.segmentCount = UInt64(try store.segmentCount())
        } catch {
            throw ServiceError.from(error)
        }
        response.queueDepth = UInt32(clamping: queueDepth)
        response.queueCapacity = UInt32(clamping: encodeQueue.capacity)
        response.ingestedTotal = counters.ingested.load(ordering: .relaxed)
        response.ingestFailuresTotal = counters.ingestFailures.load(ordering: .relaxed)
        response.searchesTotal = counters.searches.load(ordering: .relaxed)
        response.uptimeSeconds = uptimeSeconds
        response.storeBytes = store.storageBytes()
        response.meanEncodeMs = counters.meanEncodeMilliseconds
        return response
    }

    /// The number format the encoders run in (encoder.precision resolved on this CPU) and why.
    public var precision: ResolvedPrecision { bundle.model.precision }

    /// The loaded model, its merge schedule and per-video cost, and the daemon's state; `UNAVAILABLE` like `stats`.
    public func info() throws -> Tempme_V1_InfoResponse {
        let configuration = bundle.model.configuration
        var response = Tempme_V1_InfoResponse()
        response.modelName = bundle.name
        response.backbone = bundle.model.shape.displayName
        response.mode = ProtoConversion.mode(rawValue: configuration.mode.rawValue)
        response.frames = UInt32(clamping: configuration.frames)
        if configuration.mode == .tempme {
            response.mergeSchedule = zip(configuration.mergeLayers, configuration.groupSizes).map { layer, group in
                var stage = Tempme_V1_MergeStage()
                stage.layer = UInt32(clamping: layer)
                stage.groupSize = UInt32(clamping: group)
                return stage
            }
        }
        response.rImg = UInt32(clamping: configuration.mode == .lora ? 0 : configuration.imageMergeCount)
        response.crossClipKeepRatio = 1 - Double(configuration.crossClipMergedPercent) / 100
        response.intraClipKeepRatio = 1 - Double(configuration.intraClipMergedPercent) / 100
        response.tokensPerLayer = ProtoConversion.layerTokens(videoCost)
        response.gflopsPerVideo = videoCost.gflops
        response.embeddingDim = UInt32(clamping: bundle.model.embeddingDimension)
        response.maxWords = UInt32(clamping: bundle.maxWords)
        response.modelFingerprint = bundle.fingerprint
        response.deterministicWeights = !bundle.meaningful
        response.precision = bundle.model.precision.format.rawValue
        response.precisionReason = bundle.model.precision.reason
        do {
            response.videoCount = UInt64(try store.count(kind: .video))
            response.textCount = UInt64(try store.count(kind: .text))
        } catch {
            throw ServiceError.from(error)
        }
        response.queueDepth = UInt32(clamping: queueDepth)
        response.encodeWorkers = UInt32(clamping: encodeQueue.workers)
        response.queueCapacity = UInt32(clamping: encodeQueue.capacity)
        response.uptimeSeconds = uptimeSeconds
        response.version = settings.version
        response.segmentSeconds = settings.segmenting.segmentSeconds
        response.segmentStrideSeconds = settings.segmenting.strideSeconds
        response.segmentMinVideoSeconds = settings.segmenting.minVideoSeconds
        response.aggregation = settings.aggregation.rawValue
        return response
    }
}
