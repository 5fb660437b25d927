import CTempMeKernels

/// A weight matrix [outputs, inputs] quantized to int8 once, symmetrically per output channel
/// (scale = max |row| / 127), in the int8 kernel's packed layout. Immutable and shareable.
public struct Int8Weights: Sendable {
    /// Output channels (rows of the float32 matrix).
    public let outputs: Int
    /// Inputs per channel (columns).
    public let inputs: Int
    /// Per-channel scales: a weight is about `q * scales[channel]`.
    public let scales: [Float]
    let packed: [Int8]

    /// Quantizes `weights` [outputs, inputs], row-major.
    public init(_ weights: [Float], outputs: Int, inputs: Int) {
        precondition(weights.count == outputs * inputs, "int8 weights: \(weights.count) values for \(outputs) x \(inputs)")
        self.outputs = outputs
        self.inputs = inputs
        var scales = [Float](repeating: 0, count: outputs)
        let bytes = tm_q8_packed_bytes(outputs, inputs)
        packed = [Int8](unsafeUninitializedCapacity: bytes) { buffer, initialized in
            weights.withUnsafeBufferPointer { w in
                scales.withUnsafeMutableBufferPointer { s in
                    tm_q8_pack_weights(w.baseAddress!, outputs, inputs, buffer.baseAddress!, s.baseAddress!)
                }
            }
            initialized = bytes
        }
        self.scales = scales
    }

    /// The quantized value of channel `output`, input `input`.
    public func quantized(output: Int, input: Int) -> Int8 {
        precondition(output < outputs && input < inputs)
        return packed.withUnsafeBufferPointer { tm_q8_packed_at($0.baseAddress!, outputs, inputs, output, input) }
    }

    /// Bytes held (packed values and scales).
    public var byteCount: Int { packed.count + scales.count * 4 }
}

/// int8 x int8 GEMM with int32 accumulation: activations quantized per row on each call, weights per
/// channel at load. The AVX2 kernel runs where the CPU has AVX2; the scalar kernel computes the same
/// integers anywhere (for tests; it is slower than fp32 and never chosen for encoding).
public enum Int8GEMM {
    /// Which int8 kernel a call uses.
    public enum Kernel: String, Sendable { case avx2, scalar }

    /// The fast kernel on this CPU, or nil when it has none (then int8 encoding is unavailable).
    public static let fastKernel: Kernel? = CPUFeatures.current.contains(.avx2) ? .avx2 : nil

    /// Activation rows quantized per row: int8 values held as int16 (the kernel's input), row stride
    /// `stride` (inputs rounded up to even), and one scale per row.
    public struct QuantizedRows: Sendable {
        public let values: [Int16]
        public let scales: [Float]
        public let rows: Int
        public let stride: Int
    }

    /// Quantizes x [rows, inputs] per row (scale = max |row| / 127, q = rint(x * 127 / max)).
    public static func quantizeRows(_ x: UnsafePointer<Float>, rows: Int, inputs: Int, ldx: Int? = nil) -> QuantizedRows {
        let stride = tm_q8_row_stride(inputs)
        var scales = [Float](repeating: 0, count: rows)
        let values = [Int16](unsafeUninitializedCapacity: rows * stride) { buffer, initialized in
            scales.withUnsafeMutableBufferPointer { s in
                if rows > 0 { tm_q8_quantize_rows(x, rows, inputs, ldx ?? inputs, buffer.baseAddress!, s.baseAddress!) }
            }
            initialized = rows * stride
        }
        return QuantizedRows(values: values, scales: scales, rows: rows, stride: stride)
    }

    /// Output columns per packed weight panel: a column range a product is cut at starts at a multiple of it.
    public static let panelColumns = Int(TM_Q8_PANEL)

    /// out [rows, outputs] (leading dimension ldo) = bias + dequantized (xq @ wq^T); with `columns`, only those
    /// output columns (starting at a multiple of `panelColumns`; `bias` and `out` still point at column 0).
    /// Each column is summed the same way whatever the cut, so any cut gives the same bits.
    public static func multiply(_ x: QuantizedRows, _ w: Int8Weights, columns: Range<Int>? = nil, bias: UnsafePointer<Float>?,
                                out: UnsafeMutablePointer<Float>, ldo: Int, kernel: Kernel) {
        precondition(x.stride == tm_q8_row_stride(w.inputs), "int8 GEMM: activation width does not match the weights")
        let columns = columns ?? 0..<w.outputs
        precondition(columns.lowerBound >= 0 && columns.upperBound <= w.outputs && columns.lowerBound % panelColumns == 0,
                     "int8 GEMM: columns \(columns) must lie in 0..<\(w.outputs) and start at a multiple of \(panelColumns)")
        guard !columns.isEmpty else { return }
        let first = columns.lowerBound
        x.values.withUnsafeBufferPointer { xp in
            x.scales.withUnsafeBufferPointer { xs in
                w.packed.withUnsafeBufferPointer { wp in
                    w.scales.withUnsafeBufferPointer { ws in
                        // Panel p (columns 16p...16p+15) starts p x 16 x stride bytes in: column `first`'s panel at first x stride.
                        tm_q8_gemm(x.rows, columns.count, w.inputs, xp.baseAddress, xs.baseAddress, wp.baseAddress! + first * x.stride,
                                   ws.baseAddress! + first, bias.map { $0 + first }, out + first, ldo, kernel == .avx2 ? 1 : 0)
                    }
                }
            }
        }
    }

    /// out [rows, outputs] = bias + x [rows, inputs] @ w^T in int8 (quantizing x first).
    public static func linear(_ x: UnsafePointer<Float>, rows: Int, weights w: Int8Weights, bias: UnsafePointer<Float>?,
                              out: UnsafeMutablePointer<Float>, kernel: Kernel) {
        let q = quantizeRows(x, rows: rows, inputs: w.inputs)
        multiply(q, w, bias: bias, out: out, ldo: w.outputs, kernel: kernel)
    }
}
