/// LayerNorm parameters.
public struct LayerNormWeights: Sendable {
    /// Scale (gamma).
    public let weight: Tensor
    /// Shift (beta).
    public let bias: Tensor
}

/// One residual attention block, with LoRA already merged into the q/k/v projection.
public struct ResidualBlockWeights: Sendable {
    /// Pre-attention LayerNorm.
    public let ln_1: LayerNormWeights
    /// q/k/v projection [3D, D] (LoRA merged) and its bias [3D].
    public let in_proj_weight: Tensor, in_proj_bias: Tensor
    /// Attention output projection [D, D] and bias.
    public let out_proj_weight: Tensor, out_proj_bias: Tensor
    /// Pre-MLP LayerNorm.
    public let ln_2: LayerNormWeights
    /// MLP expansion [4D, D] and bias.
    public let c_fc_weight: Tensor, c_fc_bias: Tensor
    /// MLP contraction [D, 4D] and bias.
    public let c_proj_weight: Tensor, c_proj_bias: Tensor
    /// TempMe's clip positional embedding [clips, D] for a cross-clip merge block, when trained.
    public let clipPositionalEmbedding: Tensor?
}

/// The image tower.
public struct VisualTowerWeights: Sendable {
    /// Patch embedding as a matrix [D, 3 * p * p] (conv1 without bias, flattened).
    public let conv1: Tensor
    /// CLS embedding [D].
    public let class_embedding: Tensor
    /// Positional embedding [N0, D].
    public let positional_embedding: Tensor
    /// LayerNorm before the blocks.
    public let ln_pre: LayerNormWeights
    /// The residual blocks.
    public let blocks: [ResidualBlockWeights]
    /// LayerNorm on CLS outputs.
    public let ln_post: LayerNormWeights
    /// Output projection [D, E].
    public let proj: Tensor
}

/// The text tower.
public struct TextTowerWeights: Sendable {
    /// Token embedding [vocab, W].
    public let token_embedding: Tensor
    /// Positional embedding [context, W].
    public let positional_embedding: Tensor
    /// The residual blocks.
    public let blocks: [ResidualBlockWeights]
    /// Final LayerNorm.
    public let ln_final: LayerNormWeights
    /// Output projection [W, E].
    public let text_projection: Tensor
}

/// Immutable CLIP + TempMe weights, loaded and LoRA-merged once, shared by every request.
public struct CLIPWeights: Sendable {
    /// Backbone dimensions.
    public let shape: BackboneShape
    /// Image tower.
    public let visual: VisualTowerWeights
    /// Text tower.
    public let text: TextTowerWeights
    /// Whether LoRA tensors were found and merged.
    public let hasLoRA: Bool
    /// Visual layers that carry a clip positional embedding.
    public let cpeLayers: [Int]
    /// Where the weights came from.
    public let origin: String

