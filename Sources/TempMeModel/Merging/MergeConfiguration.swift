/// How the video encoder runs: per-frame CLIP, ToMe in every layer, or TempMe.
public enum EncoderMode: String, Sendable, Codable, CaseIterable {
    /// Every frame alone through all blocks, no merging (the LoRA baseline).
    case lora
    /// ImgMe (r_img) in every block, frames independent (the ToMe baseline).
    case tome
    /// ImgMe, then ClipMe at the merge layers (the paper's method).
    case tempme
}

/// TempMe's merge schedule and ratios (spec section 5), with the paper's defaults per backbone.
public struct MergeConfiguration: Sendable, Codable, Equatable {
    /// Encoder mode.
    public var mode: EncoderMode
    /// Frames sampled per video (F).
    public var frames: Int
    /// Tokens merged per frame by ImgMe in each early block (r_img).
    public var imageMergeCount: Int
    /// Percent of tokens merged by a cross-clip merge (100 - 100 R_C).
    public var crossClipMergedPercent: Int
    /// Percent of tokens merged by an intra-clip merge (100 - 100 R_I).
    public var intraClipMergedPercent: Int
    /// 0-based visual layers that perform ClipMe.
    public var mergeLayers: [Int]
    /// Clips grouped at each merge layer.
    public var groupSizes: [Int]
    /// Whether clip positional embeddings are added at cross-clip merges.
    public var clipPositionalEmbedding: Bool

    /// A configuration with every field given.
    public init(mode: EncoderMode, frames: Int, imageMergeCount: Int, crossClipMergedPercent: Int, intraClipMergedPercent: Int,
                mergeLayers: [Int], groupSizes: [Int], clipPositionalEmbedding: Bool) {
        self.mode = mode
        self.frames = frames
        self.imageMergeCount = imageMergeCount
        self.crossClipMergedPercent = crossClipMergedPercent
        self.intraClipMergedPercent = intraClipMergedPercent
        self.mergeLayers = mergeLayers
        self.groupSizes = groupSizes
        self.clipPositionalEmbedding = clipPositionalEmbedding
    }

    /// The paper's configuration for a backbone, frame count and mode. Frame counts without a default
    /// schedule (`defaultGroupSizes`) get no group sizes, which TempMe mode refuses in `validate`.
    public static func paperDefault(for shape: BackboneShape, frames: Int = 12, mode: EncoderMode = .tempme) -> MergeConfiguration {
        let fine = shape.patchSize <= 16
        return MergeConfiguration(
            mode: mode, frames: frames,
            imageMergeCount: fine ? 10 : 2,
            crossClipMergedPercent: fine ? 40 : 30,
            intraClipMergedPercent: fine ? 20 : 10,
            mergeLayers: defaultMergeLayers,
            groupSizes: defaultGroupSizes[frames] ?? [],
            clipPositionalEmbedding: true)
    }

    /// What a visual block does besides attention and MLP.
    enum Step: Equatable {
        /// No merging.
        case plain
        /// Merge `count` tokens per clip on the key metric, after attention.
        case image(count: Int)
        /// Regroup `group` clips, merge across them, then merge within the new clip after attention.
        case crossClip(group: Int)
        /// Merge within each clip after attention, by the intra-clip ratio.
        case intraClip
    }

    /// The step of block `layer`.
    func step(layer: Int) -> Step {
        switch mode {
        case .lora: return .plain
        case .tome: return imageMergeCount > 0 ? .image(count: imageMergeCount) : .plain
        case .tempme:
            let first = mergeLayers.first ?? Int.max
            if layer < first { return imageMergeCount > 0 ? .image(count: imageMergeCount) : .plain }
            if let i = mergeLayers.firstIndex(of: layer) { return .crossClip(group: groupSizes[i]) }
            return .intraClip
        }
    }

    /// Merge count floor(tokens * percent / 100), computed as the authors do (in double).
    static func mergedCount(_ tokens: Int, percent: Int) -> Int {
        Int((Double(tokens) * (Double(percent) / 100)).rounded(.down))
    }

    /// Checks the configuration against a backbone depth; throws a readable error.
    public func validate(layers: Int) throws {
        guard frames >= 1, frames <= 1024 else { throw ModelError.invalidConfiguration("frames must be in 1...1024, got \(frames)") }
        guard imageMergeCount >= 0 else { throw ModelError.invalidConfiguration("r_img must not be negative") }
        guard (0...100).contains(crossClipMergedPercent), (0...100).contains(intraClipMergedPercent) else {
            throw ModelError.invalidConfiguration("merge percents must be within 0...100")
        }
        guard mode == .tempme else { return }
        guard !groupSizes.isEmpty else { throw ModelError.invalidConfiguration(Self.missingScheduleMessage(frames: frames)) }
        guard mergeLayers.count == groupSizes.count else {
            throw ModelError.invalidConfiguration("\(mergeLayers.count) merge layers but \(groupSizes.count) group sizes")
        }
        guard mergeLayers == mergeLayers.sorted(), Set(mergeLayers).count == mergeLayers.count,
              mergeLayers.allSatisfy({ (0..<layers).contains($0) }) else {
            throw ModelError.invalidConfiguration("merge layers \(mergeLayers) must be increasing and within 0..<\(layers)")
        }
        guard groupSizes.allSatisfy({ $0 >= 1 }) else { throw ModelError.invalidConfiguration("group sizes must be at least 1") }
        var clips = frames
        for g in groupSizes {
            guard clips % g == 0 else {
                throw ModelError.invalidConfiguration("\(frames) frames cannot be grouped by \(groupSizes): \(clips) clips do not divide by \(g)")
            }
            clips /= g
        }
    }
}

extension MergeConfiguration {
    /// Why TempMe mode cannot run at `frames` without group sizes, and how to give them.
    static func missingScheduleMessage(frames: Int) -> String {
        let known = defaultGroupSizes.keys.sorted().map { f in
            "\(f) frames (group sizes \(defaultGroupSizes[f, default: []].map(String.init).joined(separator: ", ")))"
        }
        return "TempMe mode has no default merge schedule for \(frames) frames; the paper defines one for "
            + known.joined(separator: " and ")
            + ". Set \"group_sizes\" (one per merge layer; the frame count must divide by each in turn) next to "
            + "\"frames\": \(frames) in the model's config.json, or use a frame count with a default, or mode lora or tome (they need no schedule)"
    }
}
