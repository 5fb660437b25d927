import Foundation

/// A model directory's config.json (docs/model-format.md): encoder settings, a description of the tensors
/// that is checked against them, and provenance. Every key is optional; unknown keys and wrong types are errors.
struct ModelConfigFile {
    var mode: EncoderMode?
    var frames: Int?
    var maxWords: Int?
    var imageMergeCount: Int?
    var crossClipMergedPercent: Int?
    var intraClipMergedPercent: Int?
    var mergeLayers: [Int]?
    var groupSizes: [Int]?
    var clipPositionalEmbedding: Bool?
    /// `backbone`: the shape the tensors must have.
    var backbone: BackboneShape?
    /// `cpe_clips`: visual layer -> clips of its clip positional embedding, exactly as in the tensors.
    var cpeClips: [Int: Int]?
    /// `lora_rank`: 0 when the tensors have no LoRA.
    var loraRank: Int?

    /// Keys written for people and ignored here (besides their type).
    static let provenanceKeys: [String: String] = ["dtype": "a string", "source_layout": "a string", "training": "an object"]
    static let keys = Set(["mode", "frames", "max_words", "r_img", "merged_pct_cross", "merged_pct_intra",
                           "merge_layers", "group_sizes", "cpe", "backbone", "cpe_clips", "lora_rank"] + provenanceKeys.keys)

    /// Reads the file when it exists; a malformed file is an error, an absent one means defaults.
    init(url: URL) throws {
        guard FileManager.default.fileExists(atPath: url.path) else { return }
        guard let data = try? Data(contentsOf: url), let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ModelError.invalidConfiguration("\(url.path) is not a JSON object")
        }
        let file = url.lastPathComponent
        func bad(_ key: String, _ expected: String) -> ModelError {
            .invalidConfiguration("\(file): '\(key)' must be \(expected) (docs/model-format.md)")
        }
        if let unknown = json.keys.sorted().first(where: { !Self.keys.contains($0) }) {
            throw ModelError.invalidConfiguration("\(file): unknown key '\(unknown)' (docs/model-format.md lists the keys)")
        }
        func int(_ key: String, in object: [String: Any] = json) throws -> Int? {
            guard let v = object[key] else { return nil }
            guard let n = v as? Int else { throw bad(key, "an integer") }
            return n
        }
        func ints(_ key: String) throws -> [Int]? {
            guard let v = json[key] else { return nil }
            guard let n = v as? [Int] else { throw bad(key, "a list of integers") }
            return n
        }
        if let m = json["mode"] {
            guard let s = m as? String, let parsed = EncoderMode(rawValue: s) else { throw bad("mode", "one of lora, tome, tempme") }
            mode = parsed
        }
        frames = try int("frames")
        maxWords = try int("max_words")
        imageMergeCount = try int("r_img")
        crossClipMergedPercent = try int("merged_pct_cross")
        intraClipMergedPercent = try int("merged_pct_intra")
        mergeLayers = try ints("merge_layers")
        groupSizes = try ints("group_sizes")
        if let c = json["cpe"] {
            if c is [String: Any] {
                throw bad("cpe", "true or false; this file was written by an older scripts/convert_checkpoint.py, convert the checkpoint again with --force")
            }
            guard let b = c as? Bool else { throw bad("cpe", "true or false") }
            clipPositionalEmbedding = b
        }
        if let b = json["backbone"] {
            guard let o = b as? [String: Any], Set(o.keys) == Self.backboneKeys else {
                throw bad("backbone", "an object with the integers \(Self.backboneKeys.sorted().joined(separator: ", "))")
            }
            func dim(_ key: String) throws -> Int { guard let n = try int(key, in: o) else { throw bad("backbone", "complete") }; return n }
            backbone = BackboneShape(visualWidth: try dim("visual_width"), visualLayers: try dim("visual_layers"),
                                     patchSize: try dim("patch_size"), imageSize: try dim("image_size"), embedDim: try dim("embed_dim"),
                                     textWidth: try dim("text_width"), textLayers: try dim("text_layers"),
                                     contextLength: try dim("context_length"), vocabSize: try dim("vocab_size"))
        }
        if let c = json["cpe_clips"] {
            guard let o = c as? [String: Any] else { throw bad("cpe_clips", "an object of layer -> clips, e.g. {\"8\": 12}") }
            var clips: [Int: Int] = [:]
            for (key, value) in o {
                guard let layer = Int(key), let count = value as? Int else {
                    throw bad("cpe_clips", "an object of layer -> clips, e.g. {\"8\": 12}")
                }
                clips[layer] = count
            }
            cpeClips = clips
        }
        loraRank = try int("lora_rank")
        for (key, kind) in Self.provenanceKeys {
            guard let v = json[key] else { continue }
            let ok = kind == "an object" ? v is [String: Any] : v is String
            if !ok { throw bad(key, kind) }
        }
    }

    static let backboneKeys: Set<String> = ["visual_width", "visual_layers", "patch_size", "image_size", "embed_dim",
                                            "text_width", "text_layers", "context_length", "vocab_size"]

    /// Throws when `backbone`, `cpe_clips` or `lora_rank` disagree with the loaded tensors.
    func check(against weights: CLIPWeights) throws {
        if let b = backbone, b != weights.shape {
            throw ModelError.invalidConfiguration("config.json describes \(b.displayName) but clip.safetensors holds \(weights.shape.displayName)")
        }
        let found = Dictionary(uniqueKeysWithValues: weights.cpeLayers.compactMap { layer in
            weights.visual.blocks[layer].clipPositionalEmbedding.map { (layer, $0.shape[0]) }
        })
        if let c = cpeClips, c != found {
            throw ModelError.invalidConfiguration("config.json says cpe_clips \(Self.text(c)) but the tensors have \(Self.text(found)); is adapter.safetensors the right file?")
        }
        if let r = loraRank, (r > 0) != weights.hasLoRA {
            throw ModelError.invalidConfiguration(r > 0 ? "config.json says lora_rank \(r) but no LoRA tensors were found; is adapter.safetensors missing?"
                                                        : "config.json says lora_rank 0 but the tensors have LoRA")
        }
    }

    private static func text(_ clips: [Int: Int]) -> String {
        clips.isEmpty ? "{}" : "{" + clips.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
    }

    /// The paper's defaults for the backbone, with this file's settings and the overrides on top.
    func configuration(for shape: BackboneShape, mode overrideMode: EncoderMode?, frames overrideFrames: Int?) -> MergeConfiguration {
        let f = overrideFrames ?? frames ?? 12
        var c = MergeConfiguration.paperDefault(for: shape, frames: f, mode: overrideMode ?? mode ?? .tempme)
        if let v = imageMergeCount { c.imageMergeCount = v }
        if let v = crossClipMergedPercent { c.crossClipMergedPercent = v }
        if let v = intraClipMergedPercent { c.intraClipMergedPercent = v }
        if let v = mergeLayers { c.mergeLayers = v }
        if let v = groupSizes, overrideFrames == nil || overrideFrames == frames { c.groupSizes = v }
        if let v = clipPositionalEmbedding { c.clipPositionalEmbedding = v }
        return c
    }
}
