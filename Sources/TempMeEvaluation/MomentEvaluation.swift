// Moment retrieval on long videos: segment, encode, store, and query as the daemon does (no daemon).
import Foundation
import TempMeKernels
import TempMeModel
import TempMeStore
import TempMeVideo

/// Runs `tempmectl eval --moments`: every long video decoded in one pass into its whole-video and window frames,
/// encoded, stored with its segments in a scratch `EmbeddingStore`, then every caption searched under each
/// aggregation exactly as `tempmed` searches.
public enum MomentEvaluation {
    /// What the run measured: one row per aggregation plus the cost of indexing.
    public struct Report: Sendable, Codable {
        /// Model directory and mode.
        public var model: String
        public var mode: String
        /// Videos, captions, their total hours, and the segments they were cut into.
        public var videos: Int
        public var captions: Int
        public var hours: Double
        public var segments: Int
        /// Window length and stride in seconds.
        public var segmentSeconds: Double
        public var strideSeconds: Double
        /// One row per aggregation.
        public var rows: [MomentMetrics]
        /// GFLOPs of one encode (one window or one whole video), and of indexing one hour of video.
        public var gflopsPerEncode: Double
        public var gflopsPerHour: Double
        /// Encoder seconds (one core) per hour of video, and decode seconds per hour.
        public var encodeSecondsPerHour: Double
        public var decodeSecondsPerHour: Double
    }

    /// Evaluates `manifest` with `bundle`, segmenting by `segmenting`; `progress(done, video)` before each video.
    public static func run(
        manifest: MomentManifest, bundle: ModelBundle, modelDirectory: String, tokenizer: CLIPTokenizer,
        segmenting: SegmentSettings, aggregations: [SegmentAggregation] = SegmentAggregation.allCases,
        progress: (Int, String) -> Void = { _, _ in }
    ) throws -> Report {
        BLAS.setThreads(1)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tempme-moment-eval-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let store = try EmbeddingStore(directory: scratch, configuration: StoreConfiguration(
            dimension: bundle.model.embeddingDimension, modelFingerprint: bundle.fingerprint))
        defer { store.close() }
        var options = VideoDecodeOptions()
        options.frames = bundle.model.configuration.frames
        var seconds = 0.0, encodeSeconds = 0.0, decodeSeconds = 0.0, segments = 0, gflops = 0.0
        for (number, entry) in manifest.entries.enumerated() {
            progress(number, URL(fileURLWithPath: entry.video).lastPathComponent)
            var windows: [SegmentFrames] = []
            let start = ContinuousClock.now
            let decoded = try VideoDecoder.decodeSegmented(path: entry.video, options: options, segmenting: segmenting) {
                windows.append($0)
            }
            decodeSeconds += (ContinuousClock.now - start).seconds
            let encodeStart = ContinuousClock.now
            let whole = try bundle.model.encodeVideo(frames: decoded.whole.frames)
            let encoded = try windows.map { window in
                VideoSegment(startSeconds: window.window.startSeconds, endSeconds: window.window.endSeconds,
                             embedding: try bundle.model.encodeVideo(frames: window.frames).embedding)
            }
            encodeSeconds += (ContinuousClock.now - encodeStart).seconds
            gflops = whole.trace.gflops
            segments += encoded.count
            seconds += decoded.whole.durationSeconds
            try store.putVideo(VideoRecord(
                id: String(number), embedding: whole.embedding, modelFingerprint: bundle.fingerprint,
                metadata: ["video": String(number)],
                source: VideoSource(durationSeconds: decoded.whole.durationSeconds, framesPerSecond: decoded.whole.fps,
                                    sampledFrames: []),
                segments: encoded))
        }
        var queries: [(text: [Float], video: String, truth: (start: Double, end: Double))] = []
        for (number, entry) in manifest.entries.enumerated() {
            for moment in entry.moments {
                let text = try bundle.model.encodeText([tokenizer.encode(moment.caption, maxWords: bundle.maxWords)])[0]
                queries.append((text, String(number), (moment.start, moment.end)))
            }
        }
        let rows = try aggregations.map { try score(queries, in: store, aggregation: $0) }
        let hours = seconds / 3600
        return Report(
            model: modelDirectory, mode: bundle.model.configuration.mode.rawValue, videos: manifest.entries.count,
            captions: queries.count, hours: hours, segments: segments, segmentSeconds: segmenting.segmentSeconds,
            strideSeconds: segmenting.strideSeconds, rows: rows, gflopsPerEncode: gflops,
            gflopsPerHour: gflops * Double(segments + manifest.entries.count) / max(hours, 1e-12),
            encodeSecondsPerHour: encodeSeconds / max(hours, 1e-12), decodeSecondsPerHour: decodeSeconds / max(hours, 1e-12))
    }

