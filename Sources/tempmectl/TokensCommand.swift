import ArgumentParser
import Foundation
import TempMeModel

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
    var json: Bool { client.json }

    func run() throws {
        let shape = try parseBackbone(backbone)
        let reports = try ModeReport.measure(shape: shape, frames: frames, modes: try parseModes(modes))
        if json {
            struct Output: Encodable { let backbone: String; let frames: Int; let modes: [String: ModeReport] }
            let out = Output(backbone: backbone, frames: frames, modes: Dictionary(uniqueKeysWithValues: reports.map { ($0.mode.rawValue, $0) }))
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(out), as: UTF8.self))
            return
        }
        print("\(shape.displayName), \(frames) frames")
        print("mode     tokens out   GFLOPs   paper   diff")
        for r in reports {
            let out = "\(r.tokensOut[0]) x \(r.tokensOut[1])"
            let paper = r.paperGFLOPs.map { String(format: "%6.1f", $0) } ?? "     -"
            let diff = r.paperGFLOPs.map { String(format: "%+5.1f%%", (r.gflops / $0 - 1) * 100) } ?? "    -"
            print(r.mode.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0) + out.padding(toLength: 13, withPad: " ", startingAt: 0)
                  + String(format: "%6.1f", r.gflops) + "  " + paper + "  " + diff)
        }
    }
}
