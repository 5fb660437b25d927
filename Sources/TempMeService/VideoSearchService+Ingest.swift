// Ingest: bytes (streamed, decoded while they arrive) or a confined server-side path -> one stored video.
import Foundation
import TempMeMetrics
import TempMeModel
import TempMeProto
import TempMeStore
import TempMeVideo

extension VideoSearchService {
    /// Ingests a streamed upload: `header`, then `nextChunk()` until it returns nil. Decoding runs on
    /// its own thread while chunks arrive; the answer comes after the record is durably stored. Every
    /// chunk but the last must carry at least `limits.minChunkBytes` (refused when the next one arrives).
    public func ingest(
        header: Tempme_V1_IngestHeader, context: some RequestContext, nextChunk: () throws -> Data?
    ) throws -> Tempme_V1_IngestResponse {
        try counting {
            try checkServing()
            try checkNewVideo(id: header.id, metadata: header.metadata, replace: header.replace)
            return try encodeQueue.withAdmission {
                let stream = VideoByteStream(maxBytes: settings.limits.maxVideoBytes)
                let handoff = SegmentHandoff()
                let decoding = startSegmentedDecode(.stream(stream), handoff: handoff)
                do {
                    var previousChunkBytes: Int?
                    while let chunk = try nextChunk() {
                        if let previousChunkBytes { try settings.limits.nonFinalChunk(bytes: previousChunkBytes) }
                        try stream.append(chunk)
                        previousChunkBytes = chunk.count
                        if let failure = decoding.earlyFailure { throw failure }
                    }
                    stream.finish()
                } catch {
                    stream.fail("the upload ended with an error: \(ServiceError.from(error).description)")
                    handoff.cancel()
                    _ = try? decoding.value()
                    throw error
                }
                let (segments, segmentsMs) = try encodeSegments(from: handoff, context: context)
                let decoded = try decoding.value()
                try context.checkStillWanted("decoding the video")
                let origin = header.filename.isEmpty ? "upload" : header.filename
                return try encodeAndStore(
                    decoded.video.whole, id: header.id, metadata: header.metadata, replace: header.replace, origin: origin,
                    decodeMs: decoded.milliseconds, context: context, segments: segments, segmentsMs: segmentsMs)
            }
        }
    }

    /// Ingests a file the daemon reads itself; the path must resolve under an allowed root.
    public func ingestPath(_ request: Tempme_V1_IngestPathRequest, context: some RequestContext) throws -> Tempme_V1_IngestResponse {
        try counting {
            try checkServing()
            let path = try confinement.resolve(request.path)
            try checkNewVideo(id: request.id, metadata: request.metadata, replace: request.replace)
            return try encodeQueue.withAdmission {
                let handoff = SegmentHandoff()
                let decoding = startSegmentedDecode(.path(path), handoff: handoff)
                let (segments, segmentsMs) = try encodeSegments(from: handoff, context: context)
                let decoded = try decoding.value()
                try context.checkStillWanted("decoding the video")
                return try encodeAndStore(
                    decoded.video.whole, id: request.id, metadata: request.metadata, replace: request.replace, origin: path,
                    decodeMs: decoded.milliseconds, context: context, segments: segments, segmentsMs: segmentsMs)
            }
        }
    }

    /// Validates id and metadata and refuses a taken id before any decoding (the put re-checks at write time).
    private func checkNewVideo(id: String, metadata: [String: String], replace: Bool) throws {
        try settings.limits.id(id)
        try settings.limits.metadata(metadata)
        if !replace, try store.contains(id: id, kind: .video) { throw ServiceError.taken(id, .video) }
    }

    private func encodeAndStore(
        _ video: DecodedVideo, id: String, metadata: [String: String], replace: Bool, origin: String,
        decodeMs: Double, context: some RequestContext, segments: [VideoSegment] = [], segmentsMs: Double = 0
    ) throws -> Tempme_V1_IngestResponse {
        let model = bundle.model
        let frames = video.frames
        let (encoding, encodeMs) = try timed { try encodeQueue.run(context: context) { try model.encodeVideo(frames: frames, splitter: $0) } }
        counters.recordEncode(milliseconds: encodeMs)
        ServiceMetrics.decode(milliseconds: decodeMs)
        ServiceMetrics.encode(milliseconds: encodeMs)
        let source = VideoSource(
            durationSeconds: video.durationSeconds, framesPerSecond: video.fps,
            sampledFrames: video.sampledFrameNumbers.map { UInt32(clamping: $0) }, origin: origin)
        let record = VideoRecord(id: id, embedding: encoding.embedding, modelFingerprint: bundle.fingerprint,
                                 metadata: metadata, source: source, segments: segments)
        let outcome: PutOutcome
        do {
            outcome = try snapshotLock.withReadLock {
                let outcome = try store.putVideo(record, mode: replace ? .createOrReplace : .createOnly)
                saveThumbnails(of: video, id: id)
                return outcome
            }
        } catch StoreError.alreadyExists {
            throw ServiceError.taken(id, .video)
        }
        var response = ProtoConversion.ingestResponse(id: id, source: source, trace: encoding.trace)
        response.decodeMs = decodeMs
        response.encodeMs = encodeMs
        response.replaced = outcome == .replaced
        describeSegments(segments, encodeMs: segmentsMs, into: &response)
        return response
    }

    /// Counts the outcome of an ingest.
    private func counting(_ body: () throws -> Tempme_V1_IngestResponse) throws -> Tempme_V1_IngestResponse {
        do {
            let response = try body()
            counters.ingested.increment()
            return response
        } catch {
            counters.ingestFailures.increment()
            throw ServiceError.from(error)
        }
    }
}
