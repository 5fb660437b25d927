/// Fixed-point bicubic weights for one axis, computed exactly as Pillow's `precompute_coeffs`
/// and `normalize_coeffs_8bpc` do (a = -0.5, support widened by the scale when shrinking),
/// for the outputs `outputOffset ..< outputOffset + outputCount` only.
struct BicubicAxis: Sendable {
    /// Pillow's PRECISION_BITS for 8-bit images.
    static let precisionBits = 22

    /// First input sample of each output.
    let firstInput: [Int]
    /// Taps used by each output.
    let tapCounts: [Int]
    /// `taps` weights per output, scaled by 2^22 and rounded away from zero.
    let weights: [Int32]
    /// Weights stored per output.
    let taps: Int

    /// Weights for resizing `inputSize` samples to `outputSize`, restricted to a window of outputs.
    init(inputSize: Int, outputSize: Int, outputOffset: Int, outputCount: Int) {
        if inputSize == outputSize {  // Pillow skips the pass; one unit tap is the same identity
            taps = 1
            firstInput = (0..<outputCount).map { outputOffset + $0 }
            tapCounts = [Int](repeating: 1, count: outputCount)
            weights = [Int32](repeating: Int32(1 << BicubicAxis.precisionBits), count: outputCount)
            return
        }
        let scale = Double(inputSize) / Double(outputSize)
        let filterScale = max(scale, 1)
        let support = 2.0 * filterScale
        let taps = Int(support.rounded(.up)) * 2 + 1
        var firstInput = [Int](), tapCounts = [Int](), weights = [Int32]()
        firstInput.reserveCapacity(outputCount)
        tapCounts.reserveCapacity(outputCount)
        weights.reserveCapacity(outputCount * taps)
        var kernel = [Double](repeating: 0, count: taps)
        for output in outputOffset..<(outputOffset + outputCount) {
            let center = (Double(output) + 0.5) * scale
            let inverseScale = 1.0 / filterScale
            let low = max(0, Int(center - support + 0.5))  // C casts truncate toward zero
            let high = min(inputSize, Int(center + support + 0.5))
            let count = high - low
            var total = 0.0
            for tap in 0..<taps {
                let weight = tap < count ? BicubicAxis.bicubic((Double(tap + low) - center + 0.5) * inverseScale) : 0
                kernel[tap] = weight
                total += weight
            }
            for tap in 0..<taps {
                let normalized = total != 0 ? kernel[tap] / total : kernel[tap]
                let scaled = normalized * Double(1 << BicubicAxis.precisionBits)
                weights.append(Int32(normalized < 0 ? scaled - 0.5 : scaled + 0.5))
            }
            firstInput.append(low)
            tapCounts.append(max(0, count))
        }
        self.taps = taps
        self.firstInput = firstInput
        self.tapCounts = tapCounts
        self.weights = weights
    }

    /// Pillow's bicubic kernel with a = -0.5.
    static func bicubic(_ value: Double) -> Double {
        let a = -0.5
        let x = abs(value)
        if x < 1 { return ((a + 2) * x - (a + 3)) * x * x + 1 }
        if x < 2 { return (((x - 5) * x + 8) * x - 4) * a }
        return 0
    }

    /// Rounds a fixed-point sum back to 8 bits with Pillow's clamp.
    @inline(__always)
    static func clip8(_ sum: Int32) -> UInt8 {
        let value = sum >> Int32(precisionBits)
        return value <= 0 ? 0 : (value >= 255 ? 255 : UInt8(truncatingIfNeeded: value))
    }
}
