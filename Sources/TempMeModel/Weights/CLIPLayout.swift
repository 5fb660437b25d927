/// OpenAI CLIP's state-dict names and shapes for a backbone, plus TempMe's adapter tensors.
public enum CLIPLayout {
    /// Every backbone tensor (name, shape) of OpenAI's CLIP layout.
    public static func backboneTensors(_ s: BackboneShape) -> [(name: String, shape: [Int])] {
        let v = s.visualWidth, t = s.textWidth
        var out: [(String, [Int])] = [
            ("visual.conv1.weight", [v, 3, s.patchSize, s.patchSize]),
            ("visual.class_embedding", [v]),
            ("visual.positional_embedding", [s.tokensPerFrame, v]),
            ("visual.ln_pre.weight", [v]), ("visual.ln_pre.bias", [v]),
        ]
        for l in 0..<s.visualLayers { out += block(prefix: "visual.transformer.resblocks.\(l).", width: v) }
        out += [
            ("visual.ln_post.weight", [v]), ("visual.ln_post.bias", [v]),
            ("visual.proj", [v, s.embedDim]),
            ("token_embedding.weight", [s.vocabSize, t]),
            ("positional_embedding", [s.contextLength, t]),
        ]
        for l in 0..<s.textLayers { out += block(prefix: "transformer.resblocks.\(l).", width: t) }
        out += [
            ("ln_final.weight", [t]), ("ln_final.bias", [t]),
            ("text_projection", [t, s.embedDim]),
            ("logit_scale", []),
        ]
        return out
    }

    /// TempMe's LoRA tensors (both towers) and clip positional embeddings for the given CPE layers.
    public static func adapterTensors(_ s: BackboneShape, rank: Int = 8, cpeClips: [Int: Int]) -> [(name: String, shape: [Int])] {
        var out: [(String, [Int])] = []
        for l in 0..<s.visualLayers {
            out.append(("visual.transformer.resblocks.\(l).attn.TVPt_LoRA_a", [rank, s.visualWidth]))
            out.append(("visual.transformer.resblocks.\(l).attn.TVPt_LoRA_b", [3 * s.visualWidth, rank]))
        }
        for l in 0..<s.textLayers {
            out.append(("transformer.resblocks.\(l).attn.TVPt_LoRA_a", [rank, s.textWidth]))
            out.append(("transformer.resblocks.\(l).attn.TVPt_LoRA_b", [3 * s.textWidth, rank]))
        }
        for (layer, clips) in cpeClips.sorted(by: { $0.key < $1.key }) {
            out.append(("visual.transformer.resblocks.\(layer).TVPt_Video_Positional_embedding", [1, clips, 1, s.visualWidth]))
        }
        return out
    }

    static func block(prefix p: String, width w: Int) -> [(String, [Int])] {
        [
            (p + "ln_1.weight", [w]), (p + "ln_1.bias", [w]),
            (p + "attn.in_proj_weight", [3 * w, w]), (p + "attn.in_proj_bias", [3 * w]),
            (p + "attn.out_proj.weight", [w, w]), (p + "attn.out_proj.bias", [w]),
            (p + "ln_2.weight", [w]), (p + "ln_2.bias", [w]),
            (p + "mlp.c_fc.weight", [4 * w, w]), (p + "mlp.c_fc.bias", [4 * w]),
            (p + "mlp.c_proj.weight", [w, 4 * w]), (p + "mlp.c_proj.bias", [w]),
        ]
    }

    /// Infers the backbone from tensor shapes (visual width, depth, patch, grid, embed, text sizes).
    public static func inferBackbone(shapeOf: (String) -> [Int]?) throws -> BackboneShape {
        func need(_ name: String) throws -> [Int] {
            guard let s = shapeOf(name) else { throw ModelError.unknownBackbone("tensor '\(name)' is absent") }
            return s
        }
        let conv = try need("visual.conv1.weight")
        let pos = try need("visual.positional_embedding")
        let proj = try need("visual.proj")
        let tok = try need("token_embedding.weight")
        let tpos = try need("positional_embedding")
        guard conv.count == 4, conv[1] == 3, conv[2] == conv[3], pos.count == 2, proj.count == 2, tok.count == 2, tpos.count == 2
        else { throw ModelError.unknownBackbone("unexpected ranks of conv1/positional/proj tensors") }
        let grid = Int(Double(pos[0] - 1).squareRoot().rounded())
        guard grid * grid + 1 == pos[0] else { throw ModelError.unknownBackbone("visual positional embedding has \(pos[0]) rows, not grid^2 + 1") }
        func depth(_ prefix: String) -> Int {
            var n = 0
            while shapeOf("\(prefix)\(n).attn.in_proj_weight") != nil { n += 1 }
            return n
        }
        let shape = BackboneShape(visualWidth: conv[0], visualLayers: depth("visual.transformer.resblocks."),
                                  patchSize: conv[2], imageSize: grid * conv[2], embedDim: proj[1],
                                  textWidth: tok[1], textLayers: depth("transformer.resblocks."),
                                  contextLength: tpos[0], vocabSize: tok[0])
        guard shape.visualLayers > 0, shape.textLayers > 0 else { throw ModelError.unknownBackbone("no transformer blocks found") }
        guard shape.visualWidth % BackboneShape.headWidth == 0, shape.textWidth % BackboneShape.headWidth == 0 else {
            throw ModelError.unknownBackbone("widths \(shape.visualWidth)/\(shape.textWidth) are not multiples of the head width 64")
        }
        return shape
    }
}
