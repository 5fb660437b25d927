import COpenBLAS

/// The package's OpenBLAS calls (with SimilarityKernels): row-major float32 GEMM, dot, scale and the
/// process-wide thread count. Every other module reaches OpenBLAS through here.
public enum BLAS {
    /// C = alpha * op(A) * op(B) + beta * C, row-major, with explicit leading dimensions.
    public static func gemm(transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
                            alpha: Float = 1, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                            beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int) {
        cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
    }

    /// Sets how many threads OpenBLAS uses for each call (at least one), for the whole process.
    public static func setThreads(_ count: Int) { openblas_set_num_threads(Int32(max(1, count))) }

    /// How many threads OpenBLAS uses now.
    public static var threads: Int { Int(openblas_get_num_threads()) }
}
