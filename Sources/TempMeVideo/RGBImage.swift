/// A packed 8-bit RGB picture, the form the authors' pipeline resizes. Rows start every `stride`
/// bytes (width x 3 rounded up to 64) so swscale's vector code writes aligned rows.
struct RGBImage: Sendable {
    private(set) var width = 0
    private(set) var height = 0
    private(set) var stride = 0
    var pixels: [UInt8] = []

    /// An empty picture, to be shaped by `reshape`.
    init() {}

    /// A picture copied from tightly packed rows (width x 3 bytes each).
    init(width: Int, height: Int, packed: some Collection<UInt8>) {
        reshape(width: width, height: height)
        var row = 0, column = 0
        for byte in packed.prefix(width * height * 3) {
            pixels[row * stride + column] = byte
            column += 1
            if column == width * 3 { column = 0; row += 1 }
        }
    }

    /// Resizes the buffer for a new size, reusing its storage; keeps slack after the last row
    /// because swscale's vector code may write a few bytes past it.
    mutating func reshape(width: Int, height: Int) {
        self.width = width
        self.height = height
        stride = (width * 3 + 63) & ~63
        let count = stride * height + 256
        if pixels.count < count { pixels = [UInt8](repeating: 0, count: count) }
    }

    /// Byte offset of pixel (x, y).
    @inline(__always)
    func offset(x: Int, y: Int) -> Int { y * stride + x * 3 }

    /// This picture turned counter-clockwise by `quarterTurns` x 90 degrees, written into `output`.
    func rotated(counterClockwiseQuarterTurns quarterTurns: Int, into output: inout RGBImage) {
        let turns = quarterTurns & 3
        let (outWidth, outHeight) = turns % 2 == 0 ? (width, height) : (height, width)
        output.reshape(width: outWidth, height: outHeight)
        let w = width, h = height, sourceStride = stride, targetStride = output.stride
        pixels.withUnsafeBufferPointer { source in
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
                        let from = y * sourceStride + x * 3, to = outY * targetStride + outX * 3
                        target[to] = source[from]
                        target[to + 1] = source[from + 1]
                        target[to + 2] = source[from + 2]
                    }
                }
            }
        }
    }
}
