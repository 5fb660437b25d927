import TempMeKernels

/// int8 copies of one residual block's four linear layers (quantized per output channel at load).
/// A nil layer stays in float32.
struct Int8BlockWeights: Sendable {
    let inProj: Int8Weights?
    let outProj: Int8Weights?
    let fc: Int8Weights?
    let proj: Int8Weights?

    init(_ b: ResidualBlockWeights, policy: Int8LayerPolicy) {
        func q(_ t: Tensor, _ layer: Int8LayerPolicy.Layer) -> Int8Weights? {
            policy.quantizes(layer) ? Int8Weights(t.values, outputs: t.shape[0], inputs: t.shape[1]) : nil
        }
        inProj = q(b.in_proj_weight, .qkv)
        outProj = q(b.out_proj_weight, .outProj)
        fc = q(b.c_fc_weight, .fc)
        proj = q(b.c_proj_weight, .proj)
    }

    var byteCount: Int { [inProj, outProj, fc, proj].reduce(0) { $0 + ($1?.byteCount ?? 0) } }
}

/// Which linear layers run in int8. The output projections (`visual.proj`, `text_projection`),
/// attention itself, LayerNorm, softmax, residual sums, merging and similarities stay float32.
struct Int8LayerPolicy: Sendable {
    enum Layer: Sendable { case patchEmbedding, qkv, outProj, fc, proj }
    /// Layers kept in float32 (docs/precision.md: measured, not guessed).
    var float32: Set<Layer> = []
    func quantizes(_ layer: Layer) -> Bool { !float32.contains(layer) }
    /// The policy the engine uses.
    static let standard = Int8LayerPolicy()
}

/// int8 copies of both towers' linear layers, made once when a model is built with int8 precision.
struct Int8ModelWeights: Sendable {
    let patchEmbedding: Int8Weights?
    let visualBlocks: [Int8BlockWeights]
    let textBlocks: [Int8BlockWeights]
    /// The AVX2 kernel (int8 is unavailable without it).
    let kernel: Int8GEMM.Kernel

    init(_ w: CLIPWeights, kernel: Int8GEMM.Kernel, policy: Int8LayerPolicy = .standard) {
        let conv = w.visual.conv1
        patchEmbedding = policy.quantizes(.patchEmbedding) ? Int8Weights(conv.values, outputs: conv.shape[0], inputs: conv.shape[1]) : nil
        visualBlocks = w.visual.blocks.map { Int8BlockWeights($0, policy: policy) }
        textBlocks = w.text.blocks.map { Int8BlockWeights($0, policy: policy) }
        self.kernel = kernel
    }

    /// Bytes of int8 weights and scales held in addition to the float32 weights.
    var byteCount: Int {
        (patchEmbedding?.byteCount ?? 0) + (visualBlocks + textBlocks).reduce(0) { $0 + $1.byteCount }
    }
}
