// What `tempmectl ingest` prints when it is done, and the exit code it ends with.
import Foundation
import TempMeClient
import TempMeProto

/// The results of one ingest run in file order: a line per stored or failed file and a summary
/// line (or one JSON object), and the exit code: 130 when interrupted, else the first failed file's.
struct IngestSummary {
    let plan: IngestPlan
    let outcomes: [FileOutcome]
    let seconds: Double
    let interrupted: Bool
    let concurrency: Int

    /// The exit code, nil for success.
    var exitCode: Int32? {
        if interrupted { return 130 }
        return failures.first?.failure.exitCode
    }

    private var ingested: [Tempme_V1_IngestResponse] {
        outcomes.compactMap { if case .ingested(let response) = $0 { response } else { nil } }
    }

    private var failures: [(file: Int, failure: CtlFailure)] {
        outcomes.enumerated().compactMap { index, outcome in
            if case .failed(let failure) = outcome { (index, failure) } else { nil }
        }
    }

    private var notStarted: [Int] {
        outcomes.indices.filter { if case .notStarted = outcomes[$0] { true } else { false } }
    }

    /// Prints the results on stdout.
    func print(json: Bool) {
        if json { return printJSON(jsonReport) }
        for (index, outcome) in outcomes.enumerated() {
            switch outcome {
            case .ingested(let response):
                Swift.print("\(response.id)\t\(response.sampledFrames.count) frames\t\(String(format: "%.1f", response.durationSeconds)) s\t"
                    + "\(response.segments) segments\t\(String(format: "%.2f", max(response.totalGflops, response.cost.gflops))) GFLOPs\t"
                    + "encode \(String(format: "%.2f", response.encodeMs / 1000)) s\t\(response.replaced ? "replaced" : "new")")
            case .failed(let failure):
                Swift.print("\(plan.ids[index])\tFAILED\t\(failure)\t\(plan.files[index])")
            case .notStarted:
                break
            }
        }
        let skipped = notStarted.count
        Swift.print("ingested \(ingested.count) of \(plan.files.count) video(s) (\(segments) segments), \(failures.count) failed"
            + (skipped > 0 ? ", \(skipped) not started" : "") + (interrupted ? " (interrupted)" : "")
            + ", in \(String(format: "%.1f", seconds)) s with \(concurrency) upload(s) in flight")
    }

    /// Segments of every ingested video.
    private var segments: Int { ingested.reduce(0) { $0 + Int($1.segments) } }

    private var jsonReport: [String: Any] {
        [
            "ingested": ingested.map(jsonObject),
            "failed": failures.map {
                ["path": plan.files[$0.file], "id": plan.ids[$0.file], "status": $0.failure.status, "message": $0.failure.message]
            },
            "not_started": notStarted.map { plan.files[$0] },
            "summary": [
                "total": plan.files.count, "ingested": ingested.count, "segments": segments, "failed": failures.count, "not_started": notStarted.count,
                "seconds": seconds, "jobs": concurrency, "interrupted": interrupted,
            ] as [String: Any],
        ]
    }
}
