// A model's retrieval quality and cost on a manifest: decode, encode, rank, summarize (no daemon).
import Foundation
import TempMeBasics
import TempMeKernels
import TempMeModel
import TempMeVideo

/// Runs the whole evaluation of `tempmectl eval`.
public enum Evaluation {
    /// Encodes every video and caption of `manifest` with `bundle` (one core) and measures text-to-video
    /// and video-to-text retrieval; `progress(done, currentVideo)` is called before each video.
    /// `sampling` picks exact frames or samples snapped to nearby keyframes.
    public static func run(
        manifest: EvaluationManifest, bundle: ModelBundle, modelDirectory: String, tokenizer: CLIPTokenizer,
        sampling: FrameSampling = .exact, progress: (Int, String) -> Void = { _, _ in }
    ) throws -> EvaluationReport {
        BLAS.setThreads(1)
        let videos = try encodeVideos(of: manifest, with: bundle, sampling: sampling, progress: progress)
        var captionOwner: [Int] = [], similarity: [[Float]] = []
        for (v, entry) in manifest.entries.enumerated() {
            for caption in entry.captions {
                let text = try bundle.model.encodeText([tokenizer.encode(caption, maxWords: bundle.maxWords)])[0]
                similarity.append(videos.embeddings.map { zip($0, text).reduce(0) { $0 + $1.0 * $1.1 } })
                captionOwner.append(v)
            }
        }
        return EvaluationReport(
            model: modelDirectory, mode: bundle.model.configuration.mode.rawValue, precision: bundle.model.precision.format.rawValue, videos: manifest.entries.count,
            captions: captionOwner.count,
            textToVideo: RetrievalMetrics(ranks: RetrievalMetrics.textToVideoRanks(similarity: similarity, videoOfCaption: captionOwner)),
            videoToText: RetrievalMetrics(ranks: RetrievalMetrics.videoToTextRanks(
                similarity: similarity, videoOfCaption: captionOwner, videos: manifest.entries.count)),
            textToVideoInGroup: GroupAccuracy(
                similarity: similarity, videoOfCaption: captionOwner, groupOfVideo: manifest.entries.map(\.group)),
            gflops: videos.gflops, videosPerSecond: Double(manifest.entries.count) / max(videos.encodeSeconds, 1e-9))
    }

    /// Decodes and encodes every video; encoder time excludes decoding.
    private static func encodeVideos(of manifest: EvaluationManifest, with bundle: ModelBundle, sampling: FrameSampling,
                                     progress: (Int, String) -> Void) throws -> (embeddings: [[Float]], encodeSeconds: Double, gflops: Double)
    {
        var options = VideoDecodeOptions()
        options.frames = bundle.model.configuration.frames
        options.sampling = sampling
        var embeddings: [[Float]] = []
        var encodeSeconds = 0.0, gflops = 0.0
        for (i, entry) in manifest.entries.enumerated() {
            progress(i, URL(fileURLWithPath: entry.video).lastPathComponent)
            let decoded = try VideoDecoder.decode(path: entry.video, options: options)
            let start = ContinuousClock.now
            let encoding = try bundle.model.encodeVideo(frames: decoded.frames)
            encodeSeconds += (ContinuousClock.now - start).seconds
            gflops = encoding.trace.gflops
            embeddings.append(encoding.embedding)
        }
        return (embeddings, encodeSeconds, gflops)
    }
}
