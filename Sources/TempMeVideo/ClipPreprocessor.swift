/// CLIP's frame preprocessing (spec section 4): shorter side to 224 with Pillow's bicubic,
/// center crop 224 x 224, /255, normalize with CLIP's mean and std, channel-major output.
///
/// Like the authors' torchvision pipeline it resizes 8-bit RGB in two passes (horizontal, then
/// vertical) with 8-bit rounding after each, so its pixels match Pillow's bit for bit. Only the
/// crop window is computed. Scratch buffers and weights are reused across frames of one size.
struct ClipPreprocessor {
    /// Output side.
    static let side = DecodedVideo.frameSide
    /// CLIP's per-channel mean.
    static let mean: [Float] = [0.48145466, 0.4578275, 0.40821073]
    /// CLIP's per-channel standard deviation.
    static let std: [Float] = [0.26862954, 0.26130258, 0.27577711]

    /// (v / 255 - mean) / std in Float32 for every byte value, per channel, as torchvision computes it.
    private static let normalization: [Float] = (0..<3).flatMap { channel in
        (0..<256).map { (Float($0) / 255 - mean[channel]) / std[channel] }
    }

    private var cachedSize = (width: 0, height: 0)
    private var horizontal = BicubicAxis(inputSize: 1, outputSize: 1, outputOffset: 0, outputCount: 0)
    private var vertical = BicubicAxis(inputSize: 1, outputSize: 1, outputOffset: 0, outputCount: 0)
    private var firstRow = 0
    private var intermediate: [UInt8] = []
    private var rowSums: [Int32] = []

    /// The size torchvision's Resize(224) gives: shorter side 224, longer floor(224 x long / short).
    static func resizedSize(width: Int, height: Int) -> (width: Int, height: Int) {
        if width <= height {
            return (side, Int((Double(side * height) / Double(width)).rounded(.down)))
        }
        return (Int((Double(side * width) / Double(height)).rounded(.down)), side)
    }

    /// torchvision's CenterCrop offset: round((size - 224) / 2), half to even.
    static func cropOffset(resized: Int) -> Int {
        Int((Double(resized - side) / 2).rounded(.toNearestOrEven))
    }

    /// Writes one preprocessed frame (3 x 224 x 224 floats) into `output`.
    mutating func process(_ image: RGBImage, into output: UnsafeMutableBufferPointer<Float>) {
        precondition(output.count >= 3 * Self.side * Self.side, "output slot too small")
        prepare(width: image.width, height: image.height)
        resizeRows(image)
        resizeColumns(into: output)
    }

    private mutating func prepare(width: Int, height: Int) {
        guard cachedSize != (width, height) else { return }
        cachedSize = (width, height)
        let resized = Self.resizedSize(width: width, height: height)
        horizontal = BicubicAxis(inputSize: width, outputSize: resized.width,
                                 outputOffset: Self.cropOffset(resized: resized.width), outputCount: Self.side)
        vertical = BicubicAxis(inputSize: height, outputSize: resized.height,
                               outputOffset: Self.cropOffset(resized: resized.height), outputCount: Self.side)
        firstRow = vertical.firstInput.first ?? 0
        let lastRow = zip(vertical.firstInput, vertical.tapCounts).map { $0 + $1 }.max() ?? 0
        intermediate = [UInt8](repeating: 0, count: max(0, lastRow - firstRow) * Self.side * 3)
    }

    /// Horizontal pass over the rows the crop needs, into `intermediate` (224 columns, RGB).
    private mutating func resizeRows(_ image: RGBImage) {
        let rows = intermediate.count / (Self.side * 3), firstRow = firstRow, stride = image.stride
        let axis = horizontal, taps = axis.taps, half = Int32(1 << (BicubicAxis.precisionBits - 1))
        let firstInputs = axis.firstInput, tapCounts = axis.tapCounts
        image.pixels.withUnsafeBufferPointer { source in
            axis.weights.withUnsafeBufferPointer { weights in
                intermediate.withUnsafeMutableBufferPointer { target in
                    for row in 0..<rows {
                        let sourceRow = (firstRow + row) * stride
                        let targetRow = row * Self.side * 3
                        for column in 0..<Self.side {
                            let first = firstInputs[column], count = tapCounts[column]
                            var red = half, green = half, blue = half
                            var pixel = sourceRow + first * 3
                            let weightBase = column * taps
                            for tap in 0..<count {
                                let weight = weights[weightBase + tap]
                                red &+= Int32(source[pixel]) &* weight
                                green &+= Int32(source[pixel + 1]) &* weight
                                blue &+= Int32(source[pixel + 2]) &* weight
                                pixel += 3
                            }
                            let out = targetRow + column * 3
                            target[out] = BicubicAxis.clip8(red)
                            target[out + 1] = BicubicAxis.clip8(green)
                            target[out + 2] = BicubicAxis.clip8(blue)
                        }
                    }
                }
            }
        }
    }

    /// Vertical pass from `intermediate` straight into the normalized channel planes. All columns of
    /// an output row share one set of weights, so each tap is one contiguous multiply-add over the row.
    private mutating func resizeColumns(into output: UnsafeMutableBufferPointer<Float>) {
        let axis = vertical, taps = axis.taps, firstRow = firstRow, side = Self.side, plane = side * side
        let half = Int32(1 << (BicubicAxis.precisionBits - 1)), rowBytes = side * 3
        if rowSums.count != rowBytes { rowSums = [Int32](repeating: 0, count: rowBytes) }
        intermediate.withUnsafeBufferPointer { source in
            axis.weights.withUnsafeBufferPointer { weights in
                Self.normalization.withUnsafeBufferPointer { lut in
                    rowSums.withUnsafeMutableBufferPointer { sums in
                        for row in 0..<side {
                            let first = axis.firstInput[row] - firstRow, count = axis.tapCounts[row]
                            for index in 0..<rowBytes { sums[index] = half }
                            for tap in 0..<count {
                                let weight = weights[row * taps + tap], base = (first + tap) * rowBytes
                                for index in 0..<rowBytes { sums[index] &+= Int32(source[base + index]) &* weight }
                            }
                            for column in 0..<side {
                                let out = row * side + column, sum = column * 3
                                output[out] = lut[Int(BicubicAxis.clip8(sums[sum]))]
                                output[plane + out] = lut[256 + Int(BicubicAxis.clip8(sums[sum + 1]))]
                                output[2 * plane + out] = lut[512 + Int(BicubicAxis.clip8(sums[sum + 2]))]
                            }
                        }
                    }
                }
            }
        }
    }
}
