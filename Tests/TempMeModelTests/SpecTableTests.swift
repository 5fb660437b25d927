import Testing
import TempMeModel

/// Tokens leaving the last block and GFLOPs against the paper's table (spec section 6).
@Suite struct SpecTableTests {
    struct Row: Sendable, CustomTestStringConvertible {
        let backbone: String
        let frames: Int
        let tokens: [EncoderMode: [Int]]
        let gflops: [EncoderMode: Double]
        var testDescription: String { "\(backbone) \(frames) frames" }
    }

    static let rows: [Row] = [
        Row(backbone: "b32", frames: 12, tokens: [.lora: [12, 50], .tome: [12, 26], .tempme: [1, 97]],
            gflops: [.lora: 53.0, .tome: 40.2, .tempme: 34.8]),
        Row(backbone: "b16", frames: 12, tokens: [.lora: [12, 197], .tome: [12, 77], .tempme: [1, 127]],
            gflops: [.lora: 211.3, .tome: 144.4, .tempme: 121.4]),
        // Token counts depend on the patch grid, not the width: the narrow model has B/32's grid.
        Row(backbone: "tiny", frames: 64, tokens: [.lora: [64, 50], .tome: [64, 26], .tempme: [1, 500]], gflops: [:]),
    ]

    @Test(arguments: rows)
    func tokensAndGFLOPsMatchThePaper(row: Row) throws {
        let shape = try #require(BackboneShape.named(row.backbone))
        for report in try ModeReport.measure(shape: shape, frames: row.frames) {
            #expect(report.tokensOut == row.tokens[report.mode], "\(row.backbone) \(report.mode) tokens out")
            if let paper = row.gflops[report.mode] {
                #expect(abs(report.gflops / paper - 1) <= 0.02, "\(row.backbone) \(report.mode): \(report.gflops) GFLOPs vs paper \(paper)")
            }
        }
    }

    @Test func textTruncationAtEndOfTextChangesNothing() throws {
        let model = try TempMeModel(weights: SharedWeights.get(.tiny, adapter: true), configuration: .paperDefault(for: .tiny))
        let short: [Int32] = [49406, 320, 1929, 49407] + [Int32](repeating: 0, count: 28)
        let long: [Int32] = [49406] + (1...20).map { Int32(300 + $0) } + [49407] + [Int32](repeating: 0, count: 10)
        let together = try model.encodeText([short, long])
        let alone = try [model.encodeText([short])[0], model.encodeText([long])[0]]
        #expect(maxAbsDifference(together[0], alone[0]) < 1e-6)
        #expect(maxAbsDifference(together[1], alone[1]) < 1e-6)
    }

    @Test func badInputGivesTypedErrors() throws {
        let model = try TempMeModel(weights: SharedWeights.get(.tiny, adapter: true), configuration: .paperDefault(for: .tiny))
        #expect(throws: ModelError.self) { try model.encodeVideo(frames: [0, 1, 2]) }
        #expect(throws: ModelError.self) { try model.encodeText([[49406, 70000, 49407]]) }
        #expect(throws: ModelError.self) { try model.encodeText([[Int32]](repeating: [1], count: 1).map { $0 + [Int32](repeating: 0, count: 100) }) }
        var config = MergeConfiguration.paperDefault(for: .tiny, frames: 10)
        #expect(throws: ModelError.self) { try TempMeModel(weights: SharedWeights.get(.tiny, adapter: true), configuration: config) }
        config = .paperDefault(for: .tiny)
        config.mergeLayers = [9, 8, 10]
        #expect(throws: ModelError.self) { try TempMeModel(weights: SharedWeights.get(.tiny, adapter: true), configuration: config) }
    }
}