    /// Every query searched under `aggregation`: the first five (video, moment) pairs, and the right video's own best moment.
    private static func score(
        _ queries: [(text: [Float], video: String, truth: (start: Double, end: Double))], in store: EmbeddingStore,
        aggregation: SegmentAggregation
    ) throws -> MomentMetrics {
        var r1 = 0, r5 = 0, videoR1 = 0, startError = 0.0
        for query in queries {
            let result = try store.search(StoreQuery(source: .vector(query.text), target: .video, k: 5, aggregation: aggregation, moments: 5))
            // Corpus moment ranking: every moment of the top five videos, by its own score (ties keep the hit order).
            let ranked = result.hits.flatMap { hit in hit.moments.map { (video: hit.id, moment: $0) } }
                .enumerated().sorted { ($0.element.moment.score, -$0.offset) > ($1.element.moment.score, -$1.offset) }
            let pairs = ranked.prefix(5).map { ($0.element.video, ($0.element.moment.startSeconds, $0.element.moment.endSeconds)) }
            let hits = pairs.map { MomentMetrics.isHit(video: $0.0, span: $0.1, truthVideo: query.video, truth: query.truth) }
            if hits.first == true { r1 += 1 }
            if hits.contains(true) { r5 += 1 }
            if result.hits.first?.id == query.video { videoR1 += 1 }
            let own = try store.search(StoreQuery(source: .vector(query.text), target: .video, k: 1, filter: ["video": query.video],
                                                  aggregation: aggregation, moments: 1))
            startError += abs((own.hits.first?.moments.first?.startSeconds ?? 0) - query.truth.start)
        }
        let count = Double(max(queries.count, 1))
        return MomentMetrics(aggregation: aggregation.rawValue, r1: 100 * Double(r1) / count, r5: 100 * Double(r5) / count,
                             videoR1: 100 * Double(videoR1) / count, meanStartError: startError / count)
    }
}

extension MomentEvaluation.Report {
    /// Prints the report as one JSON object or as a table.
    public func show(asJSON json: Bool) throws {
        if json { return try JSONLines.printSorted(self) }
        print("\(model), mode \(mode): \(videos) videos (\(String(format: "%.2f", hours * 60)) min), \(captions) captions, "
              + "\(segments) segments of \(segmentSeconds) s every \(strideSeconds) s")
        print("aggregation     R@1(IoU>=0.5)  R@5(IoU>=0.5)  video R@1  mean |start error| s")
        for row in rows {
            print(row.aggregation.padding(toLength: 14, withPad: " ", startingAt: 0)
                  + String(format: "  %13.1f  %13.1f  %9.1f  %21.2f", row.r1, row.r5, row.videoR1, row.meanStartError))
        }
        print(String(format: "GFLOPs per encode %.4f, per hour of video %.1f; encoder %.1f s and decoder %.1f s per hour of video (one core)",
                     gflopsPerEncode, gflopsPerHour, encodeSecondsPerHour, decodeSecondsPerHour))
    }
}
