import Foundation
import Testing
import TempMeKernels

/// The int8 quantization and GEMM against numpy (scripts/make_int8_goldens.py writes Golden/int8.json).
@Suite struct Int8GEMMTests {
    struct Case: Decodable {
        let name: String
        let m: Int, n: Int, k: Int
        let x: [Float]?, w: [Float]?, bias: [Float]?
        let xq: [Int]?, x_scales: [Float], wq: [Int]?, w_scales: [Float]
        let sums: [Int], y: [Float]

        /// Inputs, from the file or (for the large case) from the formula the generator documents.
        var inputs: (x: [Float], w: [Float]) {
            if let x, let w { return (x, w) }
            let x = (0..<(m * k)).map { Float((($0 / k) * 37 + ($0 % k) * 11) % 201 - 100) / 16 }
            let w = (0..<(n * k)).map { Float((($0 / k) * 53 + ($0 % k) * 29) % 199 - 99) / 512 }
            return (x, w)
        }
    }
    struct File: Decodable { let cases: [Case] }

    static let cases: [Case] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/int8.json")
        guard let data = try? Data(contentsOf: url), let file = try? JSONDecoder().decode(File.self, from: data) else { return [] }
        return file.cases
    }()

    @Test func goldenFileIsPresent() {
        #expect(Self.cases.count == 4, "Golden/int8.json is missing or unreadable: run scripts/make_int8_goldens.py")
    }

    @Test(arguments: Int8GEMMTests.cases.map(\.name))
    func weightQuantizationMatchesNumpy(_ name: String) throws {
        let c = try #require(Self.cases.first { $0.name == name })
        let w = Int8Weights(c.inputs.w, outputs: c.n, inputs: c.k)
        #expect(w.scales == c.w_scales)
        if let wq = c.wq {
            let wrong = (0..<(c.n * c.k)).filter { Int(w.quantized(output: $0 / c.k, input: $0 % c.k)) != wq[$0] }
            #expect(wrong.isEmpty, "\(wrong.count) quantized weights differ from numpy, first at \(wrong.first.map { [$0 / c.k, $0 % c.k] } ?? [])")
        }
    }

    @Test(arguments: Int8GEMMTests.cases.map(\.name))
    func activationQuantizationMatchesNumpy(_ name: String) throws {
        let c = try #require(Self.cases.first { $0.name == name })
        let q = c.inputs.x.withUnsafeBufferPointer { Int8GEMM.quantizeRows($0.baseAddress!, rows: c.m, inputs: c.k) }
        #expect(q.scales == c.x_scales)
        #expect(q.stride == (c.k + 1) / 2 * 2)
        if let xq = c.xq {
            let wrong = (0..<(c.m * c.k)).filter { Int(q.values[($0 / c.k) * q.stride + $0 % c.k]) != xq[$0] }
            #expect(wrong.isEmpty, "\(wrong.count) quantized activations differ from numpy, first at \(wrong.first.map { [$0 / c.k, $0 % c.k] } ?? [])")
            #expect(q.stride == c.k || (0..<c.m).allSatisfy { q.values[$0 * q.stride + c.k] == 0 }, "odd k is padded with zeros")
        }
    }

    static func product(_ c: Case, kernel: Int8GEMM.Kernel) -> [Float] {
        let (x, wf) = c.inputs
        let w = Int8Weights(wf, outputs: c.n, inputs: c.k)
        var y = [Float](repeating: .nan, count: c.m * c.n)
        x.withUnsafeBufferPointer { xp in
            y.withUnsafeMutableBufferPointer { yp in
                if let bias = c.bias {
                    bias.withUnsafeBufferPointer { Int8GEMM.linear(xp.baseAddress!, rows: c.m, weights: w, bias: $0.baseAddress!, out: yp.baseAddress!, kernel: kernel) }
                } else {
                    Int8GEMM.linear(xp.baseAddress!, rows: c.m, weights: w, bias: nil, out: yp.baseAddress!, kernel: kernel)
                }
            }
        }
        return y
    }

    /// numpy's y within float32 rounding (the kernel may fuse the last multiply-add); the int32 sums are
    /// exact, so the difference is a few ulp of the largest term.
    static func expectMatches(_ y: [Float], _ c: Case) {
        let wrong = y.indices.filter { i in
            let r = i / c.n, j = i % c.n
            let term = abs(Float(c.sums[i]) * c.x_scales[r] * c.w_scales[j]) + abs(c.bias?[j] ?? 0)
            return !(abs(y[i] - c.y[i]) <= 4 * Float.ulpOfOne * max(term, Float.leastNormalMagnitude))
        }
        #expect(wrong.isEmpty, "\(c.name): \(wrong.count) outputs differ from numpy, first \(wrong.first.map { "\(y[$0]) vs \(c.y[$0])" } ?? "")")
    }

    @Test(arguments: Int8GEMMTests.cases.map(\.name))
    func scalarKernelMatchesNumpy(_ name: String) throws {
        let c = try #require(Self.cases.first { $0.name == name })
        Self.expectMatches(Self.product(c, kernel: .scalar), c)
    }

    @Test(.enabled(if: CPUFeatures.current.contains(.avx2), "skipped: the AVX2 int8 kernel needs avx2, which this CPU lacks"),
          arguments: Int8GEMMTests.cases.map(\.name))
    func avx2KernelMatchesNumpy(_ name: String) throws {
        let c = try #require(Self.cases.first { $0.name == name })
        let y = Self.product(c, kernel: .avx2)
        Self.expectMatches(y, c)
        #expect(y == Self.product(c, kernel: .scalar), "the AVX2 and scalar kernels compute the same int32 sums")
    }

    @Test(arguments: Int8GEMMTests.cases.map(\.name))
    func columnCutsMatchTheWholeProduct(_ name: String) throws {
        let c = try #require(Self.cases.first { $0.name == name })
        let kernel = Int8GEMM.fastKernel ?? .scalar
        let (x, wf) = c.inputs
        let w = Int8Weights(wf, outputs: c.n, inputs: c.k)
        let q = x.withUnsafeBufferPointer { Int8GEMM.quantizeRows($0.baseAddress!, rows: c.m, inputs: c.k) }
        var y = [Float](repeating: .nan, count: c.m * c.n)
        let panel = Int8GEMM.panelColumns
        let cuts = stride(from: 0, to: c.n, by: panel).map { $0..<min(c.n, $0 + panel) }.reversed()
        y.withUnsafeMutableBufferPointer { yp in
            for columns in cuts {
                if let bias = c.bias {
                    bias.withUnsafeBufferPointer {
                        Int8GEMM.multiply(q, w, columns: columns, bias: $0.baseAddress!, out: yp.baseAddress!, ldo: c.n, kernel: kernel)
                    }
                } else {
                    Int8GEMM.multiply(q, w, columns: columns, bias: nil, out: yp.baseAddress!, ldo: c.n, kernel: kernel)
                }
            }
        }
        #expect(y == Self.product(c, kernel: kernel), "\(c.name): a product cut into \(panel)-column pieces is the same bits")
        Self.expectMatches(y, c)
    }

    @Test func zeroRowsAndEmptyProducts() {
        let w = Int8Weights([0, 0, 1, -2], outputs: 2, inputs: 2)
        #expect(w.scales == [0, 2 / 127])
        let kernel = Int8GEMM.fastKernel ?? .scalar
        var y = [Float](repeating: .nan, count: 2)
        let x: [Float] = [0, 0]
        let bias: [Float] = [0.5, -0.5]
        x.withUnsafeBufferPointer { xp in
            bias.withUnsafeBufferPointer { bp in
                y.withUnsafeMutableBufferPointer { Int8GEMM.linear(xp.baseAddress!, rows: 1, weights: w, bias: bp.baseAddress!, out: $0.baseAddress!, kernel: kernel) }
            }
        }
        #expect(y == [0.5, -0.5])
    }
}
