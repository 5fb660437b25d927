import Foundation
import TempMeKernels

/// A ready-to-serve model: weights, encoder configuration, text length and identity.
public struct ModelBundle: Sendable {
    /// The model itself.
    public let model: TempMeModel
    /// Tokens per text query (32 for short-video models, 64 for long ones).
    public let maxWords: Int
    /// Where it came from, for logs and `info`.
    public let name: String
    /// False for the built-in deterministic weights, whose rankings mean nothing.
    public let meaningful: Bool
    /// Identifies weights and encoder settings: embeddings made under another fingerprint are not comparable.
    public let fingerprint: String

    /// The built-in default: deterministic weights of a backbone (B/32 unless told otherwise).
    /// nil settings take the paper's short-video defaults (TempMe, 12 frames, 32 tokens).
    public static func deterministic(_ shape: BackboneShape = .b32, mode: EncoderMode? = nil, frames: Int? = nil,
                                     maxWords: Int? = nil, precision: Precision = .fp32) throws -> ModelBundle {
        // No adapter: zero LoRA and no clip positional embeddings, so any frame count works.
        let config = MergeConfiguration.paperDefault(for: shape, frames: frames ?? 12, mode: mode ?? .tempme)
        let words = try checkedMaxWords(maxWords ?? 32, shape: shape)
        let weights = try CLIPWeights.deterministic(shape, adapter: false)
        let fingerprint = fingerprint(of: weights, configuration: config, maxWords: words)  // before int8 drops float32 layers
        let model = try TempMeModel(weights: weights, configuration: config, precision: precision)
        return ModelBundle(model: model, maxWords: words, name: "deterministic \(shape.displayName) (not a trained model)",
                           meaningful: false, fingerprint: fingerprint)
    }

    /// Loads a model directory (docs/model-format.md): `clip.safetensors`, optional `adapter.safetensors`,
    /// optional `config.json`, whose description of the tensors must match them. `mode`, `frames` and `maxWords`,
    /// when given, override the file. `precision` picks the linear layers' number format (TempMeModel.init).
    public static func load(directory: String, mode: EncoderMode? = nil, frames: Int? = nil, maxWords: Int? = nil,
                            precision: Precision = .fp32) throws -> ModelBundle {
        let dir = URL(fileURLWithPath: directory)
        let clipPath = dir.appendingPathComponent("clip.safetensors").path
        guard FileManager.default.fileExists(atPath: clipPath) else {
            throw ModelError.unreadableWeights(path: clipPath, reason: "no clip.safetensors in \(directory); convert a checkpoint with scripts/convert_checkpoint.py")
        }
        let backbone = try SafetensorsFile(path: clipPath)
        let adapterPath = dir.appendingPathComponent("adapter.safetensors").path
        let adapter = FileManager.default.fileExists(atPath: adapterPath) ? try SafetensorsFile(path: adapterPath) : nil
        let weights = try CLIPWeights.load(backbone: backbone, adapter: adapter)
        let settings = try ModelConfigFile(url: dir.appendingPathComponent("config.json"))
        try settings.check(against: weights)
        let config = settings.configuration(for: weights.shape, mode: mode, frames: frames)
        let words = try checkedMaxWords(maxWords ?? settings.maxWords ?? 32, shape: weights.shape)
        let fingerprint = fingerprint(of: weights, configuration: config, maxWords: words)  // before int8 drops float32 layers
        let model = try TempMeModel(weights: weights, configuration: config, precision: precision)
        return ModelBundle(model: model, maxWords: words, name: directory, meaningful: true, fingerprint: fingerprint)
    }

    /// `maxWords` if the text tower's context holds it (SOT and EOT need at least 3 tokens with one word).
    private static func checkedMaxWords(_ maxWords: Int, shape: BackboneShape) throws -> Int {
        guard (3...shape.contextLength).contains(maxWords) else {
            throw ModelError.invalidConfiguration("max_words \(maxWords) must be within 3...\(shape.contextLength)")
        }
        return maxWords
    }

    /// A 64-bit digest of every float32 weight value and encoder setting, as 16 hex digits. The number
    /// format is not part of it: embeddings of one model in fp32 and int8 may share a store (docs/precision.md).
    static func fingerprint(of w: CLIPWeights, configuration c: MergeConfiguration, maxWords: Int) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ v: UInt64) { h = (h ^ v) &* 0x0000_0100_0000_01b3; h ^= h >> 29 }
        func mix(_ t: Tensor) { t.values.withUnsafeBufferPointer { for v in $0 { mix(UInt64(v.bitPattern)) } } }
        func mix(_ b: ResidualBlockWeights) {
            for t in [b.ln_1.weight, b.ln_1.bias, b.in_proj_weight, b.in_proj_bias, b.out_proj_weight, b.out_proj_bias,
                      b.ln_2.weight, b.ln_2.bias, b.c_fc_weight, b.c_fc_bias, b.c_proj_weight, b.c_proj_bias] { mix(t) }
            if let c = b.clipPositionalEmbedding { mix(c) }
        }
        for t in [w.visual.conv1, w.visual.class_embedding, w.visual.positional_embedding, w.visual.ln_pre.weight, w.visual.ln_pre.bias,
                  w.visual.ln_post.weight, w.visual.ln_post.bias, w.visual.proj, w.text.token_embedding, w.text.positional_embedding,
                  w.text.ln_final.weight, w.text.ln_final.bias, w.text.text_projection] { mix(t) }
        w.visual.blocks.forEach(mix)
        w.text.blocks.forEach(mix)
        for v in [c.frames, c.imageMergeCount, c.crossClipMergedPercent, c.intraClipMergedPercent, c.clipPositionalEmbedding ? 1 : 0, maxWords]
            + c.mergeLayers + c.groupSizes { mix(UInt64(bitPattern: Int64(v))) }
        for byte in c.mode.rawValue.utf8 { mix(UInt64(byte)) }
        return String(h, radix: 16).leftPadded(to: 16)
    }
}

extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}

extension ModelBundle {
    /// The demo model's directory: `$TEMPME_DEMO_MODEL`, `training/demo_model` in the working directory
    /// or above the executable, or `/usr/share/tempmed/demo_model`; nil when none exists.
    public static func demoModelDirectory() -> String? {
        ResourceSearch.firstExisting(relative: "training/demo_model", environmentVariable: "TEMPME_DEMO_MODEL",
                                     systemPath: "/usr/share/tempmed/demo_model")?.path
    }
}
