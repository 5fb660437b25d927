/// A packed 8-bit RGB picture (rows of width x 3 bytes), the form the authors' pipeline resizes.
struct RGBImage: Sendable {
    var width = 0
    var height = 0
    var pixels: [UInt8] = []

    /// Bytes per row.
    var stride: Int { width * 3 }

    /// Resizes the buffer for a new size, reusing its storage; keeps slack after the last row
    /// because swscale's vector code may write a few bytes past it.
    mutating func reshape(width: Int, height: Int) {
        self.width = width
        self.height = height
        let count = width * height * 3 + 256
        if pixels.count < count { pixels = [UInt8](repeating: 0, count: count) }
    }

    /// This picture turned counter-clockwise by `quarterTurns` x 90 degrees, written into `output`.
    func rotated(counterClockwiseQuarterTurns quarterTurns: Int, into output: inout RGBImage) {
        let turns = quarterTurns & 3
        let (outWidth, outHeight) = turns % 2 == 0 ? (width, height) : (height, width)
        output.reshape(width: outWidth, height: outHeight)
        let source = pixels, w = width, h = height
        output.pixels.withUnsafeMutableBufferPointer { target in
            for y in 0..<h {
                for x in 0..<w {
                    let (outX, outY): (Int, Int)
                    switch turns {
                    case 1: (outX, outY) = (y, w - 1 - x)
                    case 2: (outX, outY) = (w - 1 - x, h - 1 - y)
                    case 3: (outX, outY) = (h - 1 - y, x)
                    default: (outX, outY) = (x, y)
                    }
                    let from = (y * w + x) * 3, to = (outY * outWidth + outX) * 3
                    target[to] = source[from]
                    target[to + 1] = source[from + 1]
                    target[to + 2] = source[from + 2]
                }
            }
        }
    }
}
