/// One encoded video: its unit-length embedding and what the forward pass did.
public struct VideoEncoding: Sendable {
    /// L2-normalized mean of the L2-normalized frame features [E].
    public let embedding: [Float]
    /// Tokens and multiply-adds per block.
    public let trace: EncodeTrace
}

/// CLIP's two towers with TempMe's merging: immutable, shared, safe to call from many threads.
public struct TempMeModel: Sendable {
    /// The loaded weights.
    public let weights: CLIPWeights
    /// How videos are encoded.
    public let configuration: MergeConfiguration

    /// A model over loaded weights; validates the configuration against the backbone.
    public init(weights: CLIPWeights, configuration: MergeConfiguration) throws {
        try configuration.validate(layers: weights.shape.visualLayers)
        self.weights = weights
        self.configuration = configuration
    }

    /// Backbone dimensions.
    public var shape: BackboneShape { weights.shape }
    /// Width of the joint embedding.
    public var embeddingDimension: Int { weights.shape.embedDim }

    /// Encodes normalized frames [F, 3, 224, 224] into the video embedding.
    public func encodeVideo(frames: [Float]) throws -> VideoEncoding {
        let encoder = VisualEncoder(weights: weights.visual, shape: weights.shape, config: configuration)
        var (features, trace) = try encoder.encode(frames: frames)
        let e = weights.shape.embedDim
        Ops.l2NormalizeRows(&features, cols: e)
        var mean = [Float](repeating: 0, count: e)
        let f = configuration.frames
        for frame in 0..<f {
            for j in 0..<e { mean[j] += features[frame * e + j] }
        }
        for j in 0..<e { mean[j] /= Float(f) }
        Ops.l2NormalizeRows(&mean, cols: e)
        return VideoEncoding(embedding: mean, trace: trace)
    }

    /// Encodes padded token id sequences (equal length, at most the context) into unit-length text embeddings.
    public func encodeText(_ batch: [[Int32]]) throws -> [[Float]] {
        let encoder = TextEncoder(weights: weights.text, shape: weights.shape)
        var flat = try encoder.encode(batch)
        let e = weights.shape.embedDim
        Ops.l2NormalizeRows(&flat, cols: e)
        return (0..<batch.count).map { Array(flat[($0 * e)..<(($0 + 1) * e)]) }
    }
}
