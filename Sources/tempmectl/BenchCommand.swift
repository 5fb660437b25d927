import ArgumentParser
import Foundation
import TempMeBenchmarks
import TempMeKernels

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
    @Option(help: "Number format to measure beside fp32 in the same rounds: fp32, int8, bf16 or auto.") var precision = "fp32"
    @Option(name: .customLong("video"), help: "A video file to decode next to the encoder (repeatable).") var videos: [String] = []
    /// The shared options; only `--json` matters here (no daemon is contacted).
    @OptionGroup var client: ClientOptions

    func run() throws {
        let shape = try parseBackbone(backbone)
        guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        let report = try BenchReport.run(shape: shape, backbone: backbone, frames: frames, repeats: repeats, workers: threads,
                                         modes: try parseModes(modes), videos: videos, precision: try parsePrecision(precision))
        print(client.json ? try report.json() : report.text)
    }
}
