import TempMeBasics
import TempMeKernels

extension BLAS {
    /// Measures this machine's float32 GEMM rate (GFLOP/s, 2 FLOPs per multiply-add) on square
    /// matrices of side `size` using `workers` cores: the better of OpenBLAS's own threading and
    /// `workers` concurrent single-threaded calls, best of `repeats`. Leaves OpenBLAS single-threaded.
    public static func measureSGEMMPeak(workers: Int, size n: Int = 1536, repeats: Int = 4) -> Double {
        let a = [Float](repeating: 0.5, count: n * n), b = [Float](repeating: 0.25, count: n * n)
        func once(threads: Int, concurrent: Int) -> Double {
            setThreads(threads)
            let outputs = ConcurrentSlots<[Float]>(count: concurrent) { _ in [Float](repeating: 0, count: n * n) }
            var best = Double.infinity
            for _ in 0..<(repeats + 1) {
                let start = ContinuousClock.now
                outputs.forEachConcurrently { c in
                    a.withUnsafeBufferPointer { ap in
                        b.withUnsafeBufferPointer { bp in
                            c.withUnsafeMutableBufferPointer { cp in
                                gemm(m: n, n: n, k: n, a: ap.baseAddress!, lda: n, b: bp.baseAddress!, ldb: n, c: cp.baseAddress!, ldc: n)
                            }
                        }
                    }
                }
                best = min(best, (ContinuousClock.now - start).seconds)
            }
            return 2 * Double(n * n * n) * Double(concurrent) / best / 1e9
        }
        let threaded = once(threads: workers, concurrent: 1)
        let parallel = once(threads: 1, concurrent: workers)
        setThreads(1)
        return max(threaded, parallel)
    }
}
