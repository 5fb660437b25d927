import Foundation
import Testing
import TempMeKernels
import TempMeModel

/// Number formats of the linear layers: fp32 stays the default and exact; int8 stays within its
/// measured accuracy bounds (docs/precision.md); formats this CPU or build cannot run are refused.
@Suite struct PrecisionTests {
    static let int8Runs = CPUFeatures.current.contains(.avx2)
    static let int8Skip: Comment = "skipped: int8 needs avx2, which this CPU lacks"

    /// Cosine bounds to fp32 that int8 must keep (measured minima on this suite's inputs are higher:
    /// demo 0.99989 video / 0.99984 text, B/32 0.99985 / 0.9997; docs/precision.md).
    static let videoBound = 0.9995, textBound = 0.999

    static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        let dot = zip(a, b).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        let na = a.reduce(0.0) { $0 + Double($1) * Double($1) }, nb = b.reduce(0.0) { $0 + Double($1) * Double($1) }
        return dot / (na * nb).squareRoot()
    }

    @Test func fp32IsTheDefaultAndHoldsNoCopies() throws {
        let weights = try SharedWeights.get(.tiny, adapter: true)
        let model = try TempMeModel(weights: weights, configuration: .paperDefault(for: .tiny))
        #expect(model.precision.format == .fp32)
        #expect(model.reducedPrecisionWeightBytes == 0)
        let explicit = try model.with(precision: .fp32)
        let frames = DeterministicWeights.frames(count: 12, size: BackboneShape.tiny.imageSize)
        #expect(try model.encodeVideo(frames: frames).embedding == explicit.encodeVideo(frames: frames).embedding)
    }

    @Test func bf16IsRefusedNamingWhatIsMissing() throws {
        let model = try TempMeModel(weights: SharedWeights.get(.tiny, adapter: true), configuration: .paperDefault(for: .tiny))
        let hasBF16 = CPUFeatures.current.contains(.avx512bf16) || CPUFeatures.current.contains(.amxBF16)
        #expect { try model.with(precision: .bf16) } throws: { error in
            guard case let ModelError.unavailablePrecision(requested, missing, message) = error else { return false }
            return requested == "bf16" && missing == (hasBF16 ? nil : "avx512_bf16 or amx_bf16") && !message.isEmpty
        }
    }

    @Test func autoResolvesToWhatThisCPURuns() throws {
        let model = try TempMeModel(weights: SharedWeights.get(.tiny, adapter: true), configuration: .paperDefault(for: .tiny), precision: .auto)
        #expect(model.precision.format == (Self.int8Runs ? .int8 : .fp32))
        #expect(model.precision.reason.hasPrefix("auto"))
    }

    @Test(.enabled(if: PrecisionTests.int8Runs, PrecisionTests.int8Skip), arguments: EncoderMode.allCases)
    func int8DemoModelStaysWithinBounds(mode: EncoderMode) throws {
        let parity = try DemoModelParityTests.parity()
        let fp32 = try ModelBundle.load(directory: DemoModelParityTests.directory.path, mode: mode)
        let int8 = try ModelBundle.load(directory: DemoModelParityTests.directory.path, mode: mode, precision: .int8)
        #expect(int8.model.precision.format == .int8)
        #expect(int8.model.reducedPrecisionWeightBytes > 0)
        let frames = DeterministicWeights.frames(count: parity.frames)
        let a = try fp32.model.encodeVideo(frames: frames), b = try int8.model.encodeVideo(frames: frames)
        #expect(a.trace.tokensOut == b.trace.tokensOut && a.trace.totalMACs == b.trace.totalMACs)
        let video = Self.cosine(a.embedding, b.embedding)
        #expect(video >= Self.videoBound && video < 1, "demo \(mode) video cosine \(video)")
        for ids in parity.text.ids {
            let text = Self.cosine(try fp32.model.encodeText([ids])[0], try int8.model.encodeText([ids])[0])
            #expect(text >= Self.textBound, "demo text cosine \(text)")
        }
    }

    /// The narrow 12-layer model (cheap, every run) and B/32 (about 50 s in a debug build: with TEMPME_SLOW=1).
    static let backbones: [BackboneShape] = ProcessInfo.processInfo.environment["TEMPME_SLOW"] == "1" ? [.tiny, .b32] : [.tiny]

    @Test(.enabled(if: PrecisionTests.int8Runs, PrecisionTests.int8Skip), arguments: PrecisionTests.backbones)
    func int8DeterministicWeightsStayWithinBounds(shape: BackboneShape) throws {
        let fp32 = try TempMeModel(weights: SharedWeights.get(shape, adapter: shape == .tiny), configuration: .paperDefault(for: shape))
        let int8 = try fp32.with(precision: .int8)
        let frames = DeterministicWeights.frames(count: 12, size: shape.imageSize)
        let video = Self.cosine(try fp32.encodeVideo(frames: frames).embedding, try int8.encodeVideo(frames: frames).embedding)
        #expect(video >= Self.videoBound, "\(shape.displayName) video cosine \(video)")
        let ids: [Int32] = [49406] + (0..<10).map { Int32(320 + $0 * 7) } + [49407] + [Int32](repeating: 0, count: 20)
        let text = Self.cosine(try fp32.encodeText([ids])[0], try int8.encodeText([ids])[0])
        #expect(text >= Self.textBound, "\(shape.displayName) text cosine \(text)")
    }

    /// docs/precision.md, "Memory": an int8 model holds no float32 copy of the layers it quantized, and
    /// the fingerprint (computed from the float32 weights before they are dropped) is fp32's.
    @Test(.enabled(if: PrecisionTests.int8Runs, PrecisionTests.int8Skip))
    func int8DropsTheFloat32CopiesAndKeepsTheFingerprint() throws {
        let fp32 = try ModelBundle.deterministic(.tiny, precision: .fp32)
        let int8 = try ModelBundle.deterministic(.tiny, precision: .int8)
        #expect(int8.fingerprint == fp32.fingerprint)
        let kept = fp32.model.weights, dropped = int8.model.weights
        #expect(dropped.visual.conv1.values.isEmpty && dropped.visual.conv1.shape == kept.visual.conv1.shape)
        for (block, original) in zip(dropped.visual.blocks + dropped.text.blocks, kept.visual.blocks + kept.text.blocks) {
            for (t, o) in [(block.in_proj_weight, original.in_proj_weight), (block.out_proj_weight, original.out_proj_weight),
                           (block.c_fc_weight, original.c_fc_weight), (block.c_proj_weight, original.c_proj_weight)] {
                #expect(t.values.isEmpty && t.shape == o.shape)
            }
            #expect(block.in_proj_bias.values == original.in_proj_bias.values)
            #expect(block.ln_1.weight.values == original.ln_1.weight.values)
        }
        #expect(dropped.visual.proj.values == kept.visual.proj.values)
        #expect(dropped.text.token_embedding.values == kept.text.token_embedding.values)

        let frames = DeterministicWeights.frames(count: 12, size: BackboneShape.tiny.imageSize)
        let again = try int8.model.with(precision: .int8)
        #expect(try again.encodeVideo(frames: frames).embedding == int8.model.encodeVideo(frames: frames).embedding)
        #expect(try fp32.model.with(precision: .int8).encodeVideo(frames: frames).embedding == int8.model.encodeVideo(frames: frames).embedding)
        #expect { try int8.model.with(precision: .fp32) } throws: { error in
            guard case let ModelError.invalidConfiguration(message) = error else { return false }
            return message.contains("dropped its float32 linear layers")
        }
    }

    @Test func mergeDecisionsAreRecordedAndComparable() throws {
        let model = try TempMeModel(weights: SharedWeights.get(.tiny, adapter: true), configuration: .paperDefault(for: .tiny))
        let frames = DeterministicWeights.frames(count: 12, size: BackboneShape.tiny.imageSize)
        let (plain, merges) = try model.encodeVideoRecordingMerges(frames: frames)
        #expect(plain.embedding == (try model.encodeVideo(frames: frames)).embedding)
        #expect(!merges.isEmpty && merges.contains { $0.crossClip })
        for step in merges { #expect(step.differingPairs(from: step) == 0) }
    }
}
