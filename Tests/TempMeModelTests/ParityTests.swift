import Testing
import TempMeModel

/// Swift outputs against the numpy reference's goldens: embeddings within 1e-4, tokens and FLOPs exact.
@Suite struct ParityTests {
    static let backbones = ["tiny", "b32"]

    @Test(arguments: backbones)
    func generatorMatchesReference(backbone: String) throws {
        let golden = try GoldenFile.load(backbone)
        for sample in golden.weight_samples {
            let t = try DeterministicWeights.tensor(name: sample.name, shape: sample.shape)
            #expect(Array(t.values.prefix(8)) == sample.first8, "\(sample.name) first values")
            #expect(Array(t.values.suffix(8)) == sample.last8, "\(sample.name) last values")
            let sum = t.values.reduce(0.0) { $0 + Double($1) }
            #expect(abs(sum - sample.sum_f64) <= 1e-9 * max(1, abs(sum)), "\(sample.name) sum")
        }
        let frames = DeterministicWeights.frames(count: golden.frame_samples.frames)
        #expect(Array(frames.prefix(8)) == golden.frame_samples.first8)
        for (index, value) in golden.frame_samples.at_index { #expect(frames[Int(index)!] == value, "frame value at \(index)") }
    }

    @Test(arguments: backbones)
    func videoEmbeddingsMatchReference(backbone: String) throws {
        let golden = try GoldenFile.load(backbone)
        let shape = try #require(BackboneShape.named(backbone))
        for case_ in golden.video {
            let weights = try SharedWeights.get(shape, adapter: case_.adapter)
            let model = try TempMeModel(weights: weights, configuration: GoldenFile.configuration(case_, shape: shape))
            let out = try model.encodeVideo(frames: DeterministicWeights.frames(count: case_.frames))
            let label = "\(backbone) \(case_.mode) F=\(case_.frames) adapter=\(case_.adapter)"
            #expect(out.trace.layers.map { [$0.clips, $0.tokensPerClip] } == case_.blocks, "\(label) tokens per block")
            #expect(out.trace.totalMACs == case_.macs, "\(label) multiply-adds")
            let diff = maxAbsDifference(out.embedding, case_.embedding)
            #expect(diff <= golden.tolerance_embedding_max_abs, "\(label): max abs difference \(diff)")
        }
    }

    @Test(arguments: backbones)
    func textEmbeddingsMatchReference(backbone: String) throws {
        let golden = try GoldenFile.load(backbone)
        let shape = try #require(BackboneShape.named(backbone))
        for case_ in golden.text {
            let model = try TempMeModel(weights: SharedWeights.get(shape, adapter: case_.adapter),
                                        configuration: .paperDefault(for: shape))
            let out = try model.encodeText([case_.ids])
            let diff = maxAbsDifference(out[0], case_.embedding)
            #expect(diff <= golden.tolerance_embedding_max_abs, "\(backbone) text '\(case_.label)': max abs difference \(diff)")
        }
    }
}
