import Foundation
import TempMeModel

/// Golden outputs written by the independent numpy reference (scripts/make_goldens.py).
struct GoldenFile: Decodable {
    struct WeightSample: Decodable {
        let name: String
        let shape: [Int]
        let first8: [Float]
        let last8: [Float]
        let sum_f64: Double
    }
    struct FrameSample: Decodable {
        let frames: Int
        let first8: [Float]
        let at_index: [String: Float]
        let sum_f64: Double
    }
    struct Config: Decodable {
        let r_img: Int
        let merged_pct_cross: Int
        let merged_pct_intra: Int
        let merge_layers: [Int]
        let group_sizes: [Int]
        let cpe: Bool
    }
    struct Video: Decodable {
        let mode: String
        let frames: Int
        let adapter: Bool
        let config: Config
        let embedding: [Float]
        let blocks: [[Int]]
        let tokens_out: [Int]
        let macs: Int
    }
    struct Text: Decodable {
        let label: String
        let ids: [Int32]
        let adapter: Bool
        let embedding: [Float]
    }
    let backbone: String
    let tolerance_embedding_max_abs: Float
    let weight_samples: [WeightSample]
    let frame_samples: FrameSample
    let video: [Video]
    let text: [Text]

    /// Loads Golden/<name>.json next to this file.
    static func load(_ name: String) throws -> GoldenFile {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(name).json")
        return try JSONDecoder().decode(GoldenFile.self, from: Data(contentsOf: url))
    }

    /// The merge configuration a golden video case was made with.
    static func configuration(_ v: Video, shape: BackboneShape) -> MergeConfiguration {
        MergeConfiguration(mode: EncoderMode(rawValue: v.mode) ?? .lora, frames: v.frames,
                           imageMergeCount: v.config.r_img, crossClipMergedPercent: v.config.merged_pct_cross,
                           intraClipMergedPercent: v.config.merged_pct_intra, mergeLayers: v.config.merge_layers,
                           groupSizes: v.config.group_sizes, clipPositionalEmbedding: v.config.cpe)
    }
}

/// Largest absolute element-wise difference.
func maxAbsDifference(_ a: [Float], _ b: [Float]) -> Float {
    precondition(a.count == b.count, "length \(a.count) vs \(b.count)")
    return zip(a, b).map { abs($0 - $1) }.max() ?? 0
}

/// Deterministic weights, built once per backbone and adapter choice for all tests.
enum SharedWeights {
    nonisolated(unsafe) private static var cache: [String: CLIPWeights] = [:]
    private static let lock = NSLock()

    static func get(_ shape: BackboneShape, adapter: Bool) throws -> CLIPWeights {
        let key = "\(shape.visualWidth)-\(shape.patchSize)-\(adapter)"
        lock.lock()
        defer { lock.unlock() }
        if let w = cache[key] { return w }
        let w = try CLIPWeights.deterministic(shape, adapter: adapter)
        cache[key] = w
        return w
    }
}
