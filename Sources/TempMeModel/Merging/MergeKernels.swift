import TempMeKernels

/// The raw-buffer inner loops of the merge: row normalisation, similarity, weighted sums.
enum MergeKernels {
    /// The given rows of a [*, width] matrix, each divided by its L2 norm, packed contiguously.
    static func normalizedRows(_ m: [Float], rows: [Int], width: Int) -> [Float] {
        var out = [Float](repeating: 0, count: rows.count * width)
        m.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for (i, r) in rows.enumerated() {
                    let row = src.baseAddress! + r * width
                    var sq: Float = 0
                    for d in 0..<width { sq += row[d] * row[d] }
                    let inv = 1 / sq.squareRoot()
                    let o = dst.baseAddress! + i * width
                    for d in 0..<width { o[d] = row[d] * inv }
                }
            }
        }
        return out
    }

    /// a [rowsA, width] @ b [rowsB, width]^T.
    static func similarity(_ a: [Float], rowsA: Int, _ b: [Float], rowsB: Int, width: Int) -> [Float] {
        var out = [Float](repeating: 0, count: rowsA * rowsB)
        guard rowsA > 0, rowsB > 0 else { return out }
        a.withUnsafeBufferPointer { ap in
            b.withUnsafeBufferPointer { bp in
                out.withUnsafeMutableBufferPointer { op in
                    BLAS.gemm(transB: true, m: rowsA, n: rowsB, k: width, a: ap.baseAddress!, lda: width,
                              b: bp.baseAddress!, ldb: width, c: op.baseAddress!, ldc: rowsB)
                }
            }
        }
        return out
    }

    /// Builds the merged values and sizes for every sequence of a plan.
    static func apply(_ merge: BipartiteMerge, values: [Float], sizes: [Float], width: Int) -> (values: [Float], sizes: [Float]) {
        let outLength = merge.outputLength
        var outValues = [Float](repeating: 0, count: merge.sequences * outLength * width)
        var outSizes = [Float](repeating: 0, count: merge.sequences * outLength)
        values.withUnsafeBufferPointer { x in
            outValues.withUnsafeMutableBufferPointer { y in
                for (s, plan) in merge.plans.enumerated() {
                    let inBase = s * merge.length, outBase = s * outLength
                    for (i, token) in plan.kept.enumerated() {
                        let src = x.baseAddress! + (inBase + token) * width
                        let dst = y.baseAddress! + (outBase + i) * width
                        dst.update(from: src, count: width)
                        outSizes[outBase + i] = sizes[inBase + token]
                    }
                    let firstB = outBase + plan.kept.count
                    for (j, token) in plan.destinations.enumerated() {
                        let size = sizes[inBase + token]
                        let src = x.baseAddress! + (inBase + token) * width
                        let dst = y.baseAddress! + (firstB + j) * width
                        for d in 0..<width { dst[d] = src[d] * size }
                        outSizes[firstB + j] = size
                    }
                    for (token, j) in plan.sources {
                        let size = sizes[inBase + token]
                        let src = x.baseAddress! + (inBase + token) * width
                        let dst = y.baseAddress! + (firstB + j) * width
                        for d in 0..<width { dst[d] += src[d] * size }
                        outSizes[firstB + j] += size
                    }
                    for j in 0..<plan.destinations.count {
                        let inv = outSizes[firstB + j]
                        let dst = y.baseAddress! + (firstB + j) * width
                        for d in 0..<width { dst[d] /= inv }
                    }
                }
            }
        }
        return (outValues, outSizes)
    }
}
