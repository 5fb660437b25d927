import ArgumentParser
import Foundation
import TempMeBasics
import TempMeKernels
import TempMeModel
import TempMeService
import TempMeVideo

/// `tempmectl eval`: retrieval quality and cost of a model on a manifest, with no daemon.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Text-to-video and video-to-text R@1/5/10, R-sum, MdR, MnR, GFLOPs and videos/s on a JSONL manifest.")

    @Argument(help: "JSONL manifest: one {\"video\": PATH, \"captions\": [...]} per line.") var manifest: String
    @Option(help: "Model directory (default: the demo model).") var model: String?
    @Option(help: "Encoder mode: lora, tome or tempme (default: the model's).") var mode: String?
    @Option(help: "CLIP BPE vocabulary file.") var vocab: String?
    @OptionGroup var client: ClientOptions

    func run() throws {
        let chosenMode = try mode.map(parseMode)
        guard let directory = model ?? ModelBundle.demoModelDirectory() else {
            throw ValidationError("no --model given and the demo model (training/demo_model) was not found")
        }
        let bundle = try ModelBundle.load(directory: directory, mode: chosenMode)
        guard let vocabulary = vocab.map({ URL(fileURLWithPath: $0) }) ?? CLIPTokenizer.defaultVocabularyFile() else {
            throw ValidationError("the CLIP vocabulary was not found: run scripts/fetch_vocab.sh or pass --vocab")
        }
        let tokenizer = try CLIPTokenizer(vocabularyFile: vocabulary)
        let set = try EvaluationManifest(jsonl: manifest)
        BLAS.setThreads(1)
        let videos = try encodeVideos(of: set, with: bundle)
        var captionOwner: [Int] = [], similarity: [[Float]] = []
        for (v, entry) in set.entries.enumerated() {
            for caption in entry.captions {
                let text = try bundle.model.encodeText([tokenizer.encode(caption, maxWords: bundle.maxWords)])[0]
                similarity.append(videos.embeddings.map { zip($0, text).reduce(0) { $0 + $1.0 * $1.1 } })
                captionOwner.append(v)
            }
        }
        let report = EvaluationReport(
            model: directory, mode: bundle.model.configuration.mode.rawValue, videos: set.entries.count,
            captions: captionOwner.count,
            textToVideo: RetrievalMetrics(ranks: RetrievalMetrics.textToVideoRanks(similarity: similarity, videoOfCaption: captionOwner)),
            videoToText: RetrievalMetrics(ranks: RetrievalMetrics.videoToTextRanks(
                similarity: similarity, videoOfCaption: captionOwner, videos: set.entries.count)),
            textToVideoInGroup: GroupAccuracy(similarity: similarity, videoOfCaption: captionOwner, groupOfVideo: set.entries.map(\.group)),
            gflops: videos.gflops, videosPerSecond: Double(set.entries.count) / max(videos.encodeSeconds, 1e-9))
        try report.show(asJSON: client.json)
    }

    /// Decodes and encodes every video of `set` with a progress bar; encoder time excludes decoding.
    private func encodeVideos(of set: EvaluationManifest, with bundle: ModelBundle) throws
        -> (embeddings: [[Float]], encodeSeconds: Double, gflops: Double) {
        var options = VideoDecodeOptions()
        options.frames = bundle.model.configuration.frames
        let progress = ProgressBar(total: set.entries.count)
        var embeddings: [[Float]] = []
        var encodeSeconds = 0.0, gflops = 0.0
        for (i, entry) in set.entries.enumerated() {
            progress.show(done: i, current: URL(fileURLWithPath: entry.video).lastPathComponent)
            let decoded = try VideoDecoder.decode(path: entry.video, options: options)
            let start = ContinuousClock.now
            let encoding = try bundle.model.encodeVideo(frames: decoded.frames)
            encodeSeconds += (ContinuousClock.now - start).seconds
            gflops = encoding.trace.gflops
            embeddings.append(encoding.embedding)
        }
        progress.finish()
        return (embeddings, encodeSeconds, gflops)
    }
}
