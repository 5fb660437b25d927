// `tempmectl tokens`: tokens per layer and GFLOPs of each encoder mode, rendered as JSON or a table.
import Foundation
import TempMeModel

/// Tokens and GFLOPs of the chosen modes at one backbone and frame count, from a real forward pass each.
public struct TokensReport: Sendable {
    /// The backbone measured.
    public let shape: BackboneShape
    /// The backbone's name as given (`b32`, `b16`, `tiny`), printed in the JSON.
    public let backbone: String
    /// Frames per video.
    public let frames: Int
    /// One report per mode, in the order asked.
    public let modes: [ModeReport]

    /// Runs one forward pass per mode on deterministic weights (no weights on disk, no daemon).
    public static func measure(shape: BackboneShape, backbone: String, frames: Int, modes: [EncoderMode]) throws -> TokensReport {
        TokensReport(shape: shape, backbone: backbone, frames: frames,
                     modes: try ModeReport.measure(shape: shape, frames: frames, modes: modes))
    }

    /// One JSON object: backbone, frames and the modes keyed by name (sorted keys).
    public func json() throws -> String {
        struct Output: Encodable { let backbone: String; let frames: Int; let modes: [String: ModeReport] }
        let out = Output(backbone: backbone, frames: frames, modes: Dictionary(uniqueKeysWithValues: modes.map { ($0.mode.rawValue, $0) }))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(out), as: UTF8.self)
    }

    /// A table: tokens leaving the last block and GFLOPs per mode, next to the paper's figure where it has one.
    public var text: String {
        var lines = ["\(shape.displayName), \(frames) frames", "mode     tokens out   GFLOPs   paper   diff"]
        for r in modes {
            let out = "\(r.tokensOut[0]) x \(r.tokensOut[1])"
            let paper = r.paperGFLOPs.map { String(format: "%6.1f", $0) } ?? "     -"
            let diff = r.paperGFLOPs.map { String(format: "%+5.1f%%", (r.gflops / $0 - 1) * 100) } ?? "    -"
            lines.append(r.mode.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0) + out.padding(toLength: 13, withPad: " ", startingAt: 0)
                         + String(format: "%6.1f", r.gflops) + "  " + paper + "  " + diff)
        }
        return lines.joined(separator: "\n")
    }
}
