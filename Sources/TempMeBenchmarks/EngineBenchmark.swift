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
    /// Median milliseconds to encode one text query.
    public let textMillisecondsPerQuery: Double

    /// videos/s of `a` over videos/s of `b`.
    public func speedup(_ a: EncoderMode, over b: EncoderMode) -> Double? {
        guard let x = modes.first(where: { $0.mode == a }), let y = modes.first(where: { $0.mode == b }) else { return nil }
        return x.videosPerSecond / y.videosPerSecond
    }

    /// Runs every mode with `workers` concurrent single-threaded encoders, `repeats` rounds each,
    /// interleaving modes so machine drift hits all of them alike. Throughput counts all workers.
    public static func run(shape: BackboneShape, name: String, frames: Int, repeats: Int, workers: Int,
                           modes: [EncoderMode] = EncoderMode.allCases) throws -> EngineBenchmark {
        BLAS.setThreads(1)
        let weights = try CLIPWeights.deterministic(shape)
        let input = DeterministicWeights.frames(count: frames, size: shape.imageSize)
        let models = try modes.map { try TempMeModel(weights: weights, configuration: .paperDefault(for: shape, frames: frames, mode: $0)) }
        let macs = try models.map { try $0.encodeVideo(frames: input).trace.totalMACs } // also warms up
        let peak = BLAS.measureSGEMMPeak(workers: workers)
        let cpuSeconds = ConcurrentSlots<Double>(count: workers) { _ in 0 }
        var samples = [[Double]](repeating: [], count: modes.count)
        var cpuSamples = [[Double]](repeating: [], count: modes.count)
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
        var textSamples: [Double] = []
        for _ in 0..<max(5, repeats) {
            let start = ContinuousClock.now
            _ = try models[0].encodeText([query])
            textSamples.append((ContinuousClock.now - start).seconds)
        }
        let results = modes.indices.map { i -> ModeResult in
            let t = median(samples[i])
            let rate = 2 * Double(macs[i]) / t / 1e9
            return ModeResult(mode: modes[i], secondsPerVideo: t, cpuSecondsPerVideo: median(cpuSamples[i]), videosPerSecond: 1 / t, gflopPerSecond: rate,
                              gflops: Double(macs[i]) / 1e9, fractionOfPeak: rate / peak)
        }
        return EngineBenchmark(backbone: name, frames: frames, threads: workers, sgemmPeakGFLOPPerSecond: peak,
                               modes: results, textMillisecondsPerQuery: median(textSamples) * 1000)
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
