import Foundation
import Testing
import TempMeBasics
@testable import TempMeVideo

/// Hundreds of damaged uploads (36 per container, 252 in all): each must come back as F finite frames or a typed error, never a
/// crash or a hang. The decode's own time limit bounds each one; the loose check below only
/// catches a decode that ignored it.
@Suite(.enabled(if: TestVideos.ffmpegAvailable))
struct RobustnessTests {
    static let timeLimit = 3.0

    /// A small valid clip per container the mutations start from.
    static let sources: [(name: String, arguments: [String])] = [
        ("r-h264.mp4", ["-c:v", "libx264", "-pix_fmt", "yuv420p", "-g", "12"]),
        ("r-h264-fast.mp4", ["-c:v", "libx264", "-pix_fmt", "yuv420p", "-g", "12", "-movflags", "+faststart"]),
        ("r-vp9.webm", ["-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-g", "12"]),
        ("r-h265.mkv", ["-c:v", "libx265", "-x265-params", "log-level=error:keyint=12"]),
        ("r-mjpeg.avi", ["-c:v", "mjpeg", "-pix_fmt", "yuvj420p"]),
        ("r-mpeg4.avi", ["-c:v", "mpeg4", "-g", "12"]),
        ("r-anim.gif", []),
    ]

    /// Deterministic damage: truncation, flipped bytes, overwritten, deleted and repeated ranges.
    static func mutations(of bytes: [UInt8], seed: UInt64, count: Int) -> [[UInt8]] {
        var random = SplitMix64(seed: seed)
        func below(_ bound: Int) -> Int { bound <= 0 ? 0 : Int(random.next() % UInt64(bound)) }
        var results = [[UInt8]]()
        for index in 0..<count {
            var mutated = bytes
            switch index % 5 {
            case 0:
                mutated = Array(bytes.prefix(below(bytes.count)))
            case 1:
                for _ in 0...below(40) { mutated[below(mutated.count)] ^= UInt8(truncatingIfNeeded: 1 << below(8)) }
            case 2:
                let start = below(mutated.count), length = min(mutated.count - start, 1 + below(4096))
                for offset in start..<(start + length) { mutated[offset] = UInt8(truncatingIfNeeded: random.next()) }
            case 3:
                let start = below(mutated.count), length = min(mutated.count - start, 1 + below(8192))
                mutated.removeSubrange(start..<(start + length))
            default:
                let start = below(mutated.count), length = min(mutated.count - start, 1 + below(8192))
                mutated.insert(contentsOf: bytes[start..<(start + length)], at: below(mutated.count))
            }
            results.append(mutated)
        }
        return results
    }

    @Test(arguments: 0..<sources.count)
    func damagedFilesGiveFramesOrTypedErrors(source: Int) throws {
        let (name, arguments) = Self.sources[source]
        let path = try TestVideos.make(name, ["-f", "lavfi", "-i", "testsrc2=s=96x64:r=25:d=2"] + arguments)
        let original = try TestVideos.bytes(path)
        let options = VideoDecodeOptions(frames: 4, timeLimitSeconds: Self.timeLimit)  // few frames: debug builds preprocess slowly
        var decoded = 0, failures = [String: Int](), slowest = 0.0
        for (index, bytes) in Self.mutations(of: original, seed: UInt64(source) + 1, count: 36).enumerated() {
            let start = ContinuousClock.now
            do {
                let video = try VideoDecoder.decode(data: bytes, options: options)
                #expect(video.frames.count == 4 * DecodedVideo.floatsPerFrame, "\(name) mutation \(index)")
                #expect(video.sampledFrameNumbers.count == 4)
                #expect(video.frames.allSatisfy { $0.isFinite })
                decoded += 1
            } catch {
                #expect(!error.description.isEmpty)
                failures[String(describing: error).prefix { $0 != "(" }.description, default: 0] += 1
            }
            let seconds = (ContinuousClock.now - start).seconds
            slowest = max(slowest, seconds)
            #expect(seconds < Self.timeLimit + 5, "\(name) mutation \(index) ran \(seconds) s")
        }
        print("robustness \(name): \(decoded) decoded, errors \(failures.sorted { $0.key < $1.key }), slowest \(slowest) s")
    }

    @Test func decodingTheSameStreamTwiceGivesTheSameFrames() throws {
        let path = try TestVideos.make("r-h264.mp4", ["-f", "lavfi", "-i", "testsrc2=s=96x64:r=25:d=2"] + Self.sources[0].arguments)
        let first = try VideoDecoder.decode(path: path), second = try VideoDecoder.decode(path: path)
        #expect(first.frames == second.frames)
    }
}
