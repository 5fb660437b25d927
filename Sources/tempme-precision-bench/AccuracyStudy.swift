import Foundation
import TempMeEvaluation
import TempMeKernels
import TempMeModel
import TempMeVideo

/// Accuracy of a reduced number format against fp32 on the same inputs, in one run: cosine of video
/// and text embeddings (mean, min), merge decisions that flip, and (with captions) retrieval R@1/5/10.
enum AccuracyStudy {
    struct Summary {
        var videoCosines: [Double] = []
        var textCosines: [Double] = []
        var mergePairs = 0, flippedPairs = 0, stepsWithFlip = 0, steps = 0
        /// The first merge step only, where both runs merge the same tokens (no earlier flip to cascade).
        var firstStepPairs = 0, firstStepFlipped = 0
        var videosWithFlip = 0
        var cosineWithFlip: [Double] = [], cosineWithoutFlip: [Double] = []
        var firstFlipLayers: [Int: Int] = [:]
    }

    static func main(_ arguments: [String]) throws {
        var demo: String?, clips: String?, precision = Precision.int8
        var it = arguments.makeIterator()
        while let a = it.next() {
            switch a {
            case "--demo": demo = it.next()
            case "--clips": clips = it.next()
            case "--precision": precision = Precision(rawValue: it.next() ?? "") ?? .int8
            default: throw ToolError("accuracy: unknown argument \(a)")
            }
        }
        BLAS.setThreads(1)
        print("CPU: \(cpuLine())")
        let tokenizer = try CLIPTokenizer()
        if let clips {
            let files = try FileManager.default.contentsOfDirectory(atPath: clips).filter { $0.hasSuffix(".mp4") }.sorted()
            let sentences = ["a red circle moves left then a blue square appears", "a person is cooking in a kitchen",
                             "cars drive along a highway at night", "a man plays guitar on a stage", "two dogs run on the beach",
                             "a green triangle moves up", "someone explains how to fold paper", "waves crash against the rocks"]
            for mode in [EncoderMode.tempme, .lora] {
                let fp32 = try ModelBundle.deterministic(.b32, mode: mode, frames: 12)
                let reduced = try fp32.model.with(precision: precision)
                print("\nB/32 deterministic weights, \(mode.rawValue), 12 frames, \(files.count) ffmpeg clips + 1 deterministic frame set; \(reduced.precision.format.rawValue) vs fp32")
                var s = Summary()
                var inputs = try files.map { try VideoDecoder.decode(path: clips + "/" + $0, options: options(12)).frames }
                inputs.append(DeterministicWeights.frames(count: 12, size: 224))
                for frames in inputs { try compareVideo(frames, fp32.model, reduced, &s) }
                for sentence in sentences {
                    let ids = tokenizer.encode(sentence, maxWords: fp32.maxWords)
                    s.textCosines.append(dot(try fp32.model.encodeText([ids])[0], try reduced.encodeText([ids])[0]))
                }
                report(s)
            }
        }
        if let demo {
            guard let directory = ModelBundle.demoModelDirectory() else { throw ToolError("the demo model was not found") }
            let manifest = try EvaluationManifest(jsonl: demo)
            let fp32 = try ModelBundle.load(directory: directory)
            let reduced = try fp32.model.with(precision: precision)
            print("\nDemo model (\(directory)), \(fp32.model.configuration.mode.rawValue), \(manifest.entries.count) clips of \(demo); \(reduced.precision.format.rawValue) vs fp32")
            var s = Summary()
            var videos32: [[Float]] = [], videosQ: [[Float]] = []
            for entry in manifest.entries {
                let frames = try VideoDecoder.decode(path: entry.video, options: options(fp32.model.configuration.frames)).frames
                let (a, b) = try compareVideo(frames, fp32.model, reduced, &s)
                videos32.append(a)
                videosQ.append(b)
            }
            var sim32: [[Float]] = [], simQ: [[Float]] = [], owner: [Int] = []
            for (v, entry) in manifest.entries.enumerated() {
                for caption in entry.captions {
                    let ids = tokenizer.encode(caption, maxWords: fp32.maxWords)
                    let t32 = try fp32.model.encodeText([ids])[0], tQ = try reduced.encodeText([ids])[0]
                    s.textCosines.append(dot(t32, tQ))
                    sim32.append(videos32.map { Float(dot($0, t32)) })
                    simQ.append(videosQ.map { Float(dot($0, tQ)) })
                    owner.append(v)
                }
            }
            report(s)
            print("\n| format | t2v R@1 | R@5 | R@10 | v2t R@1 | R@5 | R@10 | in-group t2v |")
            print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
            for (name, sim) in [("fp32", sim32), (reduced.precision.format.rawValue, simQ)] {
                let t2v = RetrievalMetrics(ranks: RetrievalMetrics.textToVideoRanks(similarity: sim, videoOfCaption: owner))
                let v2t = RetrievalMetrics(ranks: RetrievalMetrics.videoToTextRanks(similarity: sim, videoOfCaption: owner, videos: manifest.entries.count))
                let group = GroupAccuracy(similarity: sim, videoOfCaption: owner, groupOfVideo: manifest.entries.map(\.group))
                print(String(format: "| %@ | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %@ |", name, t2v.r1, t2v.r5, t2v.r10, v2t.r1, v2t.r5, v2t.r10,
                             group.map { String(format: "%.1f", $0.percent) } ?? "-"))
            }
        }
    }

