import COpenBLAS
import Foundation

/// The only file that calls BLAS: normalization and dot products of queries against index rows.
enum SimilarityKernels {
    /// Scales `matrix[start..<start + count]` to unit length; false when it is zero or not finite.
    /// Every row goes through here (puts and rebuilds alike), so a record normalizes bit-identically.
    static func normalizeRow(_ matrix: inout [Float], at start: Int, count: Int) -> Bool {
        matrix.withUnsafeMutableBufferPointer { buffer in
            guard let row = buffer.baseAddress.map({ $0 + start }) else { return false }
            let sumOfSquares = Double(cblas_sdot(Int32(count), row, 1, row, 1))
            guard sumOfSquares.isFinite && sumOfSquares > 0 else { return false }
            cblas_sscal(Int32(count), Float(1.0 / sumOfSquares.squareRoot()), row, 1)
            return true
        }
    }

    /// Copies `vector` into `matrix[start...]` and normalizes it there.
    static func normalize(_ vector: [Float], into matrix: inout [Float], at start: Int) -> Bool {
        matrix.withUnsafeMutableBufferPointer { buffer in
            for (offset, value) in vector.enumerated() { buffer[start + offset] = value }
        }
        return normalizeRow(&matrix, at: start, count: vector.count)
    }

    /// Returns `vector / ||vector||` (the caller has rejected zero and non-finite vectors).
    static func normalized(_ vector: [Float]) -> [Float] {
        var result = vector
        _ = normalizeRow(&result, at: 0, count: vector.count)
        return result
    }

    /// Decodes `count` little-endian floats at `offset` of `bytes` into `matrix[start...]`, normalized;
    /// false when the row is zero or not finite.
    static func normalize(
        littleEndianFloats bytes: UnsafeRawBufferPointer, offset: Int, count: Int, into matrix: inout [Float], at start: Int
    ) -> Bool {
        matrix.withUnsafeMutableBufferPointer { buffer in
            #if _endian(little)
            UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: buffer[start..<start + count]))
                .copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + 4 * count]))
            #else
            for position in 0..<count {
                let bits = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 4 * position, as: UInt32.self))
                buffer[start + position] = Float(bitPattern: bits)
            }
            #endif
        }
        return normalizeRow(&matrix, at: start, count: count)
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
