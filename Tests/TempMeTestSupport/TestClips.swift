// Small videos made with the ffmpeg CLI at test time (lavfi sources, 1-2 s, H.264 in MP4).
import Foundation

/// Generates the standard test clips into a directory.
public enum TestClips {
    /// Names and lavfi sources of the standard clips.
    public static let sources: [(name: String, filter: String)] = [
        ("testsrc", "testsrc=duration=2:size=160x120:rate=15"),
        ("red", "color=c=red:duration=1:size=128x96:rate=10"),
        ("bars", "smptebars=duration=1.5:size=160x120:rate=12"),
    ]

    /// A clip the ffmpeg CLI could not make.
    public struct Failure: Error, CustomStringConvertible {
        /// What ffmpeg said.
        public let description: String
    }

    /// Writes `<name>.mp4` for each source into `directory`; returns the paths by name. Fails loudly
    /// (ffmpeg's own message) when the ffmpeg CLI is missing or refuses.
    public static func make(in directory: String) throws -> [String: String] {
        var paths: [String: String] = [:]
        for (name, filter) in sources {
            let path = "\(directory)/\(name).mp4"
            let result = try runCapturingOutput(
                "/usr/bin/env",
                ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", filter, "-pix_fmt", "yuv420p", "-c:v", "libx264", path])
            guard result.status == 0 else { throw Failure(description: "ffmpeg failed for \(name): \(result.output)") }
            paths[name] = path
        }
        return paths
    }
}
