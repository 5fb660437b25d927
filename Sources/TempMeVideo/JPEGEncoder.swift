// RGB images to baseline JPEG with FFmpeg's MJPEG encoder (thumbnails of the frames the encoder saw).
import CFFmpeg
import Foundation

/// A JPEG the encoder could not make.
public struct JPEGEncodingError: Error, CustomStringConvertible {
    /// What failed.
    public let description: String
}

/// Encodes packed RGB24 images as JPEG (full-range YUV 4:2:0, as JPEG files are).
public enum JPEGEncoder {
    /// The JPEG of `rgb` (`width` x `height` x 3 bytes, rows top to bottom); `quality` is FFmpeg's qscale, 2 (best) to 31.
    public static func encode(rgb: [UInt8], width: Int, height: Int, quality: Int32 = 5) throws(JPEGEncodingError) -> Data {
        guard width > 0, height > 0, width % 2 == 0, height % 2 == 0, rgb.count == width * height * 3 else {
            throw JPEGEncodingError(description: "a \(width) x \(height) image needs even sides and \(width * height * 3) RGB bytes")
        }
        guard let codec = avcodec_find_encoder(AV_CODEC_ID_MJPEG) else {
            throw JPEGEncodingError(description: "this FFmpeg has no MJPEG encoder")
        }
        var context = avcodec_alloc_context3(codec)
        var frame = av_frame_alloc()
        var packet = av_packet_alloc()
        defer {
            avcodec_free_context(&context)
            av_frame_free(&frame)
            av_packet_free(&packet)
        }
        guard let context, let frame, let packet else { throw JPEGEncodingError(description: "out of memory") }
        context.pointee.width = Int32(width)
        context.pointee.height = Int32(height)
        context.pointee.pix_fmt = AV_PIX_FMT_YUVJ420P
        context.pointee.time_base = AVRational(num: 1, den: 25)
        context.pointee.flags |= AV_CODEC_FLAG_QSCALE
        context.pointee.global_quality = quality * FF_QP2LAMBDA
        guard avcodec_open2(context, codec, nil) >= 0 else { throw JPEGEncodingError(description: "cannot open the MJPEG encoder") }
        frame.pointee.format = AV_PIX_FMT_YUVJ420P.rawValue
        frame.pointee.width = Int32(width)
        frame.pointee.height = Int32(height)
        frame.pointee.quality = context.pointee.global_quality
        guard av_frame_get_buffer(frame, 0) >= 0, let luma = frame.pointee.data.0, let blue = frame.pointee.data.1,
            let red = frame.pointee.data.2
        else { throw JPEGEncodingError(description: "cannot allocate a frame") }
        let strides = (Int(frame.pointee.linesize.0), Int(frame.pointee.linesize.1), Int(frame.pointee.linesize.2))
        fillYCbCr(rgb, width: width, height: height, luma: luma, blue: blue, red: red, strides: strides)
        guard avcodec_send_frame(context, frame) >= 0, avcodec_receive_packet(context, packet) >= 0, let bytes = packet.pointee.data
        else { throw JPEGEncodingError(description: "the MJPEG encoder failed") }
        return Data(bytes: bytes, count: Int(packet.pointee.size))
    }

    /// BT.601 full-range Y, Cb, Cr (JFIF); chroma averaged over each 2 x 2 block.
    private static func fillYCbCr(
        _ rgb: [UInt8], width: Int, height: Int, luma: UnsafeMutablePointer<UInt8>, blue: UnsafeMutablePointer<UInt8>,
        red: UnsafeMutablePointer<UInt8>, strides: (Int, Int, Int)
    ) {
        func clamp(_ value: Float) -> UInt8 { UInt8(max(0, min(255, value.rounded()))) }
        for y in 0..<height {
            for x in 0..<width {
                let i = (y * width + x) * 3
                let (r, g, b) = (Float(rgb[i]), Float(rgb[i + 1]), Float(rgb[i + 2]))
                luma[y * strides.0 + x] = clamp(0.299 * r + 0.587 * g + 0.114 * b)
            }
        }
        for y in stride(from: 0, to: height, by: 2) {
            for x in stride(from: 0, to: width, by: 2) {
                var (r, g, b): (Float, Float, Float) = (0, 0, 0)
                for (dy, dx) in [(0, 0), (0, 1), (1, 0), (1, 1)] {
                    let i = ((y + dy) * width + x + dx) * 3
                    r += Float(rgb[i]) / 4
                    g += Float(rgb[i + 1]) / 4
                    b += Float(rgb[i + 2]) / 4
                }
                blue[y / 2 * strides.1 + x / 2] = clamp(128 - 0.168736 * r - 0.331264 * g + 0.5 * b)
                red[y / 2 * strides.2 + x / 2] = clamp(128 + 0.5 * r - 0.418688 * g - 0.081312 * b)
            }
        }
    }
}
