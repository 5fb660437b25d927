import CFFmpeg

/// What asking the decoder for a frame produced.
enum DecoderOutput: Sendable, Equatable {
    /// A frame with this presentation timestamp (stream ticks; `PacketRecord.noTimestamp` if unknown).
    case frame(pts: Int64)
    /// The decoder wants more packets first.
    case needsInput
    /// The decoder is fully drained.
    case drained
    /// The decoder reported damage in the stream.
    case damaged
}

/// A libavcodec decoder for one video stream plus the RGB conversion of what it outputs.
final class FrameDecoder {
    private var context: UnsafeMutablePointer<AVCodecContext>?
    private var current: UnsafeMutablePointer<AVFrame>?
    private var previous: UnsafeMutablePointer<AVFrame>?
    private var scaler: OpaquePointer?
    private let maxPixels: Int
    /// Whether `previous` holds a decoded frame.
    private(set) var hasFrame = false

    /// Opens a decoder for the input's video stream with a few threads.
    init(for input: MediaInput, options: VideoDecodeOptions) throws(VideoError) {
        maxPixels = options.maxPixelsPerFrame
        guard let parameters = input.codecParameters else { throw .noVideoStream }
        guard let codec = avcodec_find_decoder(parameters.pointee.codec_id) else {
            throw .unsupportedCodec(name: input.info.codecName)
        }
        guard let context = avcodec_alloc_context3(codec) else { throw .corruptStream(reason: "out of memory") }
        self.context = context
        current = av_frame_alloc()
        previous = av_frame_alloc()
        guard avcodec_parameters_to_context(context, parameters) >= 0, current != nil, previous != nil else {
            throw .corruptStream(reason: "the codec parameters are invalid")
        }
        context.pointee.pkt_timebase = input.timeBase
        context.pointee.thread_count = Int32(options.decoderThreads)
        context.pointee.thread_type = FF_THREAD_FRAME | FF_THREAD_SLICE
        context.pointee.max_pixels = Int64(options.maxPixelsPerFrame)
        let status = avcodec_open2(context, codec, nil)
        guard status >= 0 else {
            throw .unsupportedCodec(name: "\(input.info.codecName) (\(MediaInput.message(for: status)))")
        }
    }

    deinit {
        if context != nil { avcodec_free_context(&context) }
        if current != nil { av_frame_free(&current) }
        if previous != nil { av_frame_free(&previous) }
        if let scaler { sws_freeContext(scaler) }
    }

    /// Sends the input's current packet; non-reference frames are skipped when `skipIfNonReference`.
    /// Returns false when the decoder rejected the packet as damaged.
    func send(packetOf input: MediaInput, skipIfNonReference: Bool) -> Bool {
        guard let context else { return false }
        context.pointee.skip_frame = skipIfNonReference ? AVDISCARD_NONREF : AVDISCARD_DEFAULT
        return avcodec_send_packet(context, input.packet) >= 0
    }

    /// Tells the decoder no more packets follow, so it releases the frames it still holds.
    func sendEndOfStream() {
        guard let context else { return }
        context.pointee.skip_frame = AVDISCARD_DEFAULT
        _ = avcodec_send_packet(context, nil)
    }

    /// Drops everything in flight (after a seek); the last frame received stays available.
    func flush() {
        guard let context else { return }
        avcodec_flush_buffers(context)
    }

    /// Takes the next decoded frame, if one is ready; it becomes the `latest` frame.
    func receive() -> DecoderOutput {
        guard let context, let current, let previous else { return .drained }
        let status = avcodec_receive_frame(context, current)
        if status == tempme_averror_eagain() { return .needsInput }
        if status == tempme_averror_eof() { return .drained }
        if status < 0 { return .damaged }
        av_frame_unref(previous)
        av_frame_move_ref(previous, current)
        hasFrame = true
        let pts = previous.pointee.pts != PacketRecord.noTimestamp ? previous.pointee.pts : previous.pointee.best_effort_timestamp
        return .frame(pts: pts)
    }

    /// Converts the latest frame to packed 8-bit RGB (honouring its YUV matrix and range).
    func convertLatest(into image: inout RGBImage) throws(VideoError) {
        guard hasFrame, let frame = previous else { throw .noFrames }
        let width = Int(frame.pointee.width), height = Int(frame.pointee.height)
        guard width > 0, height > 0 else { throw .corruptStream(reason: "the decoder produced an empty frame") }
        guard width * height <= maxPixels else { throw .frameTooLarge(width: width, height: height, maxPixels: maxPixels) }
        let format = AVPixelFormat(rawValue: frame.pointee.format)
        scaler = sws_getCachedContext(scaler, Int32(width), Int32(height), format, Int32(width), Int32(height),
                                      AV_PIX_FMT_RGB24, SWS_BICUBIC, nil, nil, nil)
        guard let scaler else { throw .corruptStream(reason: "frames use an unsupported pixel format") }
        tempme_sws_set_source_colorspace(scaler, frame)
        image.reshape(width: width, height: height)
        let stride = Int32(image.stride)
        let rows = image.pixels.withUnsafeMutableBufferPointer { target in
            tempme_sws_scale_frame(scaler, frame, target.baseAddress, stride)
        }
        guard rows == Int32(height) else { throw .corruptStream(reason: "a frame could not be converted to RGB") }
    }
}
