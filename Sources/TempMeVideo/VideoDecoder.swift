import Foundation

/// Turns a video (file, bytes or upload stream) into the F normalized frames the TempMe encoder takes.
///
/// Frame numbers and the frame count are defined by the stream's packets in presentation (pts)
/// order: the count is how many video packets the container really holds (header counts such as
/// `nb_frames` are not trusted, so truncated and variable-frame-rate files count what is there),
/// and frame n is the n-th of them by timestamp. fps is the stream's average frame rate
/// (`avg_frame_rate`, which FFmpeg derives from count and duration), else count / duration.
/// Files, buffers and uploads are all read through the same custom I/O, probed by content only,
/// with a fixed list of demuxers and no protocols (a playlist cannot make FFmpeg open anything).
public enum VideoDecoder {
    /// Decodes the video file at `path`.
    public static func decode(path: String, options: VideoDecodeOptions = .init()) throws(VideoError) -> DecodedVideo {
        try options.validate()
        let size = try checkedFileSize(path: path, options: options)
        return try decode(FileByteSource(path: path, size: size), options: options)
    }

    /// The size of the regular, non-empty file at `path`, refused when larger than the options allow.
    static func checkedFileSize(path: String, options: VideoDecodeOptions) throws(VideoError) -> Int {
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: URL(fileURLWithPath: path).resolvingSymlinksInPath().path)
        } catch {
            throw .cannotOpenFile(path: path, reason: "no such file or it cannot be read")
        }
        guard (attributes[.type] as? FileAttributeType) == .typeRegular else {
            throw .cannotOpenFile(path: path, reason: "not a regular file")
        }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        guard size > 0 else { throw .emptyInput }
        guard size <= options.maxInputBytes else { throw .inputTooLarge(bytes: size, limit: options.maxInputBytes) }
        return size
    }

    /// Decodes a complete video held in memory.
    public static func decode(data: [UInt8], options: VideoDecodeOptions = .init()) throws(VideoError) -> DecodedVideo {
        try options.validate()
        guard !data.isEmpty else { throw .emptyInput }
        guard data.count <= options.maxInputBytes else { throw .inputTooLarge(bytes: data.count, limit: options.maxInputBytes) }
        return try decode(MemoryByteSource(data), options: options)
    }

    /// Decodes a complete video held in memory.
    public static func decode(data: Data, options: VideoDecodeOptions = .init()) throws(VideoError) -> DecodedVideo {
        try decode(data: [UInt8](data), options: options)
    }

    /// Decodes a video while it is still arriving; blocks until enough bytes are in (or the deadline).
    public static func decode(stream: VideoByteStream, options: VideoDecodeOptions = .init()) throws(VideoError) -> DecodedVideo {
        try options.validate()
        let deadline = Deadline(seconds: options.timeLimitSeconds)
        try awaitFirstByte(of: stream, deadline: deadline)
        return try decode(stream, options: options, deadline: deadline)
    }

    /// Waits until `stream` holds its first byte; an upload that ends empty or fails throws.
    static func awaitFirstByte(of stream: VideoByteStream, deadline: Deadline) throws(VideoError) {
        var probe = [UInt8](repeating: 0, count: 1)
        switch probe.withUnsafeMutableBytes({ stream.read(at: 0, into: $0, deadline: deadline) }) {
        case .bytes: return
        case .endOfStream: throw .emptyInput
        case .failed(let error): throw error
        }
    }

    /// The whole pipeline: scan packets, sample frame numbers, decode them, preprocess.
    static func decode(_ input: any ByteSource, options: VideoDecodeOptions, deadline: Deadline? = nil) throws(VideoError) -> DecodedVideo {
        try decodeWithStatistics(input, options: options, deadline: deadline).video
    }

    /// `decode` plus the counters tests use to check that long videos are sought, not decoded whole.
    static func decodeWithStatistics(_ input: any ByteSource, options: VideoDecodeOptions,
                                     deadline: Deadline? = nil) throws(VideoError) -> (video: DecodedVideo, statistics: DecodeStatistics) {
        let deadline = deadline ?? Deadline(seconds: options.timeLimitSeconds)
        let scan = try scanned(input, options: options, deadline: deadline)
        let frameNumbers = options.sampling.frameNumbers(
            FrameSampler.frameNumbers(frameCount: scan.index.frameCount, fps: scan.fps, frames: options.frames),
            keyframes: scan.index.keyframeFrameNumbers, frameCount: scan.index.frameCount)

        var frames = [Float](repeating: 0, count: options.frames * DecodedVideo.floatsPerFrame)
        var reader = scan.reader(input, options: options, deadline: deadline)
        try reader.read(frameNumbers: frameNumbers, from: scan.media, decoder: scan.decoder, into: &frames)
        return (scan.video(frames: frames, sampledFrameNumbers: frameNumbers, reader: reader), reader.statistics)
    }

    /// An opened input whose packets are indexed, with its decoder: everything known before any frame is decoded.
    struct ScannedInput {
        let media: MediaInput
        let decoder: FrameDecoder
        let index: PacketIndex
        let durationSeconds: Double
        let fps: Double

        /// A reader of this input's frames.
        func reader(_ input: any ByteSource, options: VideoDecodeOptions, deadline: Deadline) -> SampledFrameReader {
            SampledFrameReader(input: input, index: index, options: options, deadline: deadline,
                               rotationDegrees: media.info.rotationDegrees)
        }

        /// The decoded video made of `frames` (sampled at `sampledFrameNumbers`) that `reader` read.
        func video(frames: [Float], sampledFrameNumbers: [Int], reader: SampledFrameReader) -> DecodedVideo {
            DecodedVideo(
                frames: frames, frameCount: index.frameCount, sampledFrameNumbers: sampledFrameNumbers, fps: fps,
                durationSeconds: durationSeconds, width: reader.displayedSize.width, height: reader.displayedSize.height,
                codec: media.info.codecName)
        }
    }

    /// Opens `input`, checks its limits and indexes its packets (the one pass over the file before decoding).
    static func scanned(_ input: any ByteSource, options: VideoDecodeOptions, deadline: Deadline) throws(VideoError) -> ScannedInput {
        let media = try MediaInput(input, options: options, deadline: deadline)
        let info = media.info
        if info.headerDurationSeconds > options.maxDurationSeconds {
            throw .tooLong(seconds: info.headerDurationSeconds, limit: options.maxDurationSeconds)
        }
        let decoder = try FrameDecoder(for: media, options: options)
        let index = try scanPackets(of: media, options: options, deadline: deadline)
        guard index.frameCount > 0 else { throw .noFrames }
        let scannedSeconds = Double(index.durationTicks) * info.timeBase
        let durationSeconds = scannedSeconds > 0 ? scannedSeconds : info.headerDurationSeconds
        if durationSeconds > options.maxDurationSeconds {
            throw .tooLong(seconds: durationSeconds, limit: options.maxDurationSeconds)
        }
        let fps = averageFrameRate(info: info, frameCount: index.frameCount, durationSeconds: durationSeconds)
        return ScannedInput(media: media, decoder: decoder, index: index, durationSeconds: durationSeconds, fps: fps)
    }

    /// Most packets a scan keeps (about 9 hours at 60 fps), bounding memory on absurd streams.
    static let maxPackets = 2_000_000

    private static func scanPackets(of input: MediaInput, options: VideoDecodeOptions,
                                    deadline: Deadline) throws(VideoError) -> PacketIndex {
        var packets = [PacketRecord]()
        if input.info.headerFrameCount > 0 { packets.reserveCapacity(min(input.info.headerFrameCount + 64, maxPackets)) }
        while let packet = try input.readVideoPacket() {
            packets.append(packet)
            if packets.count & 255 == 0 { try deadline.check() }
            if packets.count > maxPackets {
                throw .tooLong(seconds: Double(packets.count) / max(1, input.info.averageFrameRate),
                               limit: options.maxDurationSeconds)
            }
        }
        return PacketIndex(packets: packets)
    }

    /// The stream's average frame rate; failing that FFmpeg's guess, or frames per second of duration.
    static func averageFrameRate(info: StreamInfo, frameCount: Int, durationSeconds: Double) -> Double {
        if info.averageFrameRate > 0, info.averageFrameRate.isFinite { return info.averageFrameRate }
        if frameCount > 1, durationSeconds > 0 { return Double(frameCount) / durationSeconds }
        if info.guessedFrameRate > 0, info.guessedFrameRate.isFinite { return info.guessedFrameRate }
        return 0
    }
}
