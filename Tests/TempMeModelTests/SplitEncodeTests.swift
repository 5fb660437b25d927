import Foundation
import Testing
import TempMeBasics
import TempMeKernels
import TempMeModel

/// One video's encode split across helper threads gives the same embedding as the serial encode,
/// bit for bit, and still matches the PyTorch trainer's reference within the parity tolerance.
@Suite struct SplitEncodeTests {
    static let pool = HelperPool(threads: 3, name: "test.helper")

    @Test(arguments: EncoderMode.allCases)
    func demoModelSplitMatchesSerialAndTheTrainer(mode: EncoderMode) throws {
        let parity = try DemoModelParityTests.parity()
        let expected = try #require(parity.video[mode.rawValue])
        let bundle = try ModelBundle.load(directory: DemoModelParityTests.directory.path, mode: mode)
        let frames = DeterministicWeights.frames(count: parity.frames)
        let serial = try bundle.model.encodeVideo(frames: frames)
        for helpers in 1...3 {
            let split = try bundle.model.encodeVideo(frames: frames, splitter: PoolSplitter(pool: Self.pool) { helpers })
            #expect(split.embedding == serial.embedding, "\(mode) with \(helpers) helpers")
            #expect(split.trace.totalMACs == expected.macs)
            #expect(maxAbsDifference(split.embedding, expected.embedding) <= 1e-4)
        }
    }

    @Test(.enabled(if: PrecisionTests.int8Runs, PrecisionTests.int8Skip))
    func int8SplitMatchesSerial() throws {
        let model = try TempMeModel(weights: SharedWeights.get(.tiny, adapter: true), configuration: .paperDefault(for: .tiny),
                                    precision: .int8)
        let frames = DeterministicWeights.frames(count: 12, size: BackboneShape.tiny.imageSize)
        let serial = try model.encodeVideo(frames: frames)
        let split = try model.encodeVideo(frames: frames, splitter: PoolSplitter(pool: Self.pool))
        #expect(split.embedding == serial.embedding)
    }

    @Test(.enabled(if: PrecisionTests.int8Runs, PrecisionTests.int8Skip))
    func int8TextSplitByColumnsMatchesSerial() throws {
        let model = try TempMeModel(weights: SharedWeights.get(.tiny, adapter: true), configuration: .paperDefault(for: .tiny),
                                    precision: .int8)
        let query: [Int32] = [49406] + (0..<10).map { Int32(320 + $0 * 7) } + [49407] + [Int32](repeating: 0, count: 20)
        let serial = try model.encodeText([query])
        for helpers in 1...3 {
            #expect(try model.encodeText([query], splitter: PoolSplitter(pool: Self.pool) { helpers }) == serial, "\(helpers) helpers")
        }
        let batch = [query, [49406, 400, 49407] + [Int32](repeating: 0, count: 29)]
        #expect(try model.encodeText(batch, splitter: PoolSplitter(pool: Self.pool)) == model.encodeText(batch))
    }

    @Test func fp32TextSplitMatchesSerial() throws {
        let model = try TempMeModel(weights: SharedWeights.get(.tiny, adapter: true), configuration: .paperDefault(for: .tiny))
        let query: [Int32] = [49406, 320, 327, 334, 49407] + [Int32](repeating: 0, count: 27)
        #expect(try model.encodeText([query], splitter: PoolSplitter(pool: Self.pool)) == model.encodeText([query]))
    }

    @Test func manyConcurrentSplitsShareOnePool() throws {
        let model = try TempMeModel(weights: SharedWeights.get(.tiny, adapter: true), configuration: .paperDefault(for: .tiny))
        let frames = DeterministicWeights.frames(count: 12, size: BackboneShape.tiny.imageSize)
        let serial = try model.encodeVideo(frames: frames).embedding
        let results = Results(count: 6)
        DispatchQueue.concurrentPerform(iterations: 6) { index in
            let embedding = try? model.encodeVideo(frames: frames, splitter: PoolSplitter(pool: Self.pool)).embedding
            results.set(index, embedding)
        }
        #expect(results.values.allSatisfy { $0 == serial })
    }

    /// Results written by concurrent iterations, one slot each.
    final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private var slots: [[Float]?]
        init(count: Int) { slots = Array(repeating: nil, count: count) }
        func set(_ index: Int, _ value: [Float]?) { lock.withLock { slots[index] = value } }
        var values: [[Float]?] { lock.withLock { slots } }
    }
}