    static func options(_ frames: Int) -> VideoDecodeOptions {
        var o = VideoDecodeOptions()
        o.frames = frames
        return o
    }

    @discardableResult
    static func compareVideo(_ frames: [Float], _ fp32: TempMeModel, _ reduced: TempMeModel, _ s: inout Summary) throws -> ([Float], [Float]) {
        let (a, ma) = try fp32.encodeVideoRecordingMerges(frames: frames)
        let (b, mb) = try reduced.encodeVideoRecordingMerges(frames: frames)
        let c = dot(a.embedding, b.embedding)
        s.videoCosines.append(c)
        var flipped = false
        if let x = ma.first, let y = mb.first {
            s.firstStepPairs += x.count
            s.firstStepFlipped += x.differingPairs(from: y)
        }
        for (x, y) in zip(ma, mb) {
            let d = x.differingPairs(from: y)
            s.mergePairs += x.count
            s.flippedPairs += d
            s.steps += 1
            if d > 0 {
                s.stepsWithFlip += 1
                if !flipped { s.firstFlipLayers[x.layer, default: 0] += 1 }
                flipped = true
            }
        }
        if flipped { s.videosWithFlip += 1; s.cosineWithFlip.append(c) } else { s.cosineWithoutFlip.append(c) }
        return (a.embedding, b.embedding)
    }

    static func dot(_ a: [Float], _ b: [Float]) -> Double { zip(a, b).reduce(0) { $0 + Double($1.0) * Double($1.1) } }

    static func report(_ s: Summary) {
        func stats(_ xs: [Double]) -> String {
            xs.isEmpty ? "-" : String(format: "mean %.6f, min %.6f (n = %d)", xs.reduce(0, +) / Double(xs.count), xs.min()!, xs.count)
        }
        print("  video cosine to fp32: \(stats(s.videoCosines))")
        print("  text cosine to fp32:  \(stats(s.textCosines))")
        let pct = s.mergePairs == 0 ? 0 : 100 * Double(s.flippedPairs) / Double(s.mergePairs)
        print(String(format: "  merge pairs that differ: %d of %d (%.2f%%); steps with any difference: %d of %d; videos with any: %d of %d",
                     s.flippedPairs, s.mergePairs, pct, s.stepsWithFlip, s.steps, s.videosWithFlip, s.videoCosines.count))
        print(String(format: "  first merge step (same tokens in both runs): %d of %d pairs differ (%.2f%%)", s.firstStepFlipped, s.firstStepPairs,
                     s.firstStepPairs == 0 ? 0 : 100 * Double(s.firstStepFlipped) / Double(s.firstStepPairs)))
        print("  first differing layer (videos): \(s.firstFlipLayers.sorted { $0.key < $1.key }.map { "L\($0.key): \($0.value)" }.joined(separator: ", "))")
        print("  video cosine with a flip: \(stats(s.cosineWithFlip)); without: \(stats(s.cosineWithoutFlip))")
    }
}
