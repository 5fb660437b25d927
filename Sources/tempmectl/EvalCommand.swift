import ArgumentParser
import Foundation
import TempMeEvaluation
import TempMeModel
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
    @Option(help: "Number format of the linear layers: fp32, int8, bf16 or auto (as the daemon's encoder.precision).") var precision = "fp32"
    @Option(help: "Frame sampling: exact, or keyframe (samples snapped to nearby keyframes).") var sampling = "exact"
    @OptionGroup var client: ClientOptions
    @OptionGroup var momentArguments: MomentEvalArguments

    func run() throws {
        let chosenMode = try mode.map(parseMode)
        guard let frameSampling = FrameSampling(rawValue: sampling) else {
            throw ValidationError("--sampling must be exact or keyframe, not \(sampling.debugDescription)")
        }
        guard let directory = model ?? ModelBundle.demoModelDirectory() else {
            throw ValidationError("no --model given and the demo model (training/demo_model) was not found")
        }
        let bundle = try ModelBundle.load(directory: directory, mode: chosenMode, precision: try parsePrecision(precision))
        guard let vocabulary = vocab.map({ URL(fileURLWithPath: $0) }) ?? CLIPTokenizer.defaultVocabularyFile() else {
            throw ValidationError("the CLIP vocabulary was not found: run scripts/fetch_vocab.sh or pass --vocab")
        }
        let tokenizer = try CLIPTokenizer(vocabularyFile: vocabulary)
        if momentArguments.moments {
            return try momentArguments.run(manifest: manifest, bundle: bundle, modelDirectory: directory, tokenizer: tokenizer, json: client.json)
        }
        let set = try EvaluationManifest(jsonl: manifest)
        let progress = ProgressBar(total: set.entries.count)
        let report = try Evaluation.run(manifest: set, bundle: bundle, modelDirectory: directory, tokenizer: tokenizer,
                                        sampling: frameSampling) {
            progress.show(done: $0, current: $1)
        }
        progress.finish()
        try report.show(asJSON: client.json)
    }
}
