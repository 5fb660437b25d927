import CFFmpeg
import Foundation

/// One demuxed video packet's timing, as the container reports it.
struct PacketRecord: Sendable, Equatable {
    /// Presentation timestamp in stream ticks (`PacketRecord.noTimestamp` when unknown).
    var pts: Int64
    /// Decode timestamp in stream ticks (`PacketRecord.noTimestamp` when unknown).
    var dts: Int64
    /// Byte offset in the file (-1 when unknown).
    var position: Int64
    /// Duration in stream ticks (0 when unknown).
    var duration: Int64
    /// Whether decoding can start here.
    var isKeyframe: Bool
    /// Whether the container hides this packet's frame (pre-roll before an edit list's start):
    /// it is decoded for its references but is not a frame of the video.
    var isDiscarded = false

    /// FFmpeg's AV_NOPTS_VALUE.
    static let noTimestamp = Int64.min
}

/// What the container says about the chosen video stream.
struct StreamInfo: Sendable {
    var codecName: String
    var width: Int
    var height: Int
    /// Seconds per tick of the stream's timestamps.
    var timeBase: Double
    /// Average frame rate, 0 when the container does not know it.
    var averageFrameRate: Double
    /// Real base frame rate FFmpeg guessed, 0 when unknown.
    var guessedFrameRate: Double
    /// Length in seconds from the headers, 0 when unknown.
    var headerDurationSeconds: Double
    /// Frame count from the headers, 0 when unknown.
    var headerFrameCount: Int
    /// Counter-clockwise display rotation in degrees (a multiple of 90 after rounding).
    var rotationDegrees: Int
}

/// Bridges FFmpeg's C callbacks (custom reads, seeks, interrupts) to a byte source and a deadline.
private final class IOBridge {
    let source: (any ByteSource)?
    let deadline: Deadline
    var position = 0
    var failure: VideoError?

    init(source: (any ByteSource)?, deadline: Deadline) {
        self.source = source
        self.deadline = deadline
    }
}

private let ioBufferSize: Int32 = 1 << 16

private let readCallback: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutablePointer<UInt8>?, Int32) -> Int32 = {
    opaque, buffer, size in
    guard let opaque, let buffer, size > 0 else { return tempme_averror_eof() }
    let bridge = Unmanaged<IOBridge>.fromOpaque(opaque).takeUnretainedValue()
    guard let source = bridge.source else { return tempme_averror_eof() }
    if bridge.deadline.isPast {
        bridge.failure = .timeLimitExceeded(seconds: bridge.deadline.limitSeconds)
        return tempme_averror_exit()
    }
    let target = UnsafeMutableRawBufferPointer(start: buffer, count: Int(size))
    switch source.read(at: bridge.position, into: target, deadline: bridge.deadline) {
    case .bytes(let count):
        bridge.position += count
        return Int32(count)
    case .endOfStream:
        return tempme_averror_eof()
    case .failed(let error):
        bridge.failure = error
        return tempme_averror_exit()
    }
}

private let seekCallback: @convention(c) (UnsafeMutableRawPointer?, Int64, Int32) -> Int64 = { opaque, offset, whence in
    guard let opaque else { return -1 }
    let bridge = Unmanaged<IOBridge>.fromOpaque(opaque).takeUnretainedValue()
    let size = bridge.source?.knownSize
    let mode = whence & ~Int32(AVSEEK_FORCE)
    if mode == AVSEEK_SIZE { return size.map(Int64.init) ?? -1 }
    let base: Int
    switch mode {
    case SEEK_SET: base = 0
    case SEEK_CUR: base = bridge.position
    case SEEK_END:
        guard let size else { return -1 }
        base = size
    default: return -1
    }
    let target = Int64(base) + offset
    guard target >= 0, target <= Int64(Int.max / 2) else { return -1 }
    bridge.position = Int(target)
    return target
}

private let interruptCallback: @convention(c) (UnsafeMutableRawPointer?) -> Int32 = { opaque in
    guard let opaque else { return 0 }
    return Unmanaged<IOBridge>.fromOpaque(opaque).takeUnretainedValue().deadline.isPast ? 1 : 0
}

/// Demuxers a user upload may need; playlists and image sequences (which open other files) are left
/// out. Common audio formats are in so that an audio-only upload hears "no video stream".
private let allowedFormats = "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,avi,gif,apng,flv,mpeg,mpegts,mpegvideo,asf,ogg,nut,"
    + "ivf,yuv4mpegpipe,h264,hevc,m4v,mjpeg,png_pipe,jpeg_pipe,webp_pipe,bmp_pipe,obu,av1,wav,mp3,flac,aac"

