// Long videos at ingest: one decode pass hands its windows over while the ingest thread encodes them.
import Foundation
import TempMeModel
import TempMeProto
import TempMeStore
import TempMeVideo

/// Where a video's bytes come from.
enum DecodeSource: Sendable {
    /// An upload arriving in chunks.
    case stream(VideoByteStream)
    /// A server-side file.
    case path(String)
}

/// A segmented decode's result and the wall time its thread took.
struct TimedDecode: Sendable {
    let video: SegmentedVideo
    let milliseconds: Double
}

extension VideoSearchService {
    /// Starts the one-pass decode of `source` on its own thread: the whole video's frames come back at the end,
    /// each window goes to `handoff` as soon as it is complete (`settings.segmenting` decides which videos are cut).
    func startSegmentedDecode(_ source: DecodeSource, handoff: SegmentHandoff) -> BackgroundResult<TimedDecode> {
        let options = settings.decodeOptions(frames: bundle.model.configuration.frames, threads: encodeQueue.decoderThreadsForNewIngest)
        let segmenting = settings.segmenting
        return BackgroundResult(name: "tempmed.decode") {
            defer { handoff.finish() }
            let start = ContinuousClock.now
            let video: SegmentedVideo
            switch source {
            case .stream(let stream):
                video = try VideoDecoder.decodeSegmented(stream: stream, options: options, segmenting: segmenting, onSegment: handoff.put)
            case .path(let path):
                video = try VideoDecoder.decodeSegmented(path: path, options: options, segmenting: segmenting, onSegment: handoff.put)
            }
            return TimedDecode(video: video, milliseconds: milliseconds(since: start))
        }
    }

    /// Encodes every window the decode hands over, in order, each as one job on the encode queue (so the decode of
    /// the next window overlaps the encode of this one); cancels the handoff when it fails or the caller leaves.
    func encodeSegments(from handoff: SegmentHandoff, context: some RequestContext) throws -> (segments: [VideoSegment], milliseconds: Double) {
        let model = bundle.model
        var segments: [VideoSegment] = []
        var total = 0.0
        do {
            while let window = handoff.take() {
                let frames = window.frames
                let (encoding, elapsed) = try timed { try encodeQueue.run(context: context) { try model.encodeVideo(frames: frames) } }
                total += elapsed
                segments.append(VideoSegment(
                    startSeconds: window.window.startSeconds, endSeconds: window.window.endSeconds, embedding: encoding.embedding,
                    sampledFrames: window.sampledFrameNumbers.map { UInt32(clamping: $0) }))
            }
        } catch {
            handoff.cancel()
            throw error
        }
        return (segments, total)
    }

    /// Adds what segmenting did to an ingest's answer: segment count, encode time and GFLOPs of every encode.
    func describeSegments(_ segments: [VideoSegment], encodeMs: Double, into response: inout Tempme_V1_IngestResponse) {
        response.segments = UInt32(clamping: segments.count)
        response.encodeMs += encodeMs
        response.totalGflops = response.cost.gflops * Double(1 + segments.count)
    }
}

extension VideoSearchService {
    /// `query` with `moments` best moments per hit (0 means 1), scored by `aggregation` (empty: the daemon's
    /// search.aggregation), from the moment at `atSeconds` of its source video when given.
    func withMoments(_ query: StoreQuery, moments: UInt32, aggregation: String, atSeconds: Double? = nil) throws -> StoreQuery {
        var query = query
        guard moments <= StoreLimits.maxMoments else {
            throw ServiceError.invalidArgument("moments must be at most \(StoreLimits.maxMoments), got \(moments)")
        }
        query.moments = max(1, Int(moments))
        if aggregation.isEmpty {
            query.aggregation = settings.aggregation
        } else {
            guard let chosen = SegmentAggregation(rawValue: aggregation) else {
                let names = SegmentAggregation.allCases.map(\.rawValue).joined(separator: ", ")
                throw ServiceError.invalidArgument("aggregation \(aggregation.debugDescription) is not one of \(names)")
            }
            query.aggregation = chosen
        }
        if let atSeconds {
            guard atSeconds.isFinite, atSeconds >= 0 else {
                throw ServiceError.invalidArgument("at_seconds must be a time in the video (0 or more seconds), got \(atSeconds)")
            }
            query.sourceSeconds = atSeconds
        }
        return query
    }
}
