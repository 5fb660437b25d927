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
        let start = DispatchTime.now().uptimeNanoseconds
        let store = try EmbeddingStore(directory: directory, configuration: StoreConfiguration(
            dimension: dimension, modelFingerprint: fingerprint, foreignFingerprints: .include))
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let cpu = StoreBenchmark.cpuSeconds() - cpuBefore
        print("{\"videos\": \(store.count(kind: .video)), \"texts\": \(store.count(kind: .text)), "
              + "\"reopen_rebuild_s\": \(seconds), \"reopen_rebuild_cpu_s\": \(cpu)}")
        store.close()
    }
}
