/// What one visual block did: the tokens leaving it and the multiply-adds it spent.
public struct LayerTrace: Sendable, Codable, Equatable {
    /// 0-based block index.
    public let layer: Int
    /// Clips (independent token groups) leaving the block.
    public let clips: Int
    /// Tokens per clip leaving the block, CLS included.
    public let tokensPerClip: Int
    /// Multiply-adds of every matrix product the block executed (merge similarities included).
    public let macs: Int
}

/// Token and FLOP accounting recorded by the real forward pass of one video.
public struct EncodeTrace: Sendable, Codable, Equatable {
    /// Multiply-adds of the patch embedding.
    public var stemMACs = 0
    /// Per-block records, in order.
    public var layers: [LayerTrace] = []
    /// Multiply-adds of the output projection of the CLS tokens.
    public var headMACs = 0

    /// Total multiply-adds of the video backbone.
    public var totalMACs: Int { stemMACs + layers.reduce(0) { $0 + $1.macs } + headMACs }
    /// GFLOPs in the paper's convention (one multiply-add is one operation).
    public var gflops: Double { Double(totalMACs) / 1e9 }
    /// Tokens leaving the last block as (clips, tokens per clip).
    public var tokensOut: (clips: Int, tokens: Int) { (layers.last?.clips ?? 0, layers.last?.tokensPerClip ?? 0) }
}
