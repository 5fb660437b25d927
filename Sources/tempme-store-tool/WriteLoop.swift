import Foundation
import TempMeBenchmarks
import Synchronization
import TempMeStore

/// Writes synthetic records from several threads until killed, printing `ack <number>` after each
/// acknowledged (durable) put. With `--fsize-limit` the process may not grow any file past that many
/// bytes (a full disk, simulated); the first write error is printed as `error <description>`, exit 3.
/// With `--segments` every video is a long one with segments (`SyntheticRecords.segmentedVideo`): each
/// number is put (`ack N`), every third is then replaced by its generation 1 (`ack-replace N`) and every
/// fourth is then deleted (`ack-delete N`).
struct WriteLoop {
    let directory: URL
    let dimension: Int
    let start: Int
    let writers: Int
    let fileSizeLimit: Int?
    let segments: Bool

    static let fingerprint = "crash-test-model"

    init(options: ToolOptions) throws {
        directory = URL(fileURLWithPath: try options.string("directory"))
        dimension = try options.int("dimension")
        start = try options.int("start")
        writers = try options.int("writers", default: 4)
        fileSizeLimit = options.optionalString("fsize-limit").flatMap { Int($0) }
        segments = options.optionalString("segments") == "on"
    }

    func run() throws {
        if let fileSizeLimit {
            signal(SIGXFSZ, SIG_IGN)  // writes past the limit then fail with EFBIG instead of killing us
            var limit = rlimit(rlim_cur: rlim_t(fileSizeLimit), rlim_max: rlim_t(fileSizeLimit))
            guard setrlimit(Int32(RLIMIT_FSIZE.rawValue), &limit) == 0 else { throw ToolFailure("setrlimit failed") }
        }
        let store = try EmbeddingStore(
            directory: directory, configuration: StoreConfiguration(dimension: dimension, modelFingerprint: Self.fingerprint))
        let output = Mutex(FileHandle.standardOutput)
        let failed = Atomic<Bool>(false)
        let threads = (0..<writers).map { writer in
            Thread { [self] in
                var number = start + writer
                while !failed.load(ordering: .relaxed) {
                    do {
                        for (operation, label) in operations(number) {
                            try operation(store)
                            output.withLock { $0.write(Data("\(label) \(number)\n".utf8)) }
                        }
                    } catch {
                        if !failed.exchange(true, ordering: .relaxed) {
                            output.withLock { $0.write(Data("error \(error)\n".utf8)) }
                        }
                        return
                    }
                    number += writers
                }
            }
        }
        threads.forEach { $0.start() }
        while !failed.load(ordering: .relaxed) { usleep(10_000) }
        usleep(100_000)
        store.close()
        exit(3)
    }

    /// The writes for record `number`, each with the word acknowledging it.
    private func operations(_ number: Int) -> [((EmbeddingStore) throws -> Void, String)] {
        let fingerprint = Self.fingerprint, dimension = dimension
        guard segments else {
            return [({ try $0.putVideo(SyntheticRecords.video(number, dimension: dimension, fingerprint: fingerprint)) }, "ack")]
        }
        var writes: [((EmbeddingStore) throws -> Void, String)] = [({
            try $0.putVideo(SyntheticRecords.segmentedVideo(number, generation: 0, dimension: dimension, fingerprint: fingerprint))
        }, "ack")]
        if number % 3 == 0 {
            writes.append(({
                try $0.putVideo(SyntheticRecords.segmentedVideo(number, generation: 1, dimension: dimension, fingerprint: fingerprint))
            }, "ack-replace"))
        }
        if number % 4 == 0 {
            writes.append(({ _ = try $0.delete(id: SyntheticRecords.id(number), kind: .video) }, "ack-delete"))
        }
        return writes
    }
}
