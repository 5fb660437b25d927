import COpenBLAS

/// The store's numeric kernels: normalization and dot products of queries against index rows.
public enum SimilarityKernels {
    /// Scales `matrix[start..<start + count]` to unit length; false when it is zero or not finite.
    /// Every row goes through here (puts and rebuilds alike), so a record normalizes bit-identically.
    public static func normalizeRow(_ matrix: inout [Float], at start: Int, count: Int) -> Bool {
        matrix.withUnsafeMutableBufferPointer { buffer in
            guard let row = buffer.baseAddress.map({ $0 + start }) else { return false }
            let sumOfSquares = Double(cblas_sdot(Int32(count), row, 1, row, 1))
            guard sumOfSquares.isFinite && sumOfSquares > 0 else { return false }
            cblas_sscal(Int32(count), Float(1.0 / sumOfSquares.squareRoot()), row, 1)
            return true
        }
    }

    /// Copies `vector` into `matrix[start...]` and normalizes it there.
    public static func normalize(_ vector: [Float], into matrix: inout [Float], at start: Int) -> Bool {
        matrix.withUnsafeMutableBufferPointer { buffer in
            for (offset, value) in vector.enumerated() { buffer[start + offset] = value }
        }
        return normalizeRow(&matrix, at: start, count: vector.count)
    }

    /// Returns `vector / ||vector||` (the caller has rejected zero and non-finite vectors).
    public static func normalized(_ vector: [Float]) -> [Float] {
        var result = vector
        _ = normalizeRow(&result, at: 0, count: vector.count)
        return result
    }

    /// Decodes `count` little-endian floats at `offset` of `bytes` into `matrix[start...]`, normalized;
    /// false when the row is zero or not finite.
    public static func normalize(
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

    /// Scores of `query` against rows `rows` of the row-major `matrix`, one SIMD dot product per row.
    /// This replaces `cblas_sgemv`: OpenBLAS 0.3.21's sgemv measured about 2x slower than this loop
    /// (1M x 512, one thread, AMD EPYC), and the product is memory-bound either way.
    public static func scores(matrix: [Float], rows: Range<Int>, dimension: Int, query: [Float]) -> [Float] {
        var result = [Float](repeating: 0, count: rows.count)
        let wide = dimension / 32 * 32
        let narrow = dimension / 16 * 16
        matrix.withUnsafeBytes { a in
            query.withUnsafeBytes { x in
                result.withUnsafeMutableBufferPointer { out in
                    for (slot, row) in rows.enumerated() {
                        let base = row * dimension * 4
                        var sum0 = SIMD16<Float>()
                        var sum1 = SIMD16<Float>()
                        var column = 0
                        while column < wide {
                            sum0 += a.loadUnaligned(fromByteOffset: base + column * 4, as: SIMD16<Float>.self)
                                * x.loadUnaligned(fromByteOffset: column * 4, as: SIMD16<Float>.self)
                            sum1 += a.loadUnaligned(fromByteOffset: base + column * 4 + 64, as: SIMD16<Float>.self)
                                * x.loadUnaligned(fromByteOffset: column * 4 + 64, as: SIMD16<Float>.self)
                            column += 32
                        }
                        if column < narrow {
                            sum0 += a.loadUnaligned(fromByteOffset: base + column * 4, as: SIMD16<Float>.self)
                                * x.loadUnaligned(fromByteOffset: column * 4, as: SIMD16<Float>.self)
                            column += 16
                        }
                        var total = (sum0 + sum1).sum()
                        while column < dimension {
                            total += a.loadUnaligned(fromByteOffset: base + column * 4, as: Float.self)
                                * x.loadUnaligned(fromByteOffset: column * 4, as: Float.self)
                            column += 1
                        }
                        out[slot] = total
                    }
                }
            }
        }
        return result
    }

    /// Scores of `queryCount` row-major queries against rows `firstRow..<firstRow + rows` (GEMM);
    /// the result is row-major [queryCount x rows].
    public static func blockScores(
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
}
