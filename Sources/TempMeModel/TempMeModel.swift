import TempMeBasics
import TempMeKernels

/// One encoded video: its unit-length embedding and what the forward pass did.
public struct VideoEncoding: Sendable {
    /// L2-normalized mean of the L2-normalized frame features [E].
    public let embedding: [Float]
    /// Tokens and multiply-adds per block.
    public let trace: EncodeTrace
}

/// CLIP's two towers with TempMe's merging: immutable, shared, safe to call from many threads.
public struct TempMeModel: Sendable {
    /// The loaded weights. In int8 the quantized layers' float32 values are dropped (empty tensors of
    /// the right shape): the int8 copies run instead, and memory falls (docs/precision.md, "Memory").
    public let weights: CLIPWeights
    /// How videos are encoded.
    public let configuration: MergeConfiguration

    /// The number format the linear layers run in on this CPU, and why.
    public let precision: ResolvedPrecision
    /// int8 copies of the linear layers (int8 precision only).
    let int8: Int8ModelWeights?

    /// A model over loaded weights; validates the configuration against the backbone. `precision`
    /// picks the linear layers' number format (fp32, the exact mode, unless told otherwise); a
    /// format this CPU cannot run throws `ModelError.unavailablePrecision`. int8 quantizes the
    /// weights here, once, and drops this model's reference to their float32 values.
    public init(weights: CLIPWeights, configuration: MergeConfiguration, precision: Precision = .fp32) throws {
        try configuration.validate(layers: weights.shape.visualLayers)
        self.configuration = configuration
        switch precision.resolve() {
        case let .failure(unavailable):
            throw ModelError.unavailablePrecision(requested: unavailable.requested.rawValue, missingFeature: unavailable.missingFeature,
                                                  message: unavailable.message)
        case let .success(resolved):
            self.precision = resolved
            switch resolved.format {
            case .fp32:
                guard weights.holdsAllFloat32Values else {
                    throw ModelError.invalidConfiguration("these weights come from an int8 model, which dropped its float32 linear layers; load them again for fp32")
                }
                self.weights = weights
                int8 = nil
            case .int8:
                guard let kernel = Int8GEMM.fastKernel else { throw ModelError.invalidConfiguration("int8 resolved without an int8 kernel") }
                guard weights.holdsAllFloat32Values else {
                    throw ModelError.invalidConfiguration("these weights come from an int8 model, which dropped its float32 linear layers; load them again")
                }
                let quantized = Int8ModelWeights(weights, kernel: kernel)
                self.weights = weights.droppingQuantized(quantized)
                int8 = quantized
            case .bf16: throw ModelError.invalidConfiguration("bf16 resolved, but this build has no bf16 kernels")
            }
        }
    }

    /// The same weights and configuration in another number format (int8 quantizes the weights once more).
    /// An int8 model holds no float32 copy of its quantized layers: it returns itself for int8 and throws
    /// for any other format (load the weights again).
    public func with(precision: Precision) throws -> TempMeModel {
        if int8 != nil, case .success(let resolved) = precision.resolve(), resolved.format == .int8 { return self }
        return try TempMeModel(weights: weights, configuration: configuration, precision: precision)
    }

    /// Bytes of the reduced-precision weights (0 in fp32); the float32 values of those layers are not held.
    public var reducedPrecisionWeightBytes: Int { int8?.byteCount ?? 0 }

    /// Backbone dimensions.
    public var shape: BackboneShape { weights.shape }
    /// Width of the joint embedding.
    public var embeddingDimension: Int { weights.shape.embedDim }

    /// Encodes normalized frames [F, 3, 224, 224] into the video embedding; `splitter` may run the
    /// products of each layer on several threads (the result does not depend on how many).
    public func encodeVideo(frames: [Float], splitter: any WorkSplitter = SerialSplitter()) throws -> VideoEncoding {
        try encodeVideoRecordingMerges(frames: frames, record: false, splitter: splitter).encoding
    }

    /// encodeVideo, also returning every merge step's decisions when `record` (for accuracy studies).
    public func encodeVideoRecordingMerges(frames: [Float], record: Bool = true,
                                           splitter: any WorkSplitter = SerialSplitter()) throws -> (encoding: VideoEncoding, merges: [MergeDecision]) {
        let encoder = VisualEncoder(weights: weights.visual, shape: weights.shape, config: configuration, int8: int8, splitter: splitter)
        var (features, trace, merges) = try encoder.encode(frames: frames, recordMerges: record)
        let e = weights.shape.embedDim
        Ops.l2NormalizeRows(&features, cols: e)
        var mean = [Float](repeating: 0, count: e)
        let f = configuration.frames
        for frame in 0..<f {
            for j in 0..<e { mean[j] += features[frame * e + j] }
        }
        for j in 0..<e { mean[j] /= Float(f) }
        Ops.l2NormalizeRows(&mean, cols: e)
        return (VideoEncoding(embedding: mean, trace: trace), merges)
    }

    /// Encodes padded token id sequences (equal length, at most the context) into unit-length text embeddings;
    /// `splitter` may run parts of each product on other threads (the result is the same bits).
    public func encodeText(_ batch: [[Int32]], splitter: any WorkSplitter = SerialSplitter()) throws -> [[Float]] {
        let encoder = TextEncoder(weights: weights.text, shape: weights.shape, int8: int8, splitter: splitter)
        var flat = try encoder.encode(batch)
        let e = weights.shape.embedDim
        Ops.l2NormalizeRows(&flat, cols: e)
        return (0..<batch.count).map { Array(flat[($0 * e)..<(($0 + 1) * e)]) }
    }
}
