import Foundation
import Testing
import TempMeBasics
@testable import TempMeVideo

/// Timings of the decode stages (preprocess, open, packet scan) on a 480p H.264 clip; a benchmark,
/// so it only prints and is off by default. Per-video decode timings (DecodeBenchmark) are in
/// TempMeBenchmarksTests. Run: TEMPME_BENCH=1 swift test -c release --filter DecodeBenchmarkTests
@Suite(.enabled(if: ProcessInfo.processInfo.environment["TEMPME_BENCH"] == "1" && TestVideos.ffmpegAvailable))
struct DecodeBenchmarkTests {
    @Test func stageTimings() throws {
        func seconds(_ body: () throws -> Void) rethrows -> Double {
            try ContinuousClock().measure(body).seconds
        }
        let image = syntheticFrame(width: 854, height: 480)
        var preprocessor = ClipPreprocessor()
        var output = [Float](repeating: 0, count: DecodedVideo.floatsPerFrame)
        let resize = try seconds { for _ in 0..<50 { output.withUnsafeMutableBufferPointer { preprocessor.process(image, into: $0) } } } / 50
        print("preprocess 854x480 -> 224x224: \(String(format: "%.2f", resize * 1000)) ms/frame")
        let path = try TestVideos.make("bench-480p-180s.mp4", [
            "-f", "lavfi", "-i", "testsrc2=s=854x480:r=30:d=180", "-c:v", "libx264", "-preset", "veryfast",
            "-pix_fmt", "yuv420p", "-g", "250"])
        let bytes = try TestVideos.bytes(path)
        let source = MemoryByteSource(bytes)
        var packets = 0
        let open = try seconds { _ = try MediaInput(source, options: .init(), deadline: Deadline(seconds: 60)) }
        let scan = try seconds {
            let input = try MediaInput(source, options: .init(), deadline: Deadline(seconds: 60))
            while try input.readVideoPacket() != nil { packets += 1 }
        }
        print("open+probe \(String(format: "%.1f", open * 1000)) ms, open+scan of \(packets) packets \(String(format: "%.1f", scan * 1000)) ms")
    }
}
