import CTempMeKernels
import TempMeBasics
import TempMeKernels

/// Safe array-level operations over the BLAS and element-wise kernels. Model code calls only
/// these; each returns the multiply-adds it performed where the encoder counts FLOPs.
enum Ops {
    /// An array of `count` floats written entirely by `fill`, without zeroing it first.
    @inline(__always)
    static func filled(_ count: Int, _ fill: (UnsafeMutablePointer<Float>) -> Void) -> [Float] {
        [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            if count > 0 { fill(buffer.baseAddress!) }
            initialized = count
        }
    }

    /// y [rows, out] = x [rows, in] @ weight[out, in]^T + bias. Returns y and its multiply-adds.
    /// With `int8` (the same weights quantized) and its kernel, the product runs in int8: x is
    /// quantized per row, the sums are int32, and y is dequantized with the bias in float32.
    ///
    /// `splitter` may run parts on several threads without changing a single bit of y: float32
    /// always computes the output columns in the same `columnBlocks(out)` GEMMs, serial or not (an
    /// OpenBLAS result depends on how a product is cut, not on which thread computes a piece); int8
    /// rows are quantized and summed one by one, so any cut of the rows (or, for a few rows, of the
    /// output columns) gives the same values.
    static func linear(_ x: [Float], rows: Int, weight: Tensor, bias: Tensor?,
                       int8: (weights: Int8Weights, kernel: Int8GEMM.Kernel)? = nil,
                       splitter: any WorkSplitter = SerialSplitter()) -> (y: [Float], macs: Int) {
        let out = weight.shape[0], inner = weight.shape[1]
        precondition(x.count == rows * inner, "linear input has \(x.count) values, expected \(rows) x \(inner)")
        let y = filled(rows * out) { yp in
            guard rows > 0 else { return }
            nonisolated(unsafe) let target = yp
            if let int8 {
                let blocks = splitter.ranges(rows, multiple: 16)
                guard blocks.count == 1, splitter.width > 1 else {
                    splitter.forEach(parts: blocks.count) { part in
                        int8RowBlock(x, blocks[part], weight: weight, bias: bias, int8: int8, into: target)
                    }
                    return
                }
                int8ColumnBlocks(x, rows: rows, weight: weight, bias: bias, int8: int8, splitter: splitter, into: target)
                return
            }
            if let bias { bias.values.withUnsafeBufferPointer { tm_fill_rows(yp, rows, out, $0.baseAddress!) } }
            let blocks = columnBlocks(out)
            splitter.forEach(parts: blocks.count) { part in
                float32ColumnBlock(x, rows: rows, blocks[part], weight: weight, accumulate: bias != nil, into: target)
            }
        }
        return (y, rows * out * inner)
    }

    /// The fixed cut of `out` output columns into float32 GEMMs: two halves (multiples of 16)
    /// once there are at least 256, else one. Fixed so results never depend on threads.
    static func columnBlocks(_ out: Int) -> [Range<Int>] {
        guard out >= 256 else { return [0..<out] }
        let half = (out / 2 + 15) / 16 * 16
        return [0..<half, half..<out]
    }

    /// Output columns `columns` of a float32 `linear` (y already holds the bias when `accumulate`).
    private static func float32ColumnBlock(_ x: [Float], rows: Int, _ columns: Range<Int>, weight: Tensor, accumulate: Bool,
                                           into y: UnsafeMutablePointer<Float>) {
        let out = weight.shape[0], inner = weight.shape[1]
        x.withUnsafeBufferPointer { xp in
            weight.values.withUnsafeBufferPointer { wp in
                BLAS.gemm(transB: true, m: rows, n: columns.count, k: inner, a: xp.baseAddress!, lda: inner,
                          b: wp.baseAddress! + columns.lowerBound * inner, ldb: inner, beta: accumulate ? 1 : 0,
                          c: y + columns.lowerBound, ldc: out)
            }
        }
    }

    /// Rows `range` of an int8 `linear`, written into the matching rows of `y`.
    private static func int8RowBlock(_ x: [Float], _ range: Range<Int>, weight: Tensor, bias: Tensor?,
                                     int8: (weights: Int8Weights, kernel: Int8GEMM.Kernel), into y: UnsafeMutablePointer<Float>) {
        let out = weight.shape[0], inner = weight.shape[1]
        x.withUnsafeBufferPointer { xAll in
            let xp = xAll.baseAddress! + range.lowerBound * inner, yp = y + range.lowerBound * out
            withBias(bias) { Int8GEMM.linear(xp, rows: range.count, weights: int8.weights, bias: $0, out: yp, kernel: int8.kernel) }
        }
    }

