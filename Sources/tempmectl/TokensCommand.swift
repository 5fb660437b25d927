import ArgumentParser
import TempMeBenchmarks

/// `tempmectl tokens`: tokens per layer and GFLOPs of each mode, from a real forward pass.
struct TokensCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens",
        abstract: "Print tokens per layer and GFLOPs of each encoder mode (deterministic weights, no daemon).")

    @Option(help: "Backbone: b32, b16 or tiny.") var backbone = "b32"
    @Option(help: "Frames per video.") var frames = 12
    @Option(help: "Comma-separated modes to run (lora, tome, tempme); TempMe has default schedules only at 12 and 64 frames.")
    var modes = "lora,tome,tempme"
    /// The shared options; only `--json` matters here (no daemon is contacted).
    @OptionGroup var client: ClientOptions

    func run() throws {
        let report = try TokensReport.measure(shape: try parseBackbone(backbone), backbone: backbone, frames: frames, modes: try parseModes(modes))
        print(client.json ? try report.json() : report.text)
    }
}