/// An opened container and its chosen video stream; owns the AVFormatContext and custom I/O.
final class MediaInput {
    private var format: UnsafeMutablePointer<AVFormatContext>?
    private var io: UnsafeMutablePointer<AVIOContext>?
    private let bridge: IOBridge
    private let retainedBridge: Unmanaged<IOBridge>
    private(set) var packet: UnsafeMutablePointer<AVPacket>?
    private var closed = false
    private(set) var streamIndex: Int32 = -1
    private(set) var info = StreamInfo(codecName: "", width: 0, height: 0, timeBase: 0, averageFrameRate: 0,
                                       guessedFrameRate: 0, headerDurationSeconds: 0, headerFrameCount: 0, rotationDegrees: 0)

    /// Opens the input, probes it and picks its main video stream.
    init(_ source: any ByteSource, options: VideoDecodeOptions, deadline: Deadline) throws(VideoError) {
        MediaInput.silenceLogging
        bridge = IOBridge(source: source, deadline: deadline)
        retainedBridge = Unmanaged.passRetained(bridge)
        do throws(VideoError) {
            try open()
            (streamIndex, info) = try selectVideoStream(options: options)
        } catch {
            close()
            throw error
        }
    }

    deinit { close() }

    private static let silenceLogging: Void = { av_log_set_level(AV_LOG_QUIET) }()

    private func open() throws(VideoError) {
        guard let context = avformat_alloc_context() else { throw .corruptStream(reason: "out of memory") }
        format = context
        context.pointee.interrupt_callback = AVIOInterruptCB(callback: interruptCallback, opaque: retainedBridge.toOpaque())
        var dictionary: OpaquePointer?
        av_dict_set(&dictionary, "format_whitelist", allowedFormats, 0)
        av_dict_set(&dictionary, "protocol_whitelist", "none", 0)  // custom I/O only: never open other URLs
        guard let buffer = av_malloc(Int(ioBufferSize)),
              let avio = avio_alloc_context(buffer.assumingMemoryBound(to: UInt8.self), ioBufferSize, 0,
                                            retainedBridge.toOpaque(), readCallback, nil, seekCallback)
        else { throw .corruptStream(reason: "out of memory") }
        io = avio
        context.pointee.pb = avio
        context.pointee.flags |= AVFMT_FLAG_CUSTOM_IO
        var opened: UnsafeMutablePointer<AVFormatContext>? = context
        let status = avformat_open_input(&opened, "", nil, &dictionary)
        av_dict_free(&dictionary)
        if status < 0 {
            format = nil  // avformat_open_input frees the context on failure
            throw openError(status)
        }
        format = opened
        let infoStatus = avformat_find_stream_info(opened, nil)
        // A failed probe of stream details is fatal only without streams: an empty or oversized
        // stream still gets its precise error ("no frames", "too large") further on.
        if infoStatus < 0, bridge.failure != nil || bridge.deadline.isPast || opened?.pointee.nb_streams == 0 {
            throw openError(infoStatus)
        }
    }

    private func openError(_ status: Int32) -> VideoError {
        if let failure = bridge.failure { return failure }
        if bridge.deadline.isPast { return .timeLimitExceeded(seconds: bridge.deadline.limitSeconds) }
        if status == tempme_averror_eof() { return .noFrames }  // the container ends before any video data
        return .unrecognizedFormat(reason: MediaInput.message(for: status))
    }

