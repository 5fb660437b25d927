// `tempmectl info`: the loaded model, its merge schedule and cost, and the daemon's state.
import ArgumentParser
import TempMeClient

/// Shows the model and daemon summary.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "info", abstract: "Show the loaded model, its merge schedule and cost.")

    @OptionGroup var client: ClientOptions

    func run() throws {
        try runReporting(json: client.json) {
            let info = try client.connect().info()
            if client.json { return printJSON(info) }
            print("model: \(info.modelName)")
            if info.deterministicWeights {
                print("WARNING: deterministic weights, not a trained model: search results are not meaningful")
            }
            print("backbone: \(info.backbone)")
            print("precision: \(info.precision) (\(info.precisionReason))")
            print("mode: \(info.mode)  frames: \(info.frames)  max_words: \(info.maxWords)  embedding_dim: \(info.embeddingDim)")
            let schedule = info.mergeSchedule.map { "layer \($0.layer) x\($0.groupSize)" }.joined(separator: ", ")
            print("merge schedule: \(schedule.isEmpty ? "none" : schedule)  r_img: \(info.rImg)  R_C: \(info.crossClipKeepRatio)  R_I: \(info.intraClipKeepRatio)")
            let tokens = info.tokensPerLayer.map { "\($0.clips)x\($0.tokensPerClip)" }.joined(separator: " ")
            print("tokens per layer (clips x tokens): \(tokens)")
            print("GFLOPs per video: \(String(format: "%.2f", info.gflopsPerVideo))")
            print("fingerprint: \(info.modelFingerprint)")
            print("videos: \(info.videoCount)  texts: \(info.textCount)  queue: \(info.queueDepth)  uptime: \(String(format: "%.0f", info.uptimeSeconds)) s")
            print(info.segmentMinVideoSeconds > 0
                  ? "segments: videos over \(seconds(info.segmentMinVideoSeconds)) s cut into \(seconds(info.segmentSeconds)) s windows every \(seconds(info.segmentStrideSeconds)) s; ranked by \(info.aggregation)"
                  : "segments: off (videos stay whole); ranked by \(info.aggregation)")
            print("version: \(info.version)")
        }
    }
}
