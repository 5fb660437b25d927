import TempMeBasics
import TempMeKernels

/// One residual block's two halves over a batch of equal-length sequences [sequences * length, width].
/// The video encoder puts its merges between them; the text encoder runs them back to back.
struct TransformerBlock {
    let weights: ResidualBlockWeights
    let width: Int
    /// int8 copies of the linear layers and the kernel, when the model runs in int8.
    var int8: (weights: Int8BlockWeights, kernel: Int8GEMM.Kernel)? = nil
    /// Where the block's products may run on several threads (serial unless given).
    var splitter: any WorkSplitter = SerialSplitter()
    var heads: Int { width / BackboneShape.headWidth }

    /// x += out_proj(attention(ln_1(x))). Returns the q/k/v rows (the key metric's source) and multiply-adds.
    func attention(_ x: inout [Float], sequences: Int, length: Int, keyBias: [Float]?, validKeys: [Int32]?) -> (qkv: [Float], macs: Int) {
        let rows = sequences * length
        let h = Ops.layerNorm(x, cols: width, weights.ln_1)
        let (qkv, m1) = Ops.linear(h, rows: rows, weight: weights.in_proj_weight, bias: weights.in_proj_bias, int8: q(\.inProj), splitter: splitter)
        let (mixed, m2) = Ops.attention(qkv, sequences: sequences, length: length, width: width, heads: heads,
                                         keyBias: keyBias, validKeys: validKeys, splitter: splitter)
        let (out, m3) = Ops.linear(mixed, rows: rows, weight: weights.out_proj_weight, bias: weights.out_proj_bias, int8: q(\.outProj), splitter: splitter)
        Ops.add(&x, out)
        return (qkv, m1 + m2 + m3)
    }

    /// x += c_proj(QuickGELU(c_fc(ln_2(x)))). Returns multiply-adds.
    func mlp(_ x: inout [Float], rows: Int) -> Int {
        let h = Ops.layerNorm(x, cols: width, weights.ln_2)
        var (f, m1) = Ops.linear(h, rows: rows, weight: weights.c_fc_weight, bias: weights.c_fc_bias, int8: q(\.fc), splitter: splitter)
        Ops.quickGELU(&f, splitter: splitter)
        let (out, m2) = Ops.linear(f, rows: rows, weight: weights.c_proj_weight, bias: weights.c_proj_bias, int8: q(\.proj), splitter: splitter)
        Ops.add(&x, out)
        return m1 + m2
    }

    /// One layer's int8 weights and the kernel, or nil for float32.
    private func q(_ layer: KeyPath<Int8BlockWeights, Int8Weights?>) -> (weights: Int8Weights, kernel: Int8GEMM.Kernel)? {
        guard let int8, let w = int8.weights[keyPath: layer] else { return nil }
        return (w, int8.kernel)
    }
}
