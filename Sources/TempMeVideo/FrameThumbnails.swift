// The sampled frames as the encoder saw them (224 x 224 center crops, CLIP-normalized) back to small RGB images.

/// Turns a decoded video's frames into small RGB images for thumbnails.
public enum FrameThumbnails {
    /// Thumbnail side in pixels.
    public static let side = 160

    /// Frame `index` of `video` undone from CLIP's normalization and resized (bilinear) to `side` x `side` RGB24.
    public static func rgb(of video: DecodedVideo, frame index: Int, side: Int = side) -> [UInt8] {
        let source = DecodedVideo.frameSide
        let plane = source * source
        let base = index * DecodedVideo.floatsPerFrame
        var output = [UInt8](repeating: 0, count: side * side * 3)
        let scale = Float(source) / Float(side)
        for y in 0..<side {
            let sy = max(0, min(Float(source - 1), (Float(y) + 0.5) * scale - 0.5))
            let y0 = Int(sy), y1 = min(source - 1, Int(sy) + 1), fy = sy - Float(Int(sy))
            for x in 0..<side {
                let sx = max(0, min(Float(source - 1), (Float(x) + 0.5) * scale - 0.5))
                let x0 = Int(sx), x1 = min(source - 1, Int(sx) + 1), fx = sx - Float(Int(sx))
                for channel in 0..<3 {
                    let offset = base + channel * plane
                    func at(_ row: Int, _ column: Int) -> Float { video.frames[offset + row * source + column] }
                    let top = at(y0, x0) * (1 - fx) + at(y0, x1) * fx
                    let bottom = at(y1, x0) * (1 - fx) + at(y1, x1) * fx
                    let normalized = top * (1 - fy) + bottom * fy
                    let value = (normalized * ClipPreprocessor.std[channel] + ClipPreprocessor.mean[channel]) * 255
                    output[(y * side + x) * 3 + channel] = UInt8(max(0, min(255, value.rounded())))
                }
            }
        }
        return output
    }
}
