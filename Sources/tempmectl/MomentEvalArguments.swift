// `tempmectl eval --moments`: moment retrieval on long videos (scripts/make_long_videos.py writes the manifest).
import ArgumentParser
import TempMeEvaluation
import TempMeModel
import TempMeStore
import TempMeVideo

/// The flags of a moment-retrieval evaluation and its run.
struct MomentEvalArguments: ParsableArguments {
    @Flag(help: "The manifest lists long videos with captioned spans: report moment R@1/R@5 at IoU >= 0.5 per aggregation.")
    var moments = false
    @Option(help: "Window length in seconds (with --moments).") var segmentSeconds: Double = SegmentSettings().segmentSeconds
    @Option(help: "Distance between window starts in seconds (with --moments).")
    var segmentStrideSeconds: Double = SegmentSettings().strideSeconds
    @Option(help: "Videos longer than this are segmented (with --moments).")
    var segmentMinVideoSeconds: Double = SegmentSettings().minVideoSeconds

    /// Runs the evaluation and prints its table or JSON.
    func run(manifest: String, bundle: ModelBundle, modelDirectory: String, tokenizer: CLIPTokenizer, json: Bool) throws {
        let segmenting = SegmentSettings(segmentSeconds: segmentSeconds, strideSeconds: segmentStrideSeconds,
                                         minVideoSeconds: segmentMinVideoSeconds)
        do { try segmenting.validate() } catch { throw ValidationError(error.description) }
        let set = try MomentManifest(jsonl: manifest)
        let progress = ProgressBar(total: set.entries.count)
        let report = try MomentEvaluation.run(manifest: set, bundle: bundle, modelDirectory: modelDirectory, tokenizer: tokenizer,
                                              segmenting: segmenting) { progress.show(done: $0, current: $1) }
        progress.finish()
        try report.show(asJSON: json)
    }
}
