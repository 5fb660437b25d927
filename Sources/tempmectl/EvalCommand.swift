import ArgumentParser
import Foundation
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
        var options = VideoDecodeOptions()
        options.frames = bundle.model.configuration.frames
        let progress = ProgressBar(total: set.entries.count)
        var videoEmbeddings: [[Float]] = []
        var encodeSeconds = 0.0, gflops = 0.0
        for (i, entry) in set.entries.enumerated() {
            progress.show(done: i, current: URL(fileURLWithPath: entry.video).lastPathComponent)
            let decoded = try VideoDecoder.decode(path: entry.video, options: options)
            let start = ContinuousClock.now
            let encoding = try bundle.model.encodeVideo(frames: decoded.frames)
            encodeSeconds += (ContinuousClock.now - start).seconds
            gflops = encoding.trace.gflops
            videoEmbeddings.append(encoding.embedding)
        }
        progress.finish()
        var captionOwner: [Int] = [], similarity: [[Float]] = []
        for (v, entry) in set.entries.enumerated() {
            for caption in entry.captions {
                let text = try bundle.model.encodeText([tokenizer.encode(caption, maxWords: bundle.maxWords)])[0]
                similarity.append(videoEmbeddings.map { zip($0, text).reduce(0) { $0 + $1.0 * $1.1 } })
                captionOwner.append(v)
            }
        }
        let t2v = RetrievalMetrics(ranks: RetrievalMetrics.textToVideoRanks(similarity: similarity, videoOfCaption: captionOwner))
        let v2t = RetrievalMetrics(ranks: RetrievalMetrics.videoToTextRanks(similarity: similarity, videoOfCaption: captionOwner,
                                                                            videos: set.entries.count))
        let inGroup = GroupAccuracy(similarity: similarity, videoOfCaption: captionOwner, groupOfVideo: set.entries.map(\.group))
        let videosPerSecond = Double(set.entries.count) / max(encodeSeconds, 1e-9)
        let report = EvaluationReport(model: directory, mode: bundle.model.configuration.mode.rawValue, videos: set.entries.count,
                                      captions: captionOwner.count, textToVideo: t2v, videoToText: v2t, textToVideoInGroup: inGroup, gflops: gflops,
                                      videosPerSecond: videosPerSecond)
        if client.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
            return
        }
        print("\(directory), mode \(report.mode): \(report.videos) videos, \(report.captions) captions")
        print("direction      R@1    R@5   R@10  R-sum    MdR    MnR")
        for (name, m) in [("text->video", t2v), ("video->text", v2t)] {
            print(name.padding(toLength: 12, withPad: " ", startingAt: 0)
                  + String(format: " %6.1f %6.1f %6.1f %6.1f %6.1f %6.1f", m.r1, m.r5, m.r10, m.rsum, m.medianRank, m.meanRank))
        }
        if let inGroup {
            print(String(format: "within group   %5.1f%% of %d captions rank their video above the rest of its group",
                         inGroup.percent, inGroup.captions))
        }
        print(String(format: "GFLOPs per video %.3f, %.1f videos/s (encoder, one core)", gflops, videosPerSecond))
    }
}

/// What `tempmectl eval --json` prints.
struct EvaluationReport: Encodable {
    let model: String
    let mode: String
    let videos: Int
    let captions: Int
    let textToVideo: RetrievalMetrics
    let videoToText: RetrievalMetrics
    let textToVideoInGroup: GroupAccuracy?
    let gflops: Double
    let videosPerSecond: Double
    enum CodingKeys: String, CodingKey {
        case model, mode, videos, captions, gflops
        case textToVideo = "text_to_video", videoToText = "video_to_text", textToVideoInGroup = "text_to_video_in_group", videosPerSecond = "videos_per_s"
    }
}
