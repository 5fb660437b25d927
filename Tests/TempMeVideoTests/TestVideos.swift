import Foundation
@testable import TempMeVideo

/// Videos synthesized with the ffmpeg CLI at test time, cached per test process.
enum TestVideos {
    /// Where generated files live; shared across runs, each file named by a hash of its recipe.
    static let directory: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tempme-video-tests")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    /// Whether the ffmpeg CLI is on PATH.
    static let ffmpegAvailable: Bool = (try? run(["ffmpeg", "-version"])) != nil

    private static let lock = NSLock()

    /// Runs a command, returning stdout; throws with stderr on failure.
    @discardableResult
    static func run(_ arguments: [String], stdin: Data? = nil) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let output = Pipe(), errors = Pipe(), input = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = stdin == nil ? nil : input
        try process.run()
        if let stdin {
            input.fileHandleForWriting.write(stdin)
            try input.fileHandleForWriting.close()
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let messages = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestVideoError.commandFailed(arguments.joined(separator: " ") + ": " + String(decoding: messages, as: UTF8.self))
        }
        return data
    }

    /// Generates `name` with `ffmpeg -y <arguments> <path>` once and returns its path.
    static func make(_ name: String, _ arguments: [String]) throws -> String {
        lock.lock()
        defer { lock.unlock() }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a of the recipe, so a changed recipe makes a new file
        for byte in (arguments.joined(separator: "\u{1}") + name).utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let path = directory.appendingPathComponent(String(hash, radix: 16) + "-" + name).path
        if !FileManager.default.fileExists(atPath: path) {
            let extensionIndex = name.lastIndex(of: ".") ?? name.endIndex
            let partial = directory.appendingPathComponent("partial-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
                + String(name[extensionIndex...])).path
            try run(["ffmpeg", "-nostdin", "-v", "error", "-y"] + arguments + [partial])
            if rename(partial, path) != 0 { throw TestVideoError.commandFailed("rename \(partial) -> \(path)") }
        }
        return path
    }

    /// A lavfi filter drawing a 16-bit frame index as a 4 x 4 grid of black/white blocks (`block` px each).
    static func indexPattern(size: Int = 16, rate: String, seconds: Double) -> String {
        let block = size / 4
        return "nullsrc=s=\(size)x\(size):r=\(rate):d=\(seconds),format=gray,"
            + "geq=lum='255*mod(floor(N/pow(2\\,floor(X/\(block))+4*floor(Y/\(block))))\\,2)'"
    }

    /// An index-coded video: every frame shows its own presentation index.
    static func indexVideo(rate: String, seconds: Double, container: String = "mp4",
                           codec: [String] = ["-c:v", "libx264", "-preset", "ultrafast", "-bf", "3", "-qp", "0"],
                           extraFilter: String = "", extraOutput: [String] = [], tag: String = "") throws -> String {
        let name = "index-\(rate.replacingOccurrences(of: "/", with: "_"))-\(seconds)\(tag).\(container)"
        return try make(name, ["-f", "lavfi", "-i", indexPattern(rate: rate, seconds: seconds) + extraFilter]
            + codec + ["-pix_fmt", "yuv420p"] + extraOutput)
    }

    /// Reads the frame index drawn by `indexPattern` back out of a preprocessed 224 x 224 frame.
    static func frameIndex(in video: DecodedVideo, slot: Int) -> Int {
        let side = DecodedVideo.frameSide, base = slot * DecodedVideo.floatsPerFrame
        let cell = side / 4
        var value = 0
        for bit in 0..<16 {
            let x = (bit % 4) * cell + cell / 2, y = (bit / 4) * cell + cell / 2
            if video.frames[base + y * side + x] > 0 { value |= 1 << bit }
        }
        return value
    }

    /// All frame indices a decode shows.
    static func frameIndices(in video: DecodedVideo) -> [Int] {
        (0..<video.sampledFrameNumbers.count).map { frameIndex(in: video, slot: $0) }
    }

    /// The bytes of a file.
    static func bytes(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}

/// Failures of the test tooling itself.
enum TestVideoError: Error {
    case commandFailed(String)
}

extension TestVideos {
    /// The average frame rate ffprobe reports for the first video stream.
    static func probedAverageFrameRate(_ path: String) throws -> Double {
        let output = try run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                              "stream=avg_frame_rate", "-of", "csv=p=0", path])
        let parts = String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "/")
        guard parts.count == 2, let numerator = Double(parts[0]), let denominator = Double(parts[1]), denominator != 0 else {
            throw TestVideoError.commandFailed("ffprobe avg_frame_rate of \(path)")
        }
        return numerator / denominator
    }
}

extension TestVideos {
    /// Mean and max |ours - CLI| on the [0, 1] scale, where CLI = `ffmpeg -pix_fmt rgb24` (autorotated)
    /// of the frames our decode sampled, preprocessed by the same Pillow-exact code.
    static func differenceFromCLI(_ path: String) throws -> (mean: Double, max: Double) {
        let video = try VideoDecoder.decode(path: path)
        let distinct = Array(Set(video.sampledFrameNumbers)).sorted()
        let select = distinct.map { "eq(n\\,\($0))" }.joined(separator: "+")
        let raw = try run(["ffmpeg", "-nostdin", "-v", "error", "-i", path, "-vf", "select='\(select)'", "-fps_mode", "passthrough",
                           "-f", "rawvideo", "-pix_fmt", "rgb24", "-"])
        let frameBytes = video.width * video.height * 3
        guard raw.count == frameBytes * distinct.count else {
            throw TestVideoError.commandFailed("CLI gave \(raw.count) bytes for \(distinct.count) frames of \(video.width)x\(video.height)")
        }
        let bytes = [UInt8](raw)
        var total = 0.0, largest = 0.0, count = 0
        let plane = DecodedVideo.frameSide * DecodedVideo.frameSide
        for (slot, frameNumber) in video.sampledFrameNumbers.enumerated() {
            guard let position = distinct.firstIndex(of: frameNumber) else { continue }
            let image = RGBImage(width: video.width, height: video.height,
                                 packed: bytes[(position * frameBytes)..<((position + 1) * frameBytes)])
            let reference = preprocessed(image)
            for channel in 0..<3 {
                let std = Double(ClipPreprocessor.std[channel])
                for pixel in 0..<plane {
                    let index = channel * plane + pixel
                    let difference = abs(Double(video.frames[slot * DecodedVideo.floatsPerFrame + index] - reference[index])) * std
                    total += difference
                    largest = max(largest, difference)
                    count += 1
                }
            }
        }
        return (total / Double(max(count, 1)), largest)
    }
}
