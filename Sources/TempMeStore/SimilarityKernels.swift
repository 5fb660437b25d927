import COpenBLAS
import Foundation

/// The only file that calls BLAS: normalization and dot products of queries against index rows.
enum SimilarityKernels {
    /// Writes `vector / ||vector||` into `matrix[start..<start + vector.count]` (norm accumulated in Double).
    static func normalize(_ vector: [Float], into matrix: inout [Float], at start: Int) {
        var sumOfSquares = 0.0
        for value in vector { sumOfSquares += Double(value) * Double(value) }
        let scale = Float(1.0 / sumOfSquares.squareRoot())
        for (offset, value) in vector.enumerated() { matrix[start + offset] = value * scale }
    }

    /// Returns `vector / ||vector||`.
    static func normalized(_ vector: [Float]) -> [Float] {
        var result = [Float](repeating: 0, count: vector.count)
        normalize(vector, into: &result, at: 0)
        return result
    }

    /// Decodes `count` little-endian floats at `offset` of `bytes` into `matrix[start...]`, normalized.
    /// Returns false (leaving garbage in the row) when a value is not finite or all are zero.
    static func normalize(
        littleEndianFloats bytes: UnsafeRawBufferPointer, offset: Int, count: Int, into matrix: inout [Float], at start: Int
    ) -> Bool {
        var sumOfSquares = 0.0
        for position in 0..<count {
            let bits = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 4 * position, as: UInt32.self))
            let value = Float(bitPattern: bits)
            matrix[start + position] = value
            sumOfSquares += Double(value) * Double(value)
        }
        guard sumOfSquares.isFinite && sumOfSquares > 0 else { return false }
        let scale = Float(1.0 / sumOfSquares.squareRoot())
        for position in start..<start + count { matrix[position] *= scale }
        return true
    }

    /// Scores of `query` against the first `rows` rows of the row-major `matrix` (GEMV).
    static func scores(matrix: [Float], rows: Int, dimension: Int, query: [Float]) -> [Float] {
        guard rows > 0 else { return [] }
        var result = [Float](repeating: 0, count: rows)
        matrix.withUnsafeBufferPointer { a in
            query.withUnsafeBufferPointer { x in
                result.withUnsafeMutableBufferPointer { y in
                    cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(rows), Int32(dimension), 1,
                                a.baseAddress, Int32(dimension), x.baseAddress, 1, 0, y.baseAddress, 1)
                }
            }
        }
        return result
    }

    /// Scores of `queryCount` row-major queries against rows `firstRow..<firstRow + rows` (GEMM);
    /// the result is row-major [queryCount x rows].
    static func blockScores(
        matrix: [Float], firstRow: Int, rows: Int, dimension: Int, queries: [Float], queryCount: Int,
        into result: inout [Float]
    ) {
        matrix.withUnsafeBufferPointer { a in
            queries.withUnsafeBufferPointer { q in
                result.withUnsafeMutableBufferPointer { c in
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(queryCount), Int32(rows), Int32(dimension),
                                1, q.baseAddress, Int32(dimension), a.baseAddress.map { $0 + firstRow * dimension },
                                Int32(dimension), 0, c.baseAddress, Int32(rows))
                }
            }
        }
    }

    /// Sets the number of BLAS threads (benchmarks match it with faiss).
    static func setThreadCount(_ count: Int) {
        openblas_set_num_threads(Int32(count))
    }
}
