// Small videos made with the ffmpeg CLI at test time (lavfi sources, 1-2 s).
import Foundation
import Testing

/// Generates test videos into a directory.
enum TestVideos {
    /// Names and lavfi sources of the standard clips.
    static let sources: [(name: String, filter: String)] = [
        ("testsrc", "testsrc=duration=2:size=160x120:rate=15"),
        ("red", "color=c=red:duration=1:size=128x96:rate=10"),
        ("bars", "smptebars=duration=1.5:size=160x120:rate=12"),
    ]

    /// Writes `<name>.mp4` for each source into `directory`; returns the paths by name.
    static func make(in directory: String) throws -> [String: String] {
        var paths: [String: String] = [:]
        for (name, filter) in sources {
            let path = "\(directory)/\(name).mp4"
            let result = try ProcessRunner.run(
                "/usr/bin/env",
                ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", filter, "-pix_fmt", "yuv420p", "-c:v", "libx264", path],
                timeout: 60)
            try #require(result.status == 0, "ffmpeg failed for \(name): \(result.stderr)")
            paths[name] = path
        }
        return paths
    }

    /// Bytes of a file.
    static func data(_ path: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: path))
    }
}