    /// An int8 `linear` with too few rows to cut (a text query's dozen tokens): x is quantized once and the output
    /// columns are cut among the threads instead, each reading only its share of the weights.
    private static func int8ColumnBlocks(_ x: [Float], rows: Int, weight: Tensor, bias: Tensor?,
                                         int8: (weights: Int8Weights, kernel: Int8GEMM.Kernel), splitter: any WorkSplitter,
                                         into y: UnsafeMutablePointer<Float>) {
        let out = weight.shape[0]
        let quantized = x.withUnsafeBufferPointer { Int8GEMM.quantizeRows($0.baseAddress!, rows: rows, inputs: weight.shape[1]) }
        let blocks = splitter.ranges(out, multiple: Int8GEMM.panelColumns)
        nonisolated(unsafe) let target = y
        splitter.forEach(parts: blocks.count) { part in
            withBias(bias) {
                Int8GEMM.multiply(quantized, int8.weights, columns: blocks[part], bias: $0, out: target, ldo: out, kernel: int8.kernel)
            }
        }
    }

    /// Calls `body` with a pointer to the bias values, or nil without a bias.
    private static func withBias(_ bias: Tensor?, _ body: (UnsafePointer<Float>?) -> Void) {
        guard let bias else { return body(nil) }
        bias.values.withUnsafeBufferPointer { body($0.baseAddress!) }
    }

    /// y [rows, n] = x [rows, k] @ w [k, n] (a plain right-multiplication, as CLIP's `@ proj`).
    static func matmul(_ x: [Float], rows: Int, _ w: Tensor) -> (y: [Float], macs: Int) {
        let k = w.shape[0], n = w.shape[1]
        let y = filled(rows * n) { yp in
            x.withUnsafeBufferPointer { xp in
                w.values.withUnsafeBufferPointer { wp in
                    BLAS.gemm(m: rows, n: n, k: k, a: xp.baseAddress!, lda: k, b: wp.baseAddress!, ldb: n, c: yp, ldc: n)
                }
            }
        }
        return (y, rows * n * k)
    }

    /// target [m, n] += a [m, k] @ b [k, n]: used once at load to merge LoRA.
    static func addProduct(into target: inout [Float], _ a: [Float], _ b: [Float], m: Int, n: Int, k: Int) {
        target.withUnsafeMutableBufferPointer { tp in
            a.withUnsafeBufferPointer { ap in
                b.withUnsafeBufferPointer { bp in
                    BLAS.gemm(m: m, n: n, k: k, a: ap.baseAddress!, lda: k, b: bp.baseAddress!, ldb: n, beta: 1, c: tp.baseAddress!, ldc: n)
                }
            }
        }
    }

    /// LayerNorm over rows of `cols` (eps 1e-5).
    static func layerNorm(_ x: [Float], cols: Int, _ w: LayerNormWeights) -> [Float] {
        filled(x.count) { op in
            x.withUnsafeBufferPointer { xp in
                w.weight.values.withUnsafeBufferPointer { g in
                    w.bias.values.withUnsafeBufferPointer { b in
                        tm_layer_norm(xp.baseAddress!, op, x.count / cols, cols, g.baseAddress!, b.baseAddress!, 1e-5)
                    }
                }
            }
        }
    }

