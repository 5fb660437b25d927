import Foundation
import Testing
import TempMeBenchmarks
@testable import TempMeVideo

/// DecodeBenchmark: nothing to time gives nothing; a file that cannot be read is the decoder's error.
@Suite struct DecodeBenchmarkRunTests {
    @Test func noVideosGiveNoTimings() throws {
        #expect(try DecodeBenchmark.run(paths: []).isEmpty)
    }

    @Test func unreadableFileIsAVideoError() {
        #expect(throws: VideoError.self) { try DecodeBenchmark.run(paths: ["/nonexistent/tempme-bench.mp4"], repeats: 1) }
    }
}

/// Decode timings for 480p H.264 clips; a benchmark, so it only prints and is off by default.
/// Run: TEMPME_BENCH=1 swift test -c release --filter DecodeBenchmarkTests (scripts/bench_decode.sh)
@Suite(.enabled(if: ProcessInfo.processInfo.environment["TEMPME_BENCH"] == "1"))
struct DecodeBenchmarkTests {
    @Test func decodeMillisecondsPer480pClip() throws {
        var paths = [String]()
        for gop in [250, 30] {  // x264's default keyframe interval, and a phone-like 1 s one
            for seconds in [10, 60, 180] {
                paths.append(try BenchmarkClips.make("bench-480p-\(seconds)s\(gop == 250 ? "" : "-g\(gop)").mp4", [
                    "-f", "lavfi", "-i", "testsrc2=s=854x480:r=30:d=\(seconds)", "-c:v", "libx264", "-preset", "veryfast",
                    "-pix_fmt", "yuv420p", "-g", "\(gop)"]))
            }
        }
        for (path, seconds) in try DecodeBenchmark.run(paths: paths, options: VideoDecodeOptions(frames: 12), repeats: 3) {
            let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
            let (_, statistics) = try VideoDecoder.decodeWithStatistics(
                FileByteSource(path: path, size: size), options: VideoDecodeOptions(frames: 12))
            print("decode \(URL(fileURLWithPath: path).lastPathComponent): \(String(format: "%.1f", seconds * 1000)) ms/video, "
                + "\(statistics.packetsDecoded) packets decoded, \(statistics.packetsSkipped) skipped, \(statistics.seeks) seeks")
        }
    }
}

/// Clips for the decode benchmark, made once with the ffmpeg CLI into the temporary directory.
enum BenchmarkClips {
    /// Generates `name` with `ffmpeg <arguments> <path>` unless it exists, and returns its path.
    static func make(_ name: String, _ arguments: [String]) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tempme-benchmark-clips")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent(name).path
        guard !FileManager.default.fileExists(atPath: path) else { return path }
        let partial = path + ".partial.mp4"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["ffmpeg", "-nostdin", "-v", "error", "-y"] + arguments + [partial]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "ffmpeg failed making \(name)")
        try FileManager.default.moveItem(atPath: partial, toPath: path)
        return path
    }
}
