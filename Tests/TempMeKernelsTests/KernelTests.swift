import Testing
import TempMeKernels

/// BLAS and the similarity kernels against plain loops.
@Suite struct KernelTests {
    @Test func gemmMatchesALoop() {
        let a: [Float] = [1, 2, 3, 4, 5, 6]  // [2, 3]
        let b: [Float] = [1, 0, -1, 2, 0.5, 1]  // [3, 2]
        var c = [Float](repeating: 0, count: 4)
        a.withUnsafeBufferPointer { ap in
            b.withUnsafeBufferPointer { bp in
                c.withUnsafeMutableBufferPointer { cp in
                    BLAS.gemm(m: 2, n: 2, k: 3, a: ap.baseAddress!, lda: 3, b: bp.baseAddress!, ldb: 2, c: cp.baseAddress!, ldc: 2)
                }
            }
        }
        let expected: [Float] = [0.5, 7, 2, 16]  // rows of a times columns of b, by hand
        #expect(c == expected)
    }

    @Test func threadCountIsAtLeastOne() {
        let before = BLAS.threads
        BLAS.setThreads(0)
        #expect(BLAS.threads == 1)
        BLAS.setThreads(before)
    }

    @Test func normalizationRejectsZeroAndScoresMatchDotProducts() {
        var zeros = [Float](repeating: 0, count: 3)
        #expect(!SimilarityKernels.normalize([0, 0, 0], into: &zeros, at: 0))
        let dimension = 37  // exercises the 32-wide, 16-wide and scalar tails
        var matrix = [Float](repeating: 0, count: 3 * dimension)
        for row in 0..<3 {
            let vector = (0..<dimension).map { Float(($0 * 7 + row * 3) % 11) - 5 }
            #expect(SimilarityKernels.normalize(vector, into: &matrix, at: row * dimension))
        }
        let query = SimilarityKernels.normalized((0..<dimension).map { Float($0 % 5) - 2 })
        let scores = SimilarityKernels.scores(matrix: matrix, rows: 0..<3, dimension: dimension, query: query)
        var block = [Float](repeating: 0, count: 3)
        SimilarityKernels.blockScores(matrix: matrix, firstRow: 0, rows: 3, dimension: dimension, queries: query, queryCount: 1, into: &block)
        for row in 0..<3 {
            let expected = (0..<dimension).reduce(Float(0)) { $0 + matrix[row * dimension + $1] * query[$1] }
            #expect(abs(scores[row] - expected) < 1e-5)
            #expect(abs(block[row] - expected) < 1e-5)
        }
    }
}
