/// F sampled frames, preprocessed for the CLIP encoder, plus what was learned about the video.
public struct DecodedVideo: Sendable {
    /// Side of each square frame the encoder takes.
    public static let frameSide = 224
    /// Floats in one frame: 3 channel planes of 224 x 224.
    public static let floatsPerFrame = 3 * frameSide * frameSide

    /// Normalized pixels, one contiguous [F][3][224][224] buffer (channel-major per frame, RGB).
    public let frames: [Float]
    /// Frames in the video stream (presentation order), the count sampling was based on.
    public let frameCount: Int
    /// The presentation-order frame number behind each output frame (length F, may repeat).
    public let sampledFrameNumbers: [Int]
    /// Average frames per second used for the sampling stride.
    public let fps: Double
    /// Length of the video stream in seconds.
    public let durationSeconds: Double
    /// Displayed width in pixels (after the rotation in the display matrix).
    public let width: Int
    /// Displayed height in pixels (after the rotation in the display matrix).
    public let height: Int
    /// FFmpeg's short name of the video codec, for example "h264".
    public let codec: String

    /// A decoded video from its parts (the decoder builds these; tests and mocks may too).
    public init(frames: [Float], frameCount: Int, sampledFrameNumbers: [Int], fps: Double, durationSeconds: Double,
                width: Int, height: Int, codec: String) {
        self.frames = frames
        self.frameCount = frameCount
        self.sampledFrameNumbers = sampledFrameNumbers
        self.fps = fps
        self.durationSeconds = durationSeconds
        self.width = width
        self.height = height
        self.codec = codec
    }
}
