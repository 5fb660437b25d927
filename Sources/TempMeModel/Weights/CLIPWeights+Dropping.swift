// An int8 model keeps no float32 copy of the layers it runs in int8 (docs/precision.md, "Memory").
import TempMeKernels

extension Tensor {
    /// The same shape with no values: a float32 layer dropped because its int8 copy runs instead.
    var droppingValues: Tensor {
        var dropped = self
        dropped.values = []
        return dropped
    }

    /// False for a tensor whose values were dropped (`droppingValues`).
    var holdsValues: Bool { values.count == shape.reduce(1, *) }
}

extension ResidualBlockWeights {
    /// This block without the float32 values of the layers `int8` quantized.
    func droppingQuantized(_ int8: Int8BlockWeights) -> ResidualBlockWeights {
        func keep(_ t: Tensor, unless quantized: Int8Weights?) -> Tensor { quantized == nil ? t : t.droppingValues }
        return ResidualBlockWeights(
            ln_1: ln_1, in_proj_weight: keep(in_proj_weight, unless: int8.inProj), in_proj_bias: in_proj_bias,
            out_proj_weight: keep(out_proj_weight, unless: int8.outProj), out_proj_bias: out_proj_bias, ln_2: ln_2,
            c_fc_weight: keep(c_fc_weight, unless: int8.fc), c_fc_bias: c_fc_bias,
            c_proj_weight: keep(c_proj_weight, unless: int8.proj), c_proj_bias: c_proj_bias,
            clipPositionalEmbedding: clipPositionalEmbedding)
    }
}

extension CLIPWeights {
    /// These weights without the float32 values of every layer `int8` quantized (biases, LayerNorms,
    /// embeddings and the output projections stay).
    func droppingQuantized(_ int8: Int8ModelWeights) -> CLIPWeights {
        let v = visual, t = text
        let visual = VisualTowerWeights(
            conv1: int8.patchEmbedding == nil ? v.conv1 : v.conv1.droppingValues, class_embedding: v.class_embedding,
            positional_embedding: v.positional_embedding, ln_pre: v.ln_pre,
            blocks: zip(v.blocks, int8.visualBlocks).map { $0.droppingQuantized($1) }, ln_post: v.ln_post, proj: v.proj)
        let text = TextTowerWeights(
            token_embedding: t.token_embedding, positional_embedding: t.positional_embedding,
            blocks: zip(t.blocks, int8.textBlocks).map { $0.droppingQuantized($1) }, ln_final: t.ln_final,
            text_projection: t.text_projection)
        return CLIPWeights(shape: shape, visual: visual, text: text, hasLoRA: hasLoRA, cpeLayers: cpeLayers, origin: origin)
    }

    /// Whether every linear layer still holds its float32 values (false in an int8 model).
    var holdsAllFloat32Values: Bool {
        visual.conv1.holdsValues && (visual.blocks + text.blocks).allSatisfy {
            [$0.in_proj_weight, $0.out_proj_weight, $0.c_fc_weight, $0.c_proj_weight].allSatisfy(\.holdsValues)
        }
    }
}
