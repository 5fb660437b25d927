// The service's calls block (encoding, RocksDB); they run on Dispatch threads, never on the event loops.
import Dispatch

/// Runs blocking work away from Swift concurrency's and NIO's threads.
enum BlockingWork {
    private static let queue = DispatchQueue(label: "tempmed.http.work", attributes: .concurrent)

    /// The result of `body`, run on a Dispatch worker thread.
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }
}