    private func selectVideoStream(options: VideoDecodeOptions) throws(VideoError) -> (Int32, StreamInfo) {
        guard let context = format else { throw .noVideoStream }
        let best = av_find_best_stream(context, AVMEDIA_TYPE_VIDEO, -1, -1, nil, 0)
        var chosen: Int32 = -1
        let streamCount = Int32(context.pointee.nb_streams)
        var candidates = best >= 0 ? [best] : []
        candidates += (0..<streamCount).filter { $0 != best }
        for index in candidates {
            guard let stream = context.pointee.streams[Int(index)], let parameters = stream.pointee.codecpar else { continue }
            let attachedPicture = stream.pointee.disposition & AV_DISPOSITION_ATTACHED_PIC != 0
            if parameters.pointee.codec_type == AVMEDIA_TYPE_VIDEO && !attachedPicture {
                chosen = index
                break
            }
        }
        guard chosen >= 0, let stream = context.pointee.streams[Int(chosen)], let parameters = stream.pointee.codecpar else {
            throw .noVideoStream
        }
        for index in 0..<Int(streamCount) where Int32(index) != chosen {
            context.pointee.streams[index]?.pointee.discard = AVDISCARD_ALL
        }
        let width = Int(parameters.pointee.width), height = Int(parameters.pointee.height)
        if width > 0, height > 0, width.multipliedReportingOverflow(by: height).partialValue > options.maxPixelsPerFrame
            || width > 65536 || height > 65536 {
            throw .frameTooLarge(width: width, height: height, maxPixels: options.maxPixelsPerFrame)
        }
        let timeBase = MediaInput.seconds(stream.pointee.time_base)
        var headerDuration = 0.0
        if stream.pointee.duration > 0, stream.pointee.duration != PacketRecord.noTimestamp, timeBase > 0 {
            headerDuration = Double(stream.pointee.duration) * timeBase
        } else if context.pointee.duration > 0, context.pointee.duration != PacketRecord.noTimestamp {
            headerDuration = Double(context.pointee.duration) / Double(AV_TIME_BASE)
        }
        let rotation = tempme_stream_rotation(stream)
        let quarterTurns = Int((rotation / 90).rounded()) & 3
        let info = StreamInfo(
            codecName: String(cString: avcodec_get_name(parameters.pointee.codec_id)),
            width: width, height: height, timeBase: timeBase,
            averageFrameRate: MediaInput.seconds(stream.pointee.avg_frame_rate),
            guessedFrameRate: MediaInput.seconds(av_guess_frame_rate(context, stream, nil)),
            headerDurationSeconds: headerDuration,
            headerFrameCount: max(0, Int(stream.pointee.nb_frames)),
            rotationDegrees: quarterTurns * 90)
        return (chosen, info)
    }

    /// The chosen stream's codec parameters, for opening a decoder.
    var codecParameters: UnsafePointer<AVCodecParameters>? {
        guard let stream = format?.pointee.streams[Int(streamIndex)] else { return nil }
        return UnsafePointer(stream.pointee.codecpar)
    }

    /// The chosen stream's time base, for the decoder's packet timestamps.
    var timeBase: AVRational {
        format?.pointee.streams[Int(streamIndex)]?.pointee.time_base ?? AVRational(num: 1, den: 1)
    }

    /// Reads the next packet of the video stream into `packet`; nil at the end of the stream.
    func readVideoPacket() throws(VideoError) -> PacketRecord? {
        guard let context = format else { return nil }
        if packet == nil { packet = av_packet_alloc() }
        guard let packet else { throw .corruptStream(reason: "out of memory") }
        while true {
            av_packet_unref(packet)
            let status = av_read_frame(context, packet)
            if status < 0 {
                if let failure = bridge.failure { throw failure }
                if bridge.deadline.isPast { throw .timeLimitExceeded(seconds: bridge.deadline.limitSeconds) }
                return nil  // end of file, or damage FFmpeg cannot read past: both end the stream here
            }
            let flags = packet.pointee.flags
            guard packet.pointee.stream_index == streamIndex, packet.pointee.size > 0 else { continue }
            return PacketRecord(pts: packet.pointee.pts, dts: packet.pointee.dts, position: packet.pointee.pos,
                                duration: max(0, packet.pointee.duration), isKeyframe: flags & AV_PKT_FLAG_KEY != 0,
                                isDiscarded: flags & AV_PKT_FLAG_DISCARD != 0)
        }
    }

    /// Seeks the video stream to the keyframe at or before `timestamp` (stream ticks); false if the container cannot.
    func seek(toTimestamp timestamp: Int64) -> Bool {
        guard let context = format else { return false }
        return av_seek_frame(context, streamIndex, timestamp, AVSEEK_FLAG_BACKWARD) >= 0
    }

    private func close() {
        guard !closed else { return }
        closed = true
        if packet != nil { av_packet_free(&packet) }
        if format != nil { avformat_close_input(&format) }
        if let avio = io {
            var buffer: UnsafeMutableRawPointer? = UnsafeMutableRawPointer(avio.pointee.buffer)
            av_freep(&buffer)
            io = nil
            var freed: UnsafeMutablePointer<AVIOContext>? = avio
            avio_context_free(&freed)
        }
        retainedBridge.release()
    }

    /// An FFmpeg error code as text.
    static func message(for status: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        av_strerror(status, &buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func seconds(_ rational: AVRational) -> Double {
        rational.den != 0 && rational.num > 0 ? Double(rational.num) / Double(rational.den) : 0
    }
}
