import ArgumentParser
import Foundation
import TempMeBenchmarks
import TempMeModel
import TempMeVideo

/// `tempmectl bench`: encoder throughput per mode next to this machine's sgemm peak, one run.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmark the encoder per mode against the measured sgemm peak (deterministic weights, no daemon).")

    @Option(help: "Backbone: b32, b16 or tiny.") var backbone = "b32"
    @Option(help: "Frames per video.") var frames = 12
    @Option(help: "Timed encodes per mode (interleaved).") var repeats = 5
    @Option(help: "Concurrent single-threaded encoders (cores to use).") var threads = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Comma-separated modes to run (lora, tome, tempme).") var modes = "lora,tome,tempme"
    @Option(name: .customLong("video"), help: "A video file to decode next to the encoder (repeatable).") var videos: [String] = []
    /// The shared options; only `--json` matters here (no daemon is contacted).
    @OptionGroup var client: ClientOptions
    var json: Bool { client.json }

    func run() throws {
        let shape = try parseBackbone(backbone)
        guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        let selected = try parseModes(modes)
        let r = try EngineBenchmark.run(shape: shape, name: backbone, frames: frames, repeats: repeats, workers: threads, modes: selected)
        let tempmeOverLora = r.speedup(.tempme, over: .lora), tempmeOverTome = r.speedup(.tempme, over: .tome)
        // Decoding runs single-threaded here, like one encoder: per-video times compare core for core.
        var decodeOptions = VideoDecodeOptions()
        decodeOptions.frames = frames
        decodeOptions.decoderThreads = 1
        let decodes = try DecodeBenchmark.run(paths: videos, options: decodeOptions, repeats: repeats)
        let encodeSeconds = (r.modes.first { $0.mode == .tempme } ?? r.modes[0]).secondsPerVideo * Double(r.threads)
        if json {
            var modes: [String: Any] = [:]
            for m in r.modes {
                modes[m.mode.rawValue] = ["videos_per_s": m.videosPerSecond, "gflop_per_s": m.gflopPerSecond,
                                          "gflops": m.gflops, "seconds_per_video": m.secondsPerVideo, "cpu_seconds_per_video": m.cpuSecondsPerVideo, "fraction_of_peak": m.fractionOfPeak]
            }
            let out: [String: Any] = [
                "backbone": r.backbone, "frames": r.frames, "threads": r.threads, "modes": modes,
                "sgemm_peak_gflop_per_s": r.sgemmPeakGFLOPPerSecond,
                "ratio_tempme_over_lora": tempmeOverLora ?? 0, "ratio_tempme_over_tome": tempmeOverTome ?? 0,
                "text_ms_per_query": r.textMillisecondsPerQuery,
                "decode": decodes.map { ["path": $0.path, "seconds_per_video": $0.secondsPerVideo,
                                         "fraction_of_encode": $0.secondsPerVideo / encodeSeconds] },
            ]
            print(String(decoding: try JSONSerialization.data(withJSONObject: out, options: [.sortedKeys]), as: UTF8.self))
            return
        }
        print("\(shape.displayName), \(frames) frames, \(r.threads) threads; sgemm peak \(String(format: "%.1f", r.sgemmPeakGFLOPPerSecond)) GFLOP/s")
        print("mode     videos/s  ms/video  GFLOPs  GFLOP/s  % of peak")
        for m in r.modes {
            print(m.mode.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)
                  + String(format: "%8.2f  %8.1f  %6.1f  %7.1f  %8.1f%%", m.videosPerSecond, m.secondsPerVideo * 1000, m.gflops, m.gflopPerSecond, m.fractionOfPeak * 100))
        }
        if let a = tempmeOverLora, let b = tempmeOverTome {
            print(String(format: "TempMe/LoRA %.2fx (paper FLOP ratio %.2f)   TempMe/ToMe %.2fx", a, 53.0 / 34.8, b))
        }
        print(String(format: "text encode: %.1f ms per query", r.textMillisecondsPerQuery))
        for d in decodes {
            print(String(format: "decode+sample+preprocess %.0f ms vs encode %.0f ms per video (%.0f%%): %@", d.secondsPerVideo * 1000,
                         encodeSeconds * 1000, d.secondsPerVideo / encodeSeconds * 100, d.path))
        }
    }
}
