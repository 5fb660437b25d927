import COpenBLAS

/// The one place that calls OpenBLAS: row-major float32 GEMM and thread control.
public enum BLAS {
    /// C = alpha * op(A) * op(B) + beta * C, row-major, with explicit leading dimensions.
    @inline(__always)
    static func gemm(transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
                     alpha: Float = 1, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                     beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int) {
        cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
    }

    /// y = alpha * A x + beta * y for row-major A [m, n].
    @inline(__always)
    static func gemv(m: Int, n: Int, alpha: Float = 1, a: UnsafePointer<Float>, x: UnsafePointer<Float>,
                     beta: Float = 0, y: UnsafeMutablePointer<Float>) {
        cblas_sgemv(CblasRowMajor, CblasNoTrans, blasint(m), blasint(n), alpha, a, blasint(n), x, 1, beta, y, 1)
    }

    /// Sets how many threads OpenBLAS uses for each call.
    public static func setThreads(_ count: Int) { openblas_set_num_threads(Int32(max(1, count))) }

    /// How many threads OpenBLAS uses now.
    public static var threads: Int { Int(openblas_get_num_threads()) }
}
