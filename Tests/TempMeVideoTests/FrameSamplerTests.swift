import Testing
@testable import TempMeVideo

private struct SamplerGolden: Decodable {
    struct Case: Decodable {
        let frameCount: Int
        let fps: Double
        let frames: Int
        let expected: [Int]
    }

    let cases: [Case]
}

/// The spec's frame sampling against numpy's float64 linspace (scripts/reference_preprocess.py).
struct FrameSamplerTests {
    @Test func matchesTheNumpyReferenceOnEveryCase() throws {
        let golden = try Golden.load("frame_sampler.json", as: SamplerGolden.self)
        #expect(golden.cases.count > 700)
        var mismatches = 0
        for entry in golden.cases {
            let numbers = FrameSampler.frameNumbers(frameCount: entry.frameCount, fps: entry.fps, frames: entry.frames)
            if numbers != entry.expected {
                mismatches += 1
                Issue.record("frameCount \(entry.frameCount) fps \(entry.fps) F \(entry.frames): \(numbers) != \(entry.expected)")
            }
        }
        #expect(mismatches == 0)
    }

    @Test func strideRoundsHalfToEvenAndNeverDropsBelowOne() {
        #expect(FrameSampler.samplingStride(fps: 12.5) == 12)
        #expect(FrameSampler.samplingStride(fps: 13.5) == 14)
        #expect(FrameSampler.samplingStride(fps: 23.976) == 24)
        #expect(FrameSampler.samplingStride(fps: 0.4) == 1)
        #expect(FrameSampler.samplingStride(fps: 0) == 1)
        #expect(FrameSampler.samplingStride(fps: .nan) == 1)
        #expect(FrameSampler.samplingStride(fps: .infinity) == 1)
    }

    @Test func alwaysYieldsExactlyFFramesInsideTheVideo() {
        for count in [1, 2, 9, 360, 100_000] {
            for frames in [1, 12, 64] {
                let numbers = FrameSampler.frameNumbers(frameCount: count, fps: 29.97, frames: frames)
                #expect(numbers.count == frames)
                #expect(numbers.allSatisfy { (0..<count).contains($0) })
                #expect(numbers == numbers.sorted())
            }
        }
        #expect(FrameSampler.frameNumbers(frameCount: 0, fps: 30, frames: 12).isEmpty)
    }
}
