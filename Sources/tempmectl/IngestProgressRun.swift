// Runs an ingest batch in front of the user: a progress bar, failures as they happen, Ctrl-C handling.
import Foundation
import Synchronization
import TempMeClient
import TempMeDaemon
import TempMeProto

/// How each file of a plan ended.
enum FileOutcome {
    /// Stored.
    case ingested(Tempme_V1_IngestResponse)
    /// Not stored (or the daemon's answer never arrived).
    case failed(CtlFailure)
    /// Never uploaded: the run stopped first.
    case notStarted
}

/// Drives one batch: draws progress from its events, notes each failure on stderr when it happens,
/// and turns SIGINT into `stop()` (first) and `abandon()` (second; a third one exits at once).
struct IngestProgressRun {
    let batch: IngestBatch
    let plan: IngestPlan

    /// What the run produced, per file in plan order.
    struct Result {
        var outcomes: [FileOutcome]
        var seconds: Double
        var interrupted: Bool
    }

    func run() -> Result {
        let progress = ProgressBar(total: plan.files.count)
        let board = Mutex(Board(done: plan.duplicates.count))
        for index in plan.duplicates.keys.sorted() {
            if let failure = plan.duplicateFailure(file: index) { progress.note("\(plan.files[index]): \(failure)") }
        }
        let batch = batch, plan = plan
        let interrupts = TerminationSignalHandler(
            signals: [SIGINT],
            onFirstSignal: { _ in
                batch.stop()
                progress.note("interrupted: starting no more uploads, finishing those in flight (Ctrl-C again to abandon them)")
            },
            onRepeatedSignal: { _ in
                if board.withLock({ board in defer { board.abandoned = true }; return board.abandoned }) { exit(130) }
                batch.abandon()
                progress.note("interrupted again: abandoning the uploads in flight")
            })
        TerminationSignalHandler.unblock([SIGINT])
        let start = ContinuousClock.now
        let outcomes = batch.run { event in
            board.withLock { board in
                switch event {
                case .started(let index):
                    board.active.insert(index)
                case .finished(let index, let outcome):
                    board.active.remove(index)
                    board.done += 1
                    if case .failed(let error) = outcome { progress.note("\(plan.items[index].path): \(CtlFailure.from(error))") }
                    if case .ingested(let response) = outcome { board.segments += Int(response.segments) }
                }
                let name = board.active.min().map { (plan.items[$0].path as NSString).lastPathComponent } ?? ""
                let current = board.segments > 0 ? "\(name) (\(board.segments) segments so far)" : name
                progress.show(done: board.done, current: current, inFlight: board.active.count)
            }
        }
        let seconds = (ContinuousClock.now - start).seconds
        progress.finish(done: board.withLock { $0.done })
        let interrupted = interrupts.hasFired
        interrupts.cancel()
        var perFile = [FileOutcome](repeating: .notStarted, count: plan.files.count)
        for index in plan.duplicates.keys {
            if let failure = plan.duplicateFailure(file: index) { perFile[index] = .failed(failure) }
        }
        for (item, outcome) in outcomes.enumerated() {
            switch outcome {
            case .ingested(let response): perFile[plan.fileOfItem[item]] = .ingested(response)
            case .failed(let error): perFile[plan.fileOfItem[item]] = .failed(CtlFailure.from(error))
            case .notStarted: break
            }
        }
        return Result(outcomes: perFile, seconds: seconds, interrupted: interrupted)
    }

    /// What the progress bar shows.
    private struct Board {
        var done: Int
        var active: Set<Int> = []
        /// Segments of the videos ingested so far.
        var segments = 0
        var abandoned = false
    }
}
