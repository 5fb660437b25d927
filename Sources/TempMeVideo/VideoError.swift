/// Why a video could not be turned into frames; every case reads as advice to the uploader.
public enum VideoError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The input had no bytes at all.
    case emptyInput
    /// The input is larger than the configured byte limit.
    case inputTooLarge(bytes: Int, limit: Int)
    /// The file could not be opened (missing, unreadable, or not a file).
    case cannotOpenFile(path: String, reason: String)
    /// The bytes are not a container FFmpeg recognises.
    case unrecognizedFormat(reason: String)
    /// The container holds no video stream (for example an audio-only file).
    case noVideoStream
    /// The video stream uses a codec this build cannot decode.
    case unsupportedCodec(name: String)
    /// The video stream holds no decodable frames.
    case noFrames
    /// A frame is larger than the pixel budget.
    case frameTooLarge(width: Int, height: Int, maxPixels: Int)
    /// The video runs longer than the configured duration limit.
    case tooLong(seconds: Double, limit: Double)
    /// Decoding took longer than the configured time limit.
    case timeLimitExceeded(seconds: Double)
    /// The upload stream was aborted before all bytes arrived.
    case streamFailed(reason: String)
    /// The stream is damaged beyond what the decoder can recover from.
    case corruptStream(reason: String)
    /// The options themselves are out of range.
    case invalidOptions(reason: String)

    /// A message a user can act on.
    public var description: String {
        switch self {
        case .emptyInput:
            return "the video is empty: no bytes were received"
        case .inputTooLarge(let bytes, let limit):
            return "the video is too large (\(bytes) bytes; the limit is \(limit) bytes)"
        case .cannotOpenFile(let path, let reason):
            return "cannot open '\(path)': \(reason)"
        case .unrecognizedFormat(let reason):
            return "the data is not a video file this server can read (\(reason)); use mp4, mov, mkv, webm, avi or gif"
        case .noVideoStream:
            return "the file contains no video stream (is it audio only?)"
        case .unsupportedCodec(let name):
            return "the video codec '\(name)' cannot be decoded here; re-encode to H.264, VP9 or AV1"
        case .noFrames:
            return "the video stream contains no decodable frames (the file may be empty or truncated)"
        case .frameTooLarge(let width, let height, let maxPixels):
            return "the video frames are \(width) x \(height), over the limit of \(maxPixels) pixels; downscale the video"
        case .tooLong(let seconds, let limit):
            return "the video is \(Int(seconds)) s long, over the limit of \(Int(limit)) s; trim it"
        case .timeLimitExceeded(let seconds):
            return "decoding the video took longer than \(seconds) s and was stopped; the file may be damaged or too long"
        case .streamFailed(let reason):
            return "the upload was interrupted before the video was complete: \(reason)"
        case .corruptStream(let reason):
            return "the video is damaged and could not be decoded: \(reason)"
        case .invalidOptions(let reason):
            return "invalid video decoding options: \(reason)"
        }
    }
}
