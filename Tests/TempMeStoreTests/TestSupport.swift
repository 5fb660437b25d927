import Foundation
@testable import TempMeStore

/// Helpers shared by the store tests: scratch directories, configurations, records, the tool binary.
enum TestSupport {
    static let fingerprint = "test-model-1"

    /// A fresh, empty scratch directory, removed by `cleanup`.
    static func scratchDirectory(_ label: String = #function) -> URL {
        let safe = label.filter { $0.isLetter || $0.isNumber }
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("tempme-store-tests-\(safe)-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func cleanup(_ url: URL) {
        try? FileManager.default.removeItem(at: url)
    }

    static func configuration(
        dimension: Int = 4, fingerprint: String = fingerprint, policy: ForeignFingerprintPolicy = .refuse
    ) -> StoreConfiguration {
        StoreConfiguration(dimension: dimension, modelFingerprint: fingerprint, foreignFingerprints: policy)
    }

    static func video(
        _ id: String, _ embedding: [Float], metadata: [String: String] = [:], fingerprint: String = fingerprint
    ) -> VideoRecord {
        VideoRecord(id: id, embedding: embedding, modelFingerprint: fingerprint, metadata: metadata,
                    source: VideoSource(durationSeconds: 3, framesPerSecond: 30, sampledFrames: [0, 30, 60], origin: "test"),
                    ingestedAt: Date(timeIntervalSinceReferenceDate: 1000))
    }

    static func text(_ id: String, _ embedding: [Float], _ text: String = "a cat") -> TextRecord {
        TextRecord(id: id, text: text, embedding: embedding, modelFingerprint: fingerprint,
                   ingestedAt: Date(timeIntervalSinceReferenceDate: 2000))
    }

    /// The built `tempme-store-tool`, next to the test bundle (SwiftPM builds it first).
    static func toolURL(filePath: String = #filePath) -> URL? {
        let runner = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).resolvingSymlinksInPath()
        var candidates = [runner.deletingLastPathComponent(), runner.deletingLastPathComponent().deletingLastPathComponent()]
        let packageRoot = URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(packageRoot.appendingPathComponent(".build/debug"))
        return candidates.map { $0.appendingPathComponent("tempme-store-tool") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Runs a command, returning its exit status.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}

/// A small tmpfs mounted for one test (needs root and mount permission; tests skip otherwise).
struct SmallFilesystem {
    let mountPoint: URL

    /// Whether this process can mount a tmpfs here (checked once by trying).
    static let isAvailable: Bool = {
        guard geteuid() == 0 else { return false }
        guard let probe = try? SmallFilesystem(sizeBytes: 1 << 20) else { return false }
        probe.unmount()
        return true
    }()

    init(sizeBytes: Int, readOnly: Bool = false) throws {
        mountPoint = TestSupport.scratchDirectory("tmpfs")
        let options = "size=\(sizeBytes)" + (readOnly ? ",ro" : "")
        guard TestSupport.run("/bin/mount", ["-t", "tmpfs", "-o", options, "tmpfs", mountPoint.path]) == 0 else {
            TestSupport.cleanup(mountPoint)
            throw StoreError.storageFailure(operation: "mount", detail: "cannot mount tmpfs")
        }
    }

    /// Grows (or shrinks) the filesystem in place.
    func resize(bytes: Int) -> Bool {
        TestSupport.run("/bin/mount", ["-o", "remount,size=\(bytes)", mountPoint.path]) == 0
    }

    func unmount() {
        TestSupport.run("/bin/umount", [mountPoint.path])
        TestSupport.cleanup(mountPoint)
    }
}
