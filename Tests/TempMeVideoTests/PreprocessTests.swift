import Testing
@testable import TempMeVideo

private struct PreprocessGolden: Decodable {
    struct Case: Decodable {
        let width: Int
        let height: Int
        let channelSums: [Int]
        let channelSquareSums: [Int]
        let samples: [[Int]]
    }

    let positions: [Int]
    let normalization: [[Float]]
    let cases: [Case]
}

/// The frame recreated from the reference script's integer formula.
func syntheticFrame(width: Int, height: Int) -> RGBImage {
    var image = RGBImage()
    image.reshape(width: width, height: height)
    for y in 0..<height {
        for x in 0..<width {
            let offset = image.offset(x: x, y: y)
            image.pixels[offset] = UInt8((x * 7 + y * 3) % 256)
            image.pixels[offset + 1] = UInt8(((x ^ y) * 5) & 255)
            image.pixels[offset + 2] = UInt8(((x * y) >> 4) & 255)
        }
    }
    return image
}

/// Runs the preprocessor on one image and returns the 3 x 224 x 224 floats.
func preprocessed(_ image: RGBImage) -> [Float] {
    var preprocessor = ClipPreprocessor()
    var output = [Float](repeating: .nan, count: DecodedVideo.floatsPerFrame)
    output.withUnsafeMutableBufferPointer { preprocessor.process(image, into: $0) }
    return output
}

/// Back from normalized floats to the 8-bit value they came from.
func byteValue(_ normalized: Float, channel: Int) -> Int {
    Int(((normalized * ClipPreprocessor.std[channel] + ClipPreprocessor.mean[channel]) * 255).rounded())
}

/// Preprocessing against Pillow's resize + torchvision's crop and normalize (golden from the script).
struct PreprocessTests {
    @Test func normalizationMatchesTorchvisionFloat32() throws {
        let golden = try Golden.load("preprocess.json", as: PreprocessGolden.self)
        var image = RGBImage()
        image.reshape(width: 224, height: 224)  // already 224 x 224: the resize is the identity
        for pixel in 0..<(224 * 224) {
            for channel in 0..<3 {
                image.pixels[image.offset(x: pixel % 224, y: pixel / 224) + channel] = UInt8((pixel + 85 * channel) % 256)
            }
        }
        let output = preprocessed(image)
        for channel in 0..<3 {
            for pixel in 0..<256 {
                #expect(output[channel * 224 * 224 + pixel] == golden.normalization[channel][(pixel + 85 * channel) % 256])
            }
        }
    }

    @Test func resizeAndCropMatchPillowBitForBit() throws {
        let golden = try Golden.load("preprocess.json", as: PreprocessGolden.self)
        let plane = 224 * 224
        var worstMean = 0.0, worstMax = 0.0
        for entry in golden.cases {
            let output = preprocessed(syntheticFrame(width: entry.width, height: entry.height))
            #expect(!output.contains { $0.isNaN }, "\(entry.width)x\(entry.height) left pixels unwritten")
            var sums = [0, 0, 0], squares = [0, 0, 0], totalDifference = 0.0, maxDifference = 0.0
            for channel in 0..<3 {
                for pixel in 0..<plane {
                    let value = byteValue(output[channel * plane + pixel], channel: channel)
                    sums[channel] += value
                    squares[channel] += value * value
                }
                for (sample, position) in golden.positions.enumerated() {
                    let difference = Double(abs(byteValue(output[channel * plane + position], channel: channel)
                        - entry.samples[channel][sample])) / 255
                    totalDifference += difference
                    maxDifference = max(maxDifference, difference)
                }
            }
            let meanDifference = totalDifference / Double(3 * golden.positions.count)
            worstMean = max(worstMean, meanDifference)
            worstMax = max(worstMax, maxDifference)
            #expect(sums == entry.channelSums, "\(entry.width)x\(entry.height)")
            #expect(squares == entry.channelSquareSums, "\(entry.width)x\(entry.height)")
            #expect(meanDifference <= 0.01)
        }
        print("Pillow reference: worst mean |diff| \(worstMean), worst max |diff| \(worstMax) on the [0, 1] scale")
        #expect(worstMax == 0)
    }

    @Test func resizedSizeAndCropFollowTorchvision() {
        #expect(ClipPreprocessor.resizedSize(width: 853, height: 480) == (width: 398, height: 224))
        #expect(ClipPreprocessor.resizedSize(width: 480, height: 853) == (width: 224, height: 398))
        #expect(ClipPreprocessor.resizedSize(width: 224, height: 224) == (width: 224, height: 224))
        #expect(ClipPreprocessor.cropOffset(resized: 398) == 87)
        #expect(ClipPreprocessor.cropOffset(resized: 225) == 0)  // round(0.5) = 0
        #expect(ClipPreprocessor.cropOffset(resized: 227) == 2)  // round(1.5) = 2
    }
}
