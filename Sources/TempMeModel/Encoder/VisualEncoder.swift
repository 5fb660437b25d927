import Foundation
import TempMeBasics

/// The image tower run over a whole video with the configured merging (spec sections 5 and 7).
struct VisualEncoder {
    let weights: VisualTowerWeights
    let shape: BackboneShape
    let config: MergeConfiguration
    /// int8 copies of the linear layers, when the model runs in int8.
    var int8: Int8ModelWeights? = nil
    /// Where the products may run on several threads (serial unless given).
    var splitter: any WorkSplitter = SerialSplitter()

    /// Tokens of a video between blocks: `clips` groups of `length` tokens, the first `cls` of each
    /// being CLS tokens, each standing for `sizes[i]` original patches.
    struct TokenState {
        var values: [Float]
        var sizes: [Float]
        var clips: Int
        var length: Int
        var cls: Int
        /// Merge decisions, when recording (nil otherwise).
        var decisions: [MergeDecision]? = nil
        var rows: Int { clips * length }
    }

    /// Encodes frames [F, 3, S, S] into per-frame CLS features [F, E] (unnormalized) and the trace.
    func encode(frames: [Float], recordMerges: Bool = false) throws -> (features: [Float], trace: EncodeTrace, merges: [MergeDecision]) {
        let f = config.frames, s = shape.imageSize, d = shape.visualWidth
        guard frames.count == f * 3 * s * s else {
            throw ModelError.invalidInput("expected \(f) frames of 3 x \(s) x \(s) (\(f * 3 * s * s) values), got \(frames.count) values")
        }
        var trace = EncodeTrace()
        var state = embed(frames, trace: &trace)
        if recordMerges { state.decisions = [] }
        for layer in 0..<weights.blocks.count {
            let macs = try block(layer, &state)
            trace.layers.append(LayerTrace(layer: layer, clips: state.clips, tokensPerClip: state.length, macs: macs))
        }
        // Every frame's CLS token survives: `cls` per clip, clips in frame order.
        var cls = [Float](repeating: 0, count: f * d)
        for clip in 0..<state.clips {
            for t in 0..<state.cls {
                let src = (clip * state.length + t) * d, dst = (clip * state.cls + t) * d
                cls[dst..<(dst + d)] = state.values[src..<(src + d)]
            }
        }
        let normed = Ops.layerNorm(cls, cols: d, weights.ln_post)
        let (features, macs) = Ops.matmul(normed, rows: f, weights.proj)
        trace.headMACs = macs
        return (features, trace, state.decisions ?? [])
    }

    /// Patch embedding, CLS token, positional embedding and ln_pre.
    private func embed(_ frames: [Float], trace: inout EncodeTrace) -> TokenState {
        let f = config.frames, d = shape.visualWidth, n = shape.tokensPerFrame
        let patches = Ops.patches(frames, count: f, size: shape.imageSize, patch: shape.patchSize)
        let stem = int8.flatMap { q in q.patchEmbedding.map { ($0, q.kernel) } }
        let (embedded, macs) = Ops.linear(patches, rows: f * (n - 1), weight: weights.conv1, bias: nil, int8: stem, splitter: splitter)
        trace.stemMACs = macs
        var x = [Float](repeating: 0, count: f * n * d)
        let cls = weights.class_embedding.values, pos = weights.positional_embedding.values
        for frame in 0..<f {
            for t in 0..<n {
                let dst = (frame * n + t) * d
                let src = (frame * (n - 1) + t - 1) * d
                for j in 0..<d { x[dst + j] = (t == 0 ? cls[j] : embedded[src + j]) + pos[t * d + j] }
            }
        }
        let values = Ops.layerNorm(x, cols: d, weights.ln_pre)
        return TokenState(values: values, sizes: [Float](repeating: 1, count: f * n), clips: f, length: n, cls: 1)
    }

    /// One residual block with this layer's merge step. Returns its multiply-adds.
    private func block(_ layer: Int, _ state: inout TokenState) throws -> Int {
        let d = shape.visualWidth
        var block = TransformerBlock(weights: weights.blocks[layer], width: d)
        block.splitter = splitter
        if let int8 { block.int8 = (int8.visualBlocks[layer], int8.kernel) }
        let step = config.step(layer: layer)
        var macs = 0
        if case let .crossClip(group) = step, group > 1, state.clips > 1 {
            macs += try crossClipMerge(layer: layer, group: group, &state)
        }
        let bias: [Float]? = state.sizes.allSatisfy({ $0 == 1 }) ? nil : state.sizes.map { Foundation.log($0) }
        let (qkv, attentionMACs) = block.attention(&state.values, sequences: state.clips, length: state.length, keyBias: bias, validKeys: nil)
        macs += attentionMACs
        let requested: Int
        switch step {
        case .plain: requested = 0
        case let .image(count): requested = count
        case .crossClip, .intraClip: requested = MergeConfiguration.mergedCount(state.length, percent: config.intraClipMergedPercent)
        }
        if requested > 0 {
            let metric = Ops.headMeanKeys(qkv, rows: state.rows, width: d, heads: block.heads)
            let merge = BipartiteMerge(metric: metric, metricWidth: d / block.heads, sequences: state.clips,
                                       length: state.length, protected: state.cls, count: requested)
            state.decisions?.append(MergeDecision(layer: layer, crossClip: false, merge: merge))
            (state.values, state.sizes) = merge.apply(values: state.values, sizes: state.sizes, width: d)
            state.length = merge.outputLength
            macs += merge.macs
        }
        macs += block.mlp(&state.values, rows: state.rows)
        return macs
    }

    /// ClipMe's first half: regroup `group` clips, add clip positional embeddings, merge across them.
    private func crossClipMerge(layer: Int, group: Int, _ state: inout TokenState) throws -> Int {
        let d = shape.visualWidth
        let regroup = ClipRegroup(clips: state.clips, length: state.length, cls: state.cls, group: group)
        let entering = state.clips, n = state.length
        state.values = regroup.apply(state.values, width: d)
        state.sizes = regroup.apply(state.sizes, width: 1)
        state.clips /= group
        state.length *= group
        state.cls *= group
        let count = BipartiteMerge.effectiveCount(
            requested: MergeConfiguration.mergedCount(n * group, percent: config.crossClipMergedPercent),
            length: state.length, protected: state.cls)
        guard count > 0 else { return 0 }
        let metric = state.values
        if config.clipPositionalEmbedding, let cpe = weights.blocks[layer].clipPositionalEmbedding {
            guard cpe.shape[0] == entering else {
                throw ModelError.invalidConfiguration("layer \(layer) has clip positional embeddings for \(cpe.shape[0]) clips, but \(entering) clips enter it")
            }
            for (row, clip) in regroup.sourceClip.enumerated() {
                for j in 0..<d { state.values[row * d + j] += cpe.values[clip * d + j] }
            }
        }
        let merge = BipartiteMerge(metric: metric, metricWidth: d, sequences: state.clips, length: state.length,
                                   protected: state.cls, count: count)
        state.decisions?.append(MergeDecision(layer: layer, crossClip: true, merge: merge))
        (state.values, state.sizes) = merge.apply(values: state.values, sizes: state.sizes, width: d)
        state.length = merge.outputLength
        return merge.macs
    }
}
