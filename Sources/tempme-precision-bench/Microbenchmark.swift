import CTempMeDNNL
import CTempMeKernels
import Foundation
import TempMeBasics
import TempMeKernels

/// Side-by-side GEMM rates of every candidate number format and kernel at the encoder's shapes,
/// single-threaded (the engine runs one single-threaded encoder per core), in one run.
struct Microbenchmark {
    /// A kernel under test, prepared for one shape: run() computes y = x @ w^T once from float32 x.
    struct Prepared {
        let run: () -> Void
        /// The product of the last run (for the error against OpenBLAS f32).
        let output: () -> [Float]
        init(output: @escaping () -> [Float], run: @escaping () -> Void) {
            self.run = run
            self.output = output
        }
    }

    struct Candidate {
        let name: String
        /// nil when this CPU or library has no implementation (the reason goes to `notes`).
        let prepare: (GEMMShape, [Float], [Float]) -> Prepared?
    }

    var notes: [String] = []
    var candidates: [Candidate] = []

    init() {
        var notes: [String] = []
        var candidates: [Candidate] = []
        candidates.append(Candidate(name: "OpenBLAS f32") { s, w, x in
            var y = [Float](repeating: 0, count: s.m * s.n)
            return Prepared(output: { y }) {
                x.withUnsafeBufferPointer { xp in
                    w.withUnsafeBufferPointer { wp in
                        y.withUnsafeMutableBufferPointer { yp in
                            BLAS.gemm(transB: true, m: s.m, n: s.n, k: s.k, a: xp.baseAddress!, lda: s.k, b: wp.baseAddress!, ldb: s.k,
                                      c: yp.baseAddress!, ldc: s.n)
                        }
                    }
                }
            }
        })
        let formats: [(String, tm_dnnl_format)] = [("oneDNN f32", TM_DNNL_F32), ("oneDNN s8s8", TM_DNNL_S8S8),
                                                    ("oneDNN u8s8", TM_DNNL_U8S8), ("oneDNN bf16", TM_DNNL_BF16)]
        for (name, format) in formats {
            // Probe once at a small shape: which implementation oneDNN picks, or why none.
            var impl = [CChar](repeating: 0, count: 256), error = [CChar](repeating: 0, count: 256)
            let probe = [Float](repeating: 0.5, count: 64 * 64)
            if let h = tm_dnnl_matmul_create(format, 64, 64, 64, probe, nil, &impl, 256, &error, 256) {
                tm_dnnl_matmul_destroy(h)
                notes.append("\(name): oneDNN implementation \(cText(impl))")
                candidates.append(Candidate(name: name) { s, w, x in
                    guard let h = tm_dnnl_matmul_create(format, s.m, s.n, s.k, w, nil, nil, 0, nil, 0) else { return nil }
                    let box = DNNLHandle(h)
                    let count = s.m * s.n
                    return Prepared(output: {
                        x.withUnsafeBufferPointer { p in
                            tm_dnnl_matmul_run(box.handle, p.baseAddress!).map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
                        }
                    }) { _ = x.withUnsafeBufferPointer { tm_dnnl_matmul_run(box.handle, $0.baseAddress!) } }
                })
            } else {
                notes.append("\(name): skipped, \(cText(error))")
            }
        }
        if let kernel = Int8GEMM.fastKernel {
            candidates.append(Candidate(name: "ours int8") { s, w, x in
                let q = Int8Weights(w, outputs: s.n, inputs: s.k)
                var y = [Float](repeating: 0, count: s.m * s.n)
                return Prepared(output: { y }) {
                    x.withUnsafeBufferPointer { xp in
                        y.withUnsafeMutableBufferPointer { Int8GEMM.linear(xp.baseAddress!, rows: s.m, weights: q, bias: nil, out: $0.baseAddress!, kernel: kernel) }
                    }
                }
            })
            candidates.append(Candidate(name: "ours int8 GEMM only") { s, w, x in
                let q = Int8Weights(w, outputs: s.n, inputs: s.k)
                let xq = x.withUnsafeBufferPointer { Int8GEMM.quantizeRows($0.baseAddress!, rows: s.m, inputs: s.k) }
                var y = [Float](repeating: 0, count: s.m * s.n)
                return Prepared(output: { y }) {
                    y.withUnsafeMutableBufferPointer { Int8GEMM.multiply(xq, q, bias: nil, out: $0.baseAddress!, ldo: s.n, kernel: kernel) }
                }
            })
            for (label, qmax, steps) in [("int8 w7 acc16 (exp.)", Int32(63), Int32(2)), ("int8 w6 acc16 (exp.)", Int32(31), Int32(4))] {
                candidates.append(Candidate(name: label) { s, w, x in
                    var packed = [Int8](repeating: 0, count: tm_q8w_packed_bytes(s.n, s.k))
                    var ws = [Float](repeating: 0, count: s.n)
                    tm_q8w_pack_weights(w, s.n, s.k, qmax, &packed, &ws)
                    let stride = tm_q8w_row_stride(s.k)
                    var xq = [Int8](repeating: 0, count: s.m * stride), xs = [Float](repeating: 0, count: s.m)
                    var y = [Float](repeating: 0, count: s.m * s.n)
                    return Prepared(output: { y }) {
                        tm_q8w_quantize_rows(x, s.m, s.k, s.k, &xq, &xs)
                        tm_q8w_gemm(s.m, s.n, s.k, xq, xs, packed, ws, nil, &y, s.n, steps)
                    }
                })
            }
            candidates.append(Candidate(name: "u8 x w6 acc16 (exp.)") { s, w, x in
                var packed = [Int8](repeating: 0, count: tm_q8w_packed_bytes(s.n, s.k))
                var ws = [Float](repeating: 0, count: s.n), offsets = [Int32](repeating: 0, count: s.n)
                tm_q8u_pack_weights(w, s.n, s.k, &packed, &ws, &offsets)
                let stride = tm_q8w_row_stride(s.k)
                var xq = [UInt8](repeating: 0, count: s.m * stride), xs = [Float](repeating: 0, count: s.m)
                var y = [Float](repeating: 0, count: s.m * s.n)
                return Prepared(output: { y }) {
                    tm_q8u_quantize_rows(x, s.m, s.k, s.k, &xq, &xs)
                    tm_q8u_gemm(s.m, s.n, s.k, xq, xs, packed, ws, offsets, nil, &y, s.n)
                }
            })
        } else {
            notes.append("ours int8: skipped, this CPU lacks AVX2")
        }
        self.notes = notes
        self.candidates = candidates
    }

