import Foundation
import TempMeStore

/// Opens an existing store, timing the rebuild of its search matrix; prints records and seconds.
struct ReopenTiming {
    let directory: URL
    let dimension: Int
    let fingerprint: String

    init(options: ToolOptions) throws {
        directory = URL(fileURLWithPath: try options.string("directory"))
        dimension = try options.int("dimension", default: 512)
        fingerprint = options.optionalString("fingerprint") ?? StoreBenchmark.fingerprint
    }

    func run() throws {
        let cpuBefore = StoreBenchmark.cpuSeconds()
        var opened: EmbeddingStore?
        let seconds = try StoreBenchmark.seconds {
            opened = try EmbeddingStore(directory: directory, configuration: StoreConfiguration(
                dimension: dimension, modelFingerprint: fingerprint, foreignFingerprints: .include))
        }
        guard let store = opened else { return }
        let cpu = StoreBenchmark.cpuSeconds() - cpuBefore
        print("{\"videos\": \(store.count(kind: .video)), \"texts\": \(store.count(kind: .text)), "
              + "\"reopen_rebuild_s\": \(seconds), \"reopen_rebuild_cpu_s\": \(cpu)}")
        store.close()
    }
}