    /// Builds the weights from a backbone source and an optional adapter source (LoRA + CPE).
    public static func load(backbone: any TensorSource, adapter: (any TensorSource)?) throws -> CLIPWeights {
        let s = try CLIPLayout.inferBackbone(shapeOf: { backbone.shape(of: $0) })
        func ln(_ p: String, _ w: Int) throws -> LayerNormWeights {
            LayerNormWeights(weight: try backbone.required(p + ".weight", shape: [w]), bias: try backbone.required(p + ".bias", shape: [w]))
        }
        let sources: [any TensorSource] = [adapter, backbone].compactMap { $0 }
        /// An adapter tensor from the adapter file if it has it, else from the backbone file.
        func adapterTensor(_ name: String) throws -> Tensor? {
            for source in sources { if let t = try source.tensor(name) { return t } }
            return nil
        }
        var loraCount = 0
        func block(_ p: String, width w: Int, visual: Bool) throws -> ResidualBlockWeights {
            var qkv = try backbone.required(p + "attn.in_proj_weight", shape: [3 * w, w])
            let a = try adapterTensor(p + "attn.TVPt_LoRA_a")
            let b = try adapterTensor(p + "attn.TVPt_LoRA_b")
            if let a, let b {
                let r = a.shape.first ?? 0
                guard a.shape == [r, w] else { throw ModelError.misshapenTensor(name: p + "attn.TVPt_LoRA_a", expected: [r, w], found: a.shape) }
                guard b.shape == [3 * w, r] else { throw ModelError.misshapenTensor(name: p + "attn.TVPt_LoRA_b", expected: [3 * w, r], found: b.shape) }
                Ops.addProduct(into: &qkv.values, b.values, a.values, m: 3 * w, n: w, k: r)
                loraCount += 1
            } else if (a == nil) != (b == nil) {
                throw ModelError.missingTensor(name: p + (a == nil ? "attn.TVPt_LoRA_a" : "attn.TVPt_LoRA_b"), file: adapter?.origin ?? backbone.origin)
            }
            var cpe: Tensor?
            if visual {
                let name = p + "TVPt_Video_Positional_embedding"
                if let t = try adapterTensor(name) {
                    guard t.shape.count == 4, t.shape[0] == 1, t.shape[2] == 1, t.shape[3] == w else {
                        throw ModelError.misshapenTensor(name: name, expected: [1, t.shape.count > 1 ? t.shape[1] : 0, 1, w], found: t.shape)
                    }
                    cpe = Tensor(shape: [t.shape[1], w], values: t.values)
                }
            }
            return ResidualBlockWeights(
                ln_1: try ln(p + "ln_1", w),
                in_proj_weight: qkv, in_proj_bias: try backbone.required(p + "attn.in_proj_bias", shape: [3 * w]),
                out_proj_weight: try backbone.required(p + "attn.out_proj.weight", shape: [w, w]),
                out_proj_bias: try backbone.required(p + "attn.out_proj.bias", shape: [w]),
                ln_2: try ln(p + "ln_2", w),
                c_fc_weight: try backbone.required(p + "mlp.c_fc.weight", shape: [4 * w, w]),
                c_fc_bias: try backbone.required(p + "mlp.c_fc.bias", shape: [4 * w]),
                c_proj_weight: try backbone.required(p + "mlp.c_proj.weight", shape: [w, 4 * w]),
                c_proj_bias: try backbone.required(p + "mlp.c_proj.bias", shape: [w]),
                clipPositionalEmbedding: cpe)
        }
        let v = s.visualWidth, t = s.textWidth, p = s.patchSize
        let conv = try backbone.required("visual.conv1.weight", shape: [v, 3, p, p])
        let visualBlocks = try (0..<s.visualLayers).map { try block("visual.transformer.resblocks.\($0).", width: v, visual: true) }
        let visual = VisualTowerWeights(
            conv1: Tensor(shape: [v, 3 * p * p], values: conv.values),
            class_embedding: try backbone.required("visual.class_embedding", shape: [v]),
            positional_embedding: try backbone.required("visual.positional_embedding", shape: [s.tokensPerFrame, v]),
            ln_pre: try ln("visual.ln_pre", v),
            blocks: visualBlocks,
            ln_post: try ln("visual.ln_post", v),
            proj: try backbone.required("visual.proj", shape: [v, s.embedDim]))
        let text = TextTowerWeights(
            token_embedding: try backbone.required("token_embedding.weight", shape: [s.vocabSize, t]),
            positional_embedding: try backbone.required("positional_embedding", shape: [s.contextLength, t]),
            blocks: try (0..<s.textLayers).map { try block("transformer.resblocks.\($0).", width: t, visual: false) },
            ln_final: try ln("ln_final", t),
            text_projection: try backbone.required("text_projection", shape: [t, s.embedDim]))
        let cpeLayers = visualBlocks.indices.filter { visualBlocks[$0].clipPositionalEmbedding != nil }
        return CLIPWeights(shape: s, visual: visual, text: text, hasLoRA: loraCount > 0, cpeLayers: cpeLayers,
                           origin: adapter.map { "\(backbone.origin) + \($0.origin)" } ?? backbone.origin)
    }

    /// Deterministic weights of a backbone shape (docs/deterministic-weights.md), with or without an adapter.
    public static func deterministic(_ s: BackboneShape, adapter: Bool = true, seed: UInt64 = 0) throws -> CLIPWeights {
        let backbone = GeneratedTensors(CLIPLayout.backboneTensors(s), seed: seed)
        let extra = adapter ? GeneratedTensors(CLIPLayout.adapterTensors(s, cpeClips: [8: 12, 9: 6, 10: 3]), seed: seed) : nil
        return try load(backbone: backbone, adapter: extra)
    }
}