    /// Seconds of the fastest of `repeats` timed runs of every shape's calls (after one warm-up).
    struct Row {
        let shape: GEMMShape
        var seconds: [Double]  // per candidate, for all `calls` of the shape
        var errors: [Double]  // per candidate: |y - y_f32| / |y_f32| (Frobenius) against OpenBLAS f32
    }

    func run(_ shapes: [GEMMShape], repeats: Int) -> [Row] {
        var rng = SplitMix64(seed: 7)
        return shapes.map { shape in
            let w = (0..<(shape.n * shape.k)).map { _ in rng.nextSignedUnit() * 0.025 }
            let x = (0..<(shape.m * shape.k)).map { _ in rng.nextSignedUnit() }
            let prepared = candidates.map { $0.prepare(shape, w, x) }
            var best = [Double](repeating: .infinity, count: candidates.count)
            for p in prepared { p?.run() }
            for _ in 0..<repeats {
                for (i, p) in prepared.enumerated() {
                    guard let p else { continue }
                    let start = ContinuousClock.now
                    p.run()
                    best[i] = min(best[i], (ContinuousClock.now - start).seconds)
                }
            }
            let outputs = prepared.map { $0?.output() ?? [] }
            let reference = outputs[0]
            let norm = reference.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
            let errors = outputs.map { y -> Double in
                guard y.count == reference.count else { return .nan }
                return zip(y, reference).reduce(0.0) { $0 + Double($1.0 - $1.1) * Double($1.0 - $1.1) }.squareRoot() / norm
            }
            return Row(shape: shape, seconds: best.map { $0 * Double(shape.calls) }, errors: errors)
        }
    }
}

/// A NUL-terminated C buffer as a String.
func cText(_ buffer: [CChar]) -> String {
    String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// Owns a oneDNN matmul handle for the life of a prepared closure.
final class DNNLHandle: @unchecked Sendable {
    let handle: OpaquePointer
    init(_ handle: OpaquePointer) { self.handle = handle }
    deinit { tm_dnnl_matmul_destroy(handle) }
}