    /// QuickGELU in place, in blocks on several threads when `splitter` has them.
    static func quickGELU(_ x: inout [Float], splitter: any WorkSplitter = SerialSplitter()) {
        let blocks = splitter.ranges(x.count, multiple: 64)
        x.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let base = buffer.baseAddress!
            guard blocks.count > 1 else { return tm_quick_gelu(base, buffer.count) }
            splitter.forEach(parts: blocks.count) { part in
                tm_quick_gelu(base + blocks[part].lowerBound, blocks[part].count)
            }
        }
    }

    /// a += b.
    static func add(_ a: inout [Float], _ b: [Float]) {
        precondition(a.count == b.count)
        let n = a.count
        a.withUnsafeMutableBufferPointer { ap in b.withUnsafeBufferPointer { tm_add(ap.baseAddress!, $0.baseAddress!, n) } }
    }

    /// L2-normalizes each row of `cols`, in place.
    static func l2NormalizeRows(_ x: inout [Float], cols: Int) {
        let rows = x.count / cols
        guard rows > 0 else { return }
        x.withUnsafeMutableBufferPointer { tm_l2_normalize_rows($0.baseAddress!, rows, cols) }
    }

    /// Non-overlapping patches of frames [count, 3, size, size] as rows [count * grid^2, 3 p p].
    static func patches(_ frames: [Float], count: Int, size: Int, patch: Int) -> [Float] {
        let grid = size / patch
        var out = [Float](repeating: 0, count: count * grid * grid * 3 * patch * patch)
        out.withUnsafeMutableBufferPointer { op in
            frames.withUnsafeBufferPointer { tm_im2col_patches($0.baseAddress!, op.baseAddress!, count, size, size, patch) }
        }
        return out
    }

    /// The key part of a q/k/v buffer [rows, 3D], averaged over heads: [rows, 64]. ToMe's metric.
    static func headMeanKeys(_ qkv: [Float], rows: Int, width: Int, heads: Int) -> [Float] {
        let hd = width / heads
        var out = [Float](repeating: 0, count: rows * hd)
        guard rows > 0 else { return out }
        out.withUnsafeMutableBufferPointer { op in
            qkv.withUnsafeBufferPointer { tm_mean_heads($0.baseAddress! + width, 3 * width, op.baseAddress!, rows, heads, hd) }
        }
        return out
    }

    /// Multi-head attention for `sequences` sequences of `length` tokens each, from q/k/v rows
    /// [sequences * length, 3D]. keyBias (per sequence and key, e.g. log token sizes) is added
    /// to the logits; validKeys (per query row, all sequences) limits each row to its first keys.
    /// Returns the concatenated head outputs [sequences * length, D] and the multiply-adds.
    /// `splitter` may run the (sequence, head) pairs on several threads, each with its own scores.
    static func attention(_ qkv: [Float], sequences: Int, length: Int, width: Int, heads: Int,
                          keyBias: [Float]?, validKeys: [Int32]?,
                          splitter: any WorkSplitter = SerialSplitter()) -> (out: [Float], macs: Int) {
        let pairs = splitter.ranges(sequences * heads, piecesPerThread: 4)
        let out = filled(sequences * length * width) { o in
            nonisolated(unsafe) let target = o
            if pairs.count <= 1 {
                attentionHeads(qkv, 0..<(sequences * heads), length: length, width: width, heads: heads,
                               keyBias: keyBias, validKeys: validKeys, into: target)
            } else {
                splitter.forEach(parts: pairs.count) { part in
                    attentionHeads(qkv, pairs[part], length: length, width: width, heads: heads,
                                   keyBias: keyBias, validKeys: validKeys, into: target)
                }
            }
        }
        return (out, 2 * sequences * heads * length * length * (width / heads))
    }

    /// The (sequence, head) pairs `pairs` (numbered sequence * heads + head) of `attention`.
    private static func attentionHeads(_ qkv: [Float], _ pairs: Range<Int>, length: Int, width: Int, heads: Int,
                                       keyBias: [Float]?, validKeys: [Int32]?, into o: UnsafeMutablePointer<Float>) {
        let hd = width / heads, ld = 3 * width
        let scale = 1 / Float(hd).squareRoot()
        var scores = [Float](repeating: 0, count: length * length)
        qkv.withUnsafeBufferPointer { q in
            scores.withUnsafeMutableBufferPointer { s in
                for pair in pairs {
                    let seq = pair / heads, h = pair % heads
                    let base = q.baseAddress! + seq * length * ld
                    BLAS.gemm(transB: true, m: length, n: length, k: hd, alpha: scale,
                              a: base + h * hd, lda: ld, b: base + width + h * hd, ldb: ld, c: s.baseAddress!, ldc: length)
                    softmax(s.baseAddress!, rows: length, cols: length, keyBias: keyBias, validKeys: validKeys, offset: seq * length)
                    BLAS.gemm(m: length, n: hd, k: length, a: s.baseAddress!, lda: length,
                              b: base + 2 * width + h * hd, ldb: ld, c: o + seq * length * width + h * hd, ldc: width)
                }
            }
        }
    }

    @inline(__always)
    private static func softmax(_ s: UnsafeMutablePointer<Float>, rows: Int, cols: Int, keyBias: [Float]?, validKeys: [Int32]?, offset: Int) {
        switch (keyBias, validKeys) {
        case let (bias?, keys?):
            bias.withUnsafeBufferPointer { b in keys.withUnsafeBufferPointer { tm_softmax_rows(s, rows, cols, cols, b.baseAddress! + offset, $0.baseAddress! + offset) } }
        case let (bias?, nil):
            bias.withUnsafeBufferPointer { tm_softmax_rows(s, rows, cols, cols, $0.baseAddress! + offset, nil) }
        case let (nil, keys?):
            keys.withUnsafeBufferPointer { tm_softmax_rows(s, rows, cols, cols, nil, $0.baseAddress! + offset) }
        case (nil, nil):
            tm_softmax_rows(s, rows, cols, cols, nil, nil)
        }
    }
}
