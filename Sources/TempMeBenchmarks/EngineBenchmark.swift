import Glibc
import TempMeBasics
import TempMeKernels
import TempMeModel

/// Side-by-side encoder throughput per mode, measured in one run against this machine's sgemm peak.
public struct EngineBenchmark: Sendable, Codable {
    /// One mode's measurement.
    public struct ModeResult: Sendable, Codable {
        /// The mode.
        public let mode: EncoderMode
        /// Median wall seconds per video (round time / workers).
        public let secondsPerVideo: Double
        /// Median CPU seconds per video, summed over worker threads: robust to a busy machine.
        public let cpuSecondsPerVideo: Double
        /// Videos per second (1 / median).
        public let videosPerSecond: Double
        /// Achieved GFLOP/s counting 2 FLOPs per multiply-add, as the sgemm peak is counted.
        public let gflopPerSecond: Double
        /// GFLOPs per video in the paper's convention (multiply-adds).
        public let gflops: Double
        /// gflopPerSecond as a fraction of the measured sgemm peak.
        public let fractionOfPeak: Double
    }

    /// Backbone name.
    public let backbone: String
    /// Frames per video.
    public let frames: Int
    /// Concurrent single-threaded encoders (one per core).
    public let threads: Int
    /// The measured float32 GEMM peak (GFLOP/s) in this run.
    public let sgemmPeakGFLOPPerSecond: Double
    /// Per-mode results.
    public let modes: [ModeResult]
    /// Median milliseconds to encode one text query (on every core, as an idle daemon does).
    public let textMillisecondsPerQuery: Double

    /// A reduced number format measured in the same rounds as the fp32 modes above.
    public struct PrecisionResult: Sendable, Codable {
        /// The format that ran (`int8`, ...).
        public let format: String
        /// Why that format runs on this CPU.
        public let reason: String
        /// Per-mode results in that format (same modes, same rounds as fp32).
        public let modes: [ModeResult]
        /// Median milliseconds to encode one text query in that format.
        public let textMillisecondsPerQuery: Double
    }
    /// The reduced-precision side of the run, when one was asked for and is not fp32.
    public var reduced: PrecisionResult? = nil

    /// videos/s of `mode` in the reduced format over videos/s of `mode` in fp32, from the same run.
    public func reducedSpeedup(_ mode: EncoderMode) -> Double? {
        guard let r = reduced?.modes.first(where: { $0.mode == mode }), let f = modes.first(where: { $0.mode == mode }) else { return nil }
        return r.videosPerSecond / f.videosPerSecond
    }

    /// videos/s of `a` over videos/s of `b`.
    public func speedup(_ a: EncoderMode, over b: EncoderMode) -> Double? {
        guard let x = modes.first(where: { $0.mode == a }), let y = modes.first(where: { $0.mode == b }) else { return nil }
        return x.videosPerSecond / y.videosPerSecond
    }

    /// Runs every mode with `workers` concurrent single-threaded encoders, `repeats` rounds each,
    /// interleaving modes so machine drift hits all of them alike. Throughput counts all workers.
    /// With `precision` (resolving to a format other than fp32; an unavailable one throws), every mode
    /// also runs in that format, interleaved with fp32 in the same rounds, and `reduced` holds it.
    public static func run(shape: BackboneShape, name: String, frames: Int, repeats: Int, workers: Int,
                           modes: [EncoderMode] = EncoderMode.allCases, precision: Precision? = nil) throws -> EngineBenchmark {
        BLAS.setThreads(1)
        let weights = try CLIPWeights.deterministic(shape)
        let input = DeterministicWeights.frames(count: frames, size: shape.imageSize)
        let fp32Models = try modes.map { try TempMeModel(weights: weights, configuration: .paperDefault(for: shape, frames: frames, mode: $0)) }
        var reducedModels: [TempMeModel] = []
        if let precision, let first = fp32Models.first {
            let probe = try first.with(precision: precision)
            if probe.precision.format != .fp32 { reducedModels = try [probe] + fp32Models.dropFirst().map { try $0.with(precision: precision) } }
        }
        let models = fp32Models + reducedModels
        let macs = try models.map { try $0.encodeVideo(frames: input).trace.totalMACs } // also warms up
        let peak = BLAS.measureSGEMMPeak(workers: workers)
        let cpuSeconds = ConcurrentSlots<Double>(count: workers) { _ in 0 }
        var samples = [[Double]](repeating: [], count: models.count)
        var cpuSamples = [[Double]](repeating: [], count: models.count)
        for _ in 0..<repeats {
            for (i, model) in models.enumerated() {
                let start = ContinuousClock.now
                cpuSeconds.forEachConcurrently { spent in
                    let before = threadCPUSeconds()
                    _ = try? model.encodeVideo(frames: input)
                    spent = threadCPUSeconds() - before
                }
                samples[i].append((ContinuousClock.now - start).seconds / Double(workers))
                cpuSamples[i].append(cpuSeconds.values.reduce(0, +) / Double(workers))
            }
        }
        let query: [Int32] = [49406] + (0..<10).map { Int32(320 + $0 * 7) } + [49407] + [Int32](repeating: 0, count: 20)
        let textModels = [fp32Models[0]] + reducedModels.prefix(1)
        var textSamples = [[Double]](repeating: [], count: textModels.count)
        // As the daemon runs a query when no encode is busy: on this thread and `workers - 1` helpers.
        let textHelpers = HelperPool(threads: workers - 1, name: "tempme.bench.text")
        defer { textHelpers.stop() }
        for _ in 0..<max(5, repeats) {
            for (i, model) in textModels.enumerated() {
                let start = ContinuousClock.now
                _ = try model.encodeText([query], splitter: PoolSplitter(pool: textHelpers))
                textSamples[i].append((ContinuousClock.now - start).seconds)
            }
        }
        let results = models.indices.map { i -> ModeResult in
            let t = median(samples[i])
            let rate = 2 * Double(macs[i]) / t / 1e9
            return ModeResult(mode: modes[i % modes.count], secondsPerVideo: t, cpuSecondsPerVideo: median(cpuSamples[i]), videosPerSecond: 1 / t,
                              gflopPerSecond: rate, gflops: Double(macs[i]) / 1e9, fractionOfPeak: rate / peak)
        }
        var benchmark = EngineBenchmark(backbone: name, frames: frames, threads: workers, sgemmPeakGFLOPPerSecond: peak,
                                        modes: Array(results.prefix(modes.count)), textMillisecondsPerQuery: median(textSamples[0]) * 1000)
        if let reduced = reducedModels.first {
            benchmark.reduced = PrecisionResult(format: reduced.precision.format.rawValue, reason: reduced.precision.reason,
                                                modes: Array(results.dropFirst(modes.count)), textMillisecondsPerQuery: median(textSamples[1]) * 1000)
        }
        return benchmark
    }

    /// CPU time consumed by the calling thread.
    static func threadCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    static func median(_ xs: [Double]) -> Double {
        let s = xs.sorted()
        return s.isEmpty ? .nan : (s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2)
    }
}
