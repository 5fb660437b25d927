// `tempmectl bench`: encoder throughput per mode and decode time per file, rendered as JSON or a table.
import Foundation
import TempMeKernels
import TempMeModel
import TempMeVideo

/// One bench run: the engine per mode against this run's sgemm peak, and decoding of the given files next to it.
public struct BenchReport: Sendable {
    /// The backbone measured.
    public let shape: BackboneShape
    /// The encoder measurements: fp32, and the requested format beside it when that is not fp32.
    public let engine: EngineBenchmark
    /// The number format asked for, resolved on this CPU.
    public let precision: ResolvedPrecision
    /// Mean decode + sampling + preprocessing seconds per video, per file.
    public let decodes: [(path: String, secondsPerVideo: Double)]

    /// Runs the engine benchmark (in `precision` and, when that is not fp32, in fp32 in the same rounds;
    /// a format this CPU cannot run throws), then decodes each of `videos` single-threaded, like one
    /// encoder, so per-video times compare core for core.
    public static func run(shape: BackboneShape, backbone: String, frames: Int, repeats: Int, workers: Int,
                           modes: [EncoderMode], videos: [String], precision: Precision = .fp32) throws -> BenchReport {
        let resolved: ResolvedPrecision
        switch precision.resolve() {
        case .success(let r): resolved = r
        case .failure(let unavailable):
            throw ModelError.unavailablePrecision(requested: precision.rawValue, missingFeature: unavailable.missingFeature,
                                                  message: unavailable.message)
        }
        let engine = try EngineBenchmark.run(shape: shape, name: backbone, frames: frames, repeats: repeats, workers: workers, modes: modes,
                                             precision: resolved.format == .fp32 ? nil : precision)
        var options = VideoDecodeOptions()
        options.frames = frames
        options.decoderThreads = 1
        let decodes = try DecodeBenchmark.run(paths: videos, options: options, repeats: repeats)
        return BenchReport(shape: shape, engine: engine, precision: resolved, decodes: decodes)
    }

    /// Per-mode results in the requested format.
    var chosenModes: [EngineBenchmark.ModeResult] { engine.reduced?.modes ?? engine.modes }
    /// Median ms of one 10-word text query in the requested format.
    var textQueryMilliseconds: Double { engine.reduced?.textMillisecondsPerQuery ?? engine.textMillisecondsPerQuery }

    /// videos/s of `a` over videos/s of `b`, both in the requested format.
    func speedup(_ a: EncoderMode, over b: EncoderMode) -> Double? {
        guard let x = chosenModes.first(where: { $0.mode == a }), let y = chosenModes.first(where: { $0.mode == b }) else { return nil }
        return x.videosPerSecond / y.videosPerSecond
    }

    private static func modesJSON(_ results: [EngineBenchmark.ModeResult]) -> [String: Any] {
        var modes: [String: Any] = [:]
        for m in results {
            modes[m.mode.rawValue] = ["videos_per_s": m.videosPerSecond, "gflop_per_s": m.gflopPerSecond,
                                      "gflops": m.gflops, "seconds_per_video": m.secondsPerVideo, "cpu_seconds_per_video": m.cpuSecondsPerVideo,
                                      "fraction_of_peak": m.fractionOfPeak]
        }
        return modes
    }

    /// Seconds one encoder spends on a video (TempMe's, else the first mode's), to set decoding against.
    var encodeSeconds: Double {
        (chosenModes.first { $0.mode == .tempme } ?? chosenModes[0]).secondsPerVideo * Double(engine.threads)
    }

    /// One JSON object (sorted keys): per-mode rates in the requested format, the peak, the TempMe ratios,
    /// text and decode times, `precision` and `text_query_ms`; besides a format other than fp32, `fp32`
    /// (its modes and text time from the same rounds) and `ratio_to_fp32` per mode and for the text query.
    public func json() throws -> String {
        var out: [String: Any] = [
            "backbone": engine.backbone, "frames": engine.frames, "threads": engine.threads, "modes": Self.modesJSON(chosenModes),
            "sgemm_peak_gflop_per_s": engine.sgemmPeakGFLOPPerSecond,
            "ratio_tempme_over_lora": speedup(.tempme, over: .lora) ?? 0,
            "ratio_tempme_over_tome": speedup(.tempme, over: .tome) ?? 0,
            "text_ms_per_query": textQueryMilliseconds, "text_query_ms": textQueryMilliseconds,
            "precision": precision.format.rawValue, "precision_reason": precision.reason,
            "decode": decodes.map { ["path": $0.path, "seconds_per_video": $0.secondsPerVideo,
                                     "fraction_of_encode": $0.secondsPerVideo / encodeSeconds] },
        ]
        if let reduced = engine.reduced {
            out["fp32"] = ["modes": Self.modesJSON(engine.modes), "text_query_ms": engine.textMillisecondsPerQuery]
            var ratios: [String: Any] = ["text_query": engine.textMillisecondsPerQuery / reduced.textMillisecondsPerQuery]
            for m in engine.modes { ratios[m.mode.rawValue] = engine.reducedSpeedup(m.mode) ?? 0 }
            out["ratio_to_fp32"] = ratios
        }
        return String(decoding: try JSONSerialization.data(withJSONObject: out, options: [.sortedKeys]), as: UTF8.self)
    }

    /// A table: videos/s, ms per video, GFLOPs, GFLOP/s and % of peak per mode; ratios; text and decode times.
    public var text: String {
        let e = engine
        var lines = [
            "\(shape.displayName), \(e.frames) frames, \(e.threads) threads; sgemm peak \(String(format: "%.1f", e.sgemmPeakGFLOPPerSecond)) GFLOP/s",
            "mode     videos/s  ms/video  GFLOPs  GFLOP/s  % of peak",
        ]
        lines.insert("precision: \(precision.format.rawValue) (\(precision.reason))", at: 1)
        for m in chosenModes {
            lines.append(m.mode.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)
                         + String(format: "%8.2f  %8.1f  %6.1f  %7.1f  %8.1f%%", m.videosPerSecond, m.secondsPerVideo * 1000, m.gflops,
                                  m.gflopPerSecond, m.fractionOfPeak * 100))
        }
        if let a = speedup(.tempme, over: .lora), let b = speedup(.tempme, over: .tome) {
            lines.append(String(format: "TempMe/LoRA %.2fx (paper FLOP ratio %.2f)   TempMe/ToMe %.2fx", a, 53.0 / 34.8, b))
        }
        lines.append(String(format: "text encode: %.1f ms per query", textQueryMilliseconds))
        if let reduced = e.reduced {
            let ratios = e.modes.map { String(format: "%@ %.2fx", $0.mode.rawValue, e.reducedSpeedup($0.mode) ?? 0) }.joined(separator: ", ")
            lines.append("\(reduced.format) / fp32, same rounds: \(ratios); text query \(String(format: "%.1f -> %.1f ms (%.2fx)", e.textMillisecondsPerQuery, reduced.textMillisecondsPerQuery, e.textMillisecondsPerQuery / reduced.textMillisecondsPerQuery))")
        }
        for d in decodes {
            lines.append(String(format: "decode+sample+preprocess %.0f ms vs encode %.0f ms per video (%.0f%%): %@", d.secondsPerVideo * 1000,
                                encodeSeconds * 1000, d.secondsPerVideo / encodeSeconds * 100, d.path))
        }
        return lines.joined(separator: "\n")
    }
}
