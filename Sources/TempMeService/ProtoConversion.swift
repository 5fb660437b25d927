// Store records and encode traces as tempme.v1 messages.
import Foundation
import TempMeModel
import TempMeProto
import TempMeStore

/// Builds proto messages from the engine's and the store's types.
enum ProtoConversion {
    /// Tokens leaving each block.
    static func layerTokens(_ trace: EncodeTrace) -> [Tempme_V1_LayerTokens] {
        trace.layers.map { layer in
            var tokens = Tempme_V1_LayerTokens()
            tokens.layer = UInt32(clamping: layer.layer)
            tokens.clips = UInt32(clamping: layer.clips)
            tokens.tokensPerClip = UInt32(clamping: layer.tokensPerClip)
            return tokens
        }
    }

    /// The cost block of an ingest.
    static func cost(_ trace: EncodeTrace) -> Tempme_V1_EncodeCost {
        var cost = Tempme_V1_EncodeCost()
        cost.tokensPerLayer = layerTokens(trace)
        let out = trace.tokensOut
        cost.finalTokens = UInt32(clamping: out.clips * out.tokens)
        cost.gflops = trace.gflops
        return cost
    }

    /// The brief of a stored video.
    static func ingestResponse(id: String, source: VideoSource, trace: EncodeTrace) -> Tempme_V1_IngestResponse {
        var response = Tempme_V1_IngestResponse()
        response.id = id
        response.sampledFrames = source.sampledFrames
        response.durationSeconds = source.durationSeconds
        response.fps = source.framesPerSecond
        response.cost = cost(trace)
        return response
    }

    /// A stored record as a Record; `cost` is the model's per-video cost (used for videos).
    static func record(_ stored: StoredRecord, cost trace: EncodeTrace, includeEmbedding: Bool) -> Tempme_V1_Record {
        switch stored {
        case .video(let video): return record(video, cost: trace, includeEmbedding: includeEmbedding)
        case .text(let text): return record(text, includeEmbedding: includeEmbedding)
        }
    }

    /// The proto kind of a record kind.
    static func kind(_ kind: RecordKind) -> Tempme_V1_Kind {
        switch kind {
        case .video: return .video
        case .text: return .text
        }
    }

    /// A stored video as a Record; `cost` is the model's per-video cost.
    private static func record(_ video: VideoRecord, cost trace: EncodeTrace, includeEmbedding: Bool) -> Tempme_V1_Record {
        var record = Tempme_V1_Record()
        record.id = video.id
        record.kind = .video
        record.metadata = video.metadata
        record.createdUnixMs = unixMilliseconds(video.ingestedAt)
        record.modelFingerprint = video.modelFingerprint
        record.video = ingestResponse(id: video.id, source: video.source, trace: trace)
        record.video.segments = UInt32(clamping: video.segments.count)
        record.video.totalGflops = trace.gflops * Double(1 + video.segments.count)
        if includeEmbedding { record.embedding = video.embedding }
        return record
    }

    /// A stored text as a Record.
    private static func record(_ text: TextRecord, includeEmbedding: Bool) -> Tempme_V1_Record {
        var record = Tempme_V1_Record()
        record.id = text.id
        record.kind = .text
        record.metadata = text.metadata
        record.createdUnixMs = unixMilliseconds(text.ingestedAt)
        record.modelFingerprint = text.modelFingerprint
        record.text = text.text
        if includeEmbedding { record.embedding = text.embedding }
        return record
    }

    /// A moment of a video hit.
    static func moment(_ moment: MomentHit) -> Tempme_V1_Moment {
        var message = Tempme_V1_Moment()
        message.startSeconds = moment.startSeconds
        message.endSeconds = moment.endSeconds
        message.score = moment.score
        return message
    }

    /// The proto encoder mode for a model mode's raw value (`lora`, `tome`, `tempme`).
    static func mode(rawValue: String) -> Tempme_V1_EncoderMode {
        switch rawValue {
        case "lora": return .lora
        case "tome": return .tome
        case "tempme": return .tempme
        default: return .unspecified
        }
    }

    private static func unixMilliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }
}
