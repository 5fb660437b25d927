import TempMeBasics
import TempMeVideo

/// Times decode + sampling + preprocessing per video, for `tempmectl bench` to print next to the encoder.
public enum DecodeBenchmark {
    /// Decodes each file `repeats` times (after one warm-up) and returns the mean seconds per video.
    public static func run(paths: [String], options: VideoDecodeOptions = .init(),
                           repeats: Int = 3) throws(VideoError) -> [(path: String, secondsPerVideo: Double)] {
        var results = [(path: String, secondsPerVideo: Double)]()
        for path in paths {
            _ = try VideoDecoder.decode(path: path, options: options)
            let start = ContinuousClock.now
            for _ in 0..<max(1, repeats) { _ = try VideoDecoder.decode(path: path, options: options) }
            let seconds = (ContinuousClock.now - start).seconds
            results.append((path, seconds / Double(max(1, repeats))))
        }
        return results
    }
}
