// `tempmectl bench`: encoder throughput per mode and decode time per file, rendered as JSON or a table.
import Foundation
import TempMeModel
import TempMeVideo

/// One bench run: the engine per mode against this run's sgemm peak, and decoding of the given files next to it.
public struct BenchReport: Sendable {
    /// The backbone measured.
    public let shape: BackboneShape
    /// The encoder measurements.
    public let engine: EngineBenchmark
    /// Mean decode + sampling + preprocessing seconds per video, per file.
    public let decodes: [(path: String, secondsPerVideo: Double)]

    /// Runs the engine benchmark, then decodes each of `videos` single-threaded, like one encoder,
    /// so per-video times compare core for core.
    public static func run(shape: BackboneShape, backbone: String, frames: Int, repeats: Int, workers: Int,
                           modes: [EncoderMode], videos: [String]) throws -> BenchReport {
        let engine = try EngineBenchmark.run(shape: shape, name: backbone, frames: frames, repeats: repeats, workers: workers, modes: modes)
        var options = VideoDecodeOptions()
        options.frames = frames
        options.decoderThreads = 1
        let decodes = try DecodeBenchmark.run(paths: videos, options: options, repeats: repeats)
        return BenchReport(shape: shape, engine: engine, decodes: decodes)
    }

    /// Seconds one encoder spends on a video (TempMe's, else the first mode's), to set decoding against.
    var encodeSeconds: Double {
        (engine.modes.first { $0.mode == .tempme } ?? engine.modes[0]).secondsPerVideo * Double(engine.threads)
    }

    /// One JSON object (sorted keys): per-mode rates, the peak, the TempMe ratios, text and decode times.
    public func json() throws -> String {
        var modes: [String: Any] = [:]
        for m in engine.modes {
            modes[m.mode.rawValue] = ["videos_per_s": m.videosPerSecond, "gflop_per_s": m.gflopPerSecond,
                                      "gflops": m.gflops, "seconds_per_video": m.secondsPerVideo, "cpu_seconds_per_video": m.cpuSecondsPerVideo,
                                      "fraction_of_peak": m.fractionOfPeak]
        }
        let out: [String: Any] = [
            "backbone": engine.backbone, "frames": engine.frames, "threads": engine.threads, "modes": modes,
            "sgemm_peak_gflop_per_s": engine.sgemmPeakGFLOPPerSecond,
            "ratio_tempme_over_lora": engine.speedup(.tempme, over: .lora) ?? 0,
            "ratio_tempme_over_tome": engine.speedup(.tempme, over: .tome) ?? 0,
            "text_ms_per_query": engine.textMillisecondsPerQuery,
            "decode": decodes.map { ["path": $0.path, "seconds_per_video": $0.secondsPerVideo,
                                     "fraction_of_encode": $0.secondsPerVideo / encodeSeconds] },
        ]
        return String(decoding: try JSONSerialization.data(withJSONObject: out, options: [.sortedKeys]), as: UTF8.self)
    }

    /// A table: videos/s, ms per video, GFLOPs, GFLOP/s and % of peak per mode; ratios; text and decode times.
    public var text: String {
        let e = engine
        var lines = [
            "\(shape.displayName), \(e.frames) frames, \(e.threads) threads; sgemm peak \(String(format: "%.1f", e.sgemmPeakGFLOPPerSecond)) GFLOP/s",
            "mode     videos/s  ms/video  GFLOPs  GFLOP/s  % of peak",
        ]
        for m in e.modes {
            lines.append(m.mode.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)
                         + String(format: "%8.2f  %8.1f  %6.1f  %7.1f  %8.1f%%", m.videosPerSecond, m.secondsPerVideo * 1000, m.gflops,
                                  m.gflopPerSecond, m.fractionOfPeak * 100))
        }
        if let a = e.speedup(.tempme, over: .lora), let b = e.speedup(.tempme, over: .tome) {
            lines.append(String(format: "TempMe/LoRA %.2fx (paper FLOP ratio %.2f)   TempMe/ToMe %.2fx", a, 53.0 / 34.8, b))
        }
        lines.append(String(format: "text encode: %.1f ms per query", e.textMillisecondsPerQuery))
        for d in decodes {
            lines.append(String(format: "decode+sample+preprocess %.0f ms vs encode %.0f ms per video (%.0f%%): %@", d.secondsPerVideo * 1000,
                                encodeSeconds * 1000, d.secondsPerVideo / encodeSeconds * 100, d.path))
        }
        return lines.joined(separator: "\n")
    }
}
