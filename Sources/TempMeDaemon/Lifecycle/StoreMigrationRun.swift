// `tempmectl migrate`: copies the store a configuration describes into another backend, offline.
import Foundation
import Logging
import TempMeModel
import TempMeService
import TempMeStore

/// Where `tempmectl migrate` writes: `embedded:DATA_DIR` or `milvus:HOST:PORT[/COLLECTION]`.
public enum StoreLocation: Sendable, Equatable, CustomStringConvertible {
    /// The embedded store of a data directory.
    case embedded(dataDirectory: String)
    /// A Milvus collection.
    case milvus(address: String, collection: String)

    /// Parses `embedded:DATA_DIR` or `milvus:HOST:PORT[/COLLECTION]` (collection `tempmed` when left out).
    public init(parsing text: String) throws(ConfigurationError) {
        if text.hasPrefix("embedded:"), text.count > "embedded:".count {
            self = .embedded(dataDirectory: URL(fileURLWithPath: String(text.dropFirst("embedded:".count))).standardizedFileURL.path)
            return
        }
        if text.hasPrefix("milvus:") {
            let rest = text.dropFirst("milvus:".count)
            let parts = rest.split(separator: "/", maxSplits: 1)
            if let address = parts.first, address.contains(":") {
                self = .milvus(address: String(address), collection: parts.count > 1 ? String(parts[1]) : "tempmed")
                return
            }
        }
        throw .malformedOverride("\(text) (a store is embedded:DATA_DIR or milvus:HOST:PORT[/COLLECTION])")
    }

    /// The location as written on the command line.
    public var description: String {
        switch self {
        case .embedded(let directory): return "embedded:\(directory)"
        case .milvus(let address, let collection): return "milvus:\(address)/\(collection)"
        }
    }

    /// `configuration` with its store moved here (the Milvus settings otherwise kept).
    func applied(to configuration: DaemonConfiguration) -> DaemonConfiguration {
        var result = configuration
        switch self {
        case .embedded(let directory):
            result.dataDirectory = directory
            result.store.backend = .embedded
        case .milvus(let address, let collection):
            result.store.backend = .milvus
            result.store.milvus.address = address
            result.store.milvus.collection = collection
        }
        return result
    }
}

/// What a migration did.
public struct StoreMigrationOutcome: Sendable {
    /// The records copied and the counts that verify them.
    public var report: StoreMigration.Report
    /// The thumbnails copied into the destination's data directory; nil when both sides share one data directory
    /// (embedded to Milvus and back in place), where the thumbnails already are.
    public var thumbnails: ThumbnailCopy?
    /// The destination's thumbnails directory.
    public var thumbnailDirectory: String
}

/// Copies every record of the configured store into another location and verifies the copy.
public enum StoreMigrationRun {
    /// Opens the store `configuration` describes (as tempmed would, with its model's fingerprint) and the
    /// empty store at `destination`, copies, and reads back; then copies the thumbnails of the copied videos when the
    /// destination has another data directory. Embedded data directories are locked first, so no daemon may be
    /// running on them.
    public static func run(
        configuration: DaemonConfiguration, destination: StoreLocation, builtinShape: BackboneShape?, batch: Int,
        progress: (RecordKind, Int) -> Void
    ) throws -> StoreMigrationOutcome {
        let logger = Logger(label: "tempmectl.migrate")
        let bundle = try ModelLoading.load(configuration, builtinShape: builtinShape, logger: logger)
        let target = destination.applied(to: configuration)
        var locks: [DataDirectoryLock] = []
        defer { locks.forEach { $0.release() } }
        for side in [configuration, target] where side.store.backend == .embedded {
            try FileManager.default.createDirectory(atPath: side.dataDirectory, withIntermediateDirectories: true)
            locks.append(try DataDirectoryLock(directory: side.dataDirectory))
        }
        let source = try StoreOpening.open(configuration, bundle: bundle, logger: logger)
        defer { source.close() }
        let copy = try StoreOpening.open(target, bundle: bundle, logger: logger)
        defer { copy.close() }
        let report = try StoreMigration.copy(from: source.store, to: copy.store, batch: batch, progress: progress)
        let from = DataDirectoryLayout.thumbnails(in: configuration.dataDirectory)
        let to = DataDirectoryLayout.thumbnails(in: target.dataDirectory)
        guard canonical(from) != canonical(to) else {
            return StoreMigrationOutcome(report: report, thumbnails: nil, thumbnailDirectory: to)
        }
        let thumbnails = try ThumbnailStore(directory: from)
            .copy(into: ThumbnailStore(directory: to)) { try copy.store.existingIDs($0, kind: .video) }
        return StoreMigrationOutcome(report: report, thumbnails: thumbnails, thumbnailDirectory: to)
    }

    /// `path` with `.`, `..` and symbolic links resolved.
    private static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
}
