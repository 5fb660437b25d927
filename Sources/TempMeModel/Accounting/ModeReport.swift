/// Tokens and GFLOPs of one encoder mode, measured by a real forward pass.
public struct ModeReport: Sendable, Codable {
    /// The mode.
    public let mode: EncoderMode
    /// Tokens per clip leaving each block, as [clips, tokens].
    public let tokensPerLayer: [[Int]]
    /// Tokens leaving the last block, as [clips, tokens].
    public let tokensOut: [Int]
    /// Video backbone GFLOPs (multiply-adds / 1e9).
    public let gflops: Double
    /// The paper's GFLOPs for this backbone, frame count and mode, when it publishes one.
    public let paperGFLOPs: Double?

    enum CodingKeys: String, CodingKey {
        case mode, gflops
        case tokensPerLayer = "tokens_per_layer", tokensOut = "tokens_out", paperGFLOPs = "paper_gflops"
    }

    /// The report of a trace.
    public init(mode: EncoderMode, trace: EncodeTrace, paperGFLOPs: Double?) {
        self.mode = mode
        tokensPerLayer = trace.layers.map { [$0.clips, $0.tokensPerClip] }
        tokensOut = [trace.tokensOut.clips, trace.tokensOut.tokens]
        gflops = trace.gflops
        self.paperGFLOPs = paperGFLOPs
    }

    /// The paper's published video-backbone GFLOPs (spec section 6).
    public static func paperGFLOPs(shape: BackboneShape, frames: Int, mode: EncoderMode) -> Double? {
        guard frames == 12 else { return nil }
        let table: [EncoderMode: Double]
        if shape == .b32 { table = [.lora: 53.0, .tome: 40.2, .tempme: 34.8] }
        else if shape == .b16 { table = [.lora: 211.3, .tome: 144.4, .tempme: 121.4] }
        else { return nil }
        return table[mode]
    }

    /// Runs one forward pass per mode on deterministic weights and frames and reports each.
    public static func measure(shape: BackboneShape, frames: Int, modes: [EncoderMode] = EncoderMode.allCases) throws -> [ModeReport] {
        let weights = try CLIPWeights.deterministic(shape, adapter: false)
        let input = DeterministicWeights.frames(count: frames, size: shape.imageSize)
        return try modes.map { mode in
            let model = try TempMeModel(weights: weights, configuration: .paperDefault(for: shape, frames: frames, mode: mode))
            let trace = try model.encodeVideo(frames: input).trace
            return ModeReport(mode: mode, trace: trace, paperGFLOPs: paperGFLOPs(shape: shape, frames: frames, mode: mode))
        }
    }
}
