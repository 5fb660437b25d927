import Foundation
import Testing
import TempMeModel

/// The committed demo model (training/demo_model) against the PyTorch trainer's and numpy
/// reference's outputs recorded in its parity.json: all three modes and the text tower.
@Suite struct DemoModelParityTests {
    struct Parity: Decodable {
        struct Video: Decodable { let embedding: [Float]; let tokens_out: [Int]; let macs: Int }
        struct Text: Decodable { let ids: [[Int32]]; let embeddings: [[Float]] }
        let frames: Int
        let video: [String: Video]
        let text: Text
    }

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../training/demo_model").standardized

    static func parity() throws -> Parity {
        // Python writes an unreachable decision margin as `Infinity`, which JSON5 allows.
        let decoder = JSONDecoder()
        decoder.allowsJSON5 = true
        return try decoder.decode(Parity.self, from: Data(contentsOf: directory.appendingPathComponent("parity.json")))
    }

    @Test(arguments: EncoderMode.allCases)
    func videoMatchesTheTrainer(mode: EncoderMode) throws {
        let parity = try Self.parity()
        let expected = try #require(parity.video[mode.rawValue])
        let bundle = try ModelBundle.load(directory: Self.directory.path, mode: mode)
        let out = try bundle.model.encodeVideo(frames: DeterministicWeights.frames(count: parity.frames))
        #expect([out.trace.tokensOut.clips, out.trace.tokensOut.tokens] == expected.tokens_out)
        #expect(out.trace.totalMACs == expected.macs)
        let diff = maxAbsDifference(out.embedding, expected.embedding)
        #expect(diff <= 1e-4, "demo model \(mode): max abs difference \(diff)")
    }

    @Test func textMatchesTheTrainer() throws {
        let parity = try Self.parity()
        let bundle = try ModelBundle.load(directory: Self.directory.path)
        #expect(bundle.meaningful)
        #expect(bundle.maxWords == 32)
        for (ids, expected) in zip(parity.text.ids, parity.text.embeddings) {
            let diff = maxAbsDifference(try bundle.model.encodeText([ids])[0], expected)
            #expect(diff <= 1e-4, "demo text: max abs difference \(diff)")
        }
    }
}
