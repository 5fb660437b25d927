// `tempmectl migrate`: moves a store between the embedded backend and Milvus, verified by counts and fingerprints.
import ArgumentParser
import Foundation
import TempMeClient
import TempMeDaemon
import TempMeModel
import TempMeStore

/// Offline copy of the store a tempmed configuration uses into another backend.
struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Copy the store a tempmed configuration uses into another backend (offline).",
        discussion: """
            Reads the store tempmed would open with --config (its data_dir, or its [store.milvus] collection) and \
            copies every record into --to, an empty store: embedded:DATA_DIR or milvus:HOST:PORT[/COLLECTION]. \
            The model is the configuration's (its fingerprint must match the records). Afterwards both sides are \
            counted per kind and model fingerprint; a difference exits 1. The thumbnails of the copied videos are copied \
            too when --to has another data directory (embedded:DATA_DIR); into Milvus they stay in the configuration's \
            data_dir, where the daemon finds them. Embedded stores are locked: stop tempmed first.
            """)

    @Option(help: "tempmed's configuration file (default: none, i.e. data_dir ./tempmed-data and the demo model).")
    var config: String?
    @Option(name: .customLong("set"), help: "A setting as key=value, as tempmed --set; repeatable.") var settings: [String] = []
    @Option(help: "The destination: embedded:DATA_DIR or milvus:HOST:PORT[/COLLECTION].") var to: String
    @Option(help: "Model used when the configuration names none: demo, b32, b16 or tiny (as tempmed --builtin-model).")
    var builtinModel = "demo"
    @Option(help: "Records per write.") var batch = 256
    @OptionGroup var client: ClientOptions  // only --json matters: migrate talks to no daemon

    func run() throws {
        try runReporting(json: client.json) {
            guard builtinModel == "demo" || BackboneShape.named(builtinModel) != nil else {
                throw ValidationError("--builtin-model must be demo, b32, b16 or tiny, not \(builtinModel.debugDescription)")
            }
            let destination = try StoreLocation(parsing: to)
            let configuration = try DaemonConfiguration.load(
                file: config, overrides: ConfigurationOverrides(settings: settings), environment: ProcessInfo.processInfo.environment,
                workingDirectory: FileManager.default.currentDirectoryPath)
            let outcome = try StoreMigrationRun.run(
                configuration: configuration, destination: destination, builtinShape: BackboneShape.named(builtinModel),
                batch: batch
            ) { _, _ in }
            try show(outcome, destination: destination)
        }
    }

    private func show(_ outcome: StoreMigrationOutcome, destination: StoreLocation) throws {
        let report = outcome.report
        func byKind<T>(_ values: [RecordKind: T]) -> [String: T] {
            Dictionary(uniqueKeysWithValues: values.map { ($0.key.rawValue, $0.value) })
        }
        if client.json {
            printJSON([
                "to": destination.description, "copied": byKind(report.copied), "verified": report.verified,
                "source_fingerprints": byKind(report.source), "destination_fingerprints": byKind(report.destination),
                "thumbnail_videos": outcome.thumbnails.map { $0.videos as Any } ?? NSNull(),
                "thumbnail_dir": outcome.thumbnailDirectory,
            ] as [String: Any])
        } else {
            print("copied \(report.copied[.video] ?? 0) videos and \(report.copied[.text] ?? 0) texts to \(destination)")
            for kind in RecordKind.allCases {
                for (fingerprint, count) in (report.source[kind] ?? [:]).sorted(by: { $0.key < $1.key }) {
                    print("  \(kind.rawValue) \(fingerprint): \(count) in the source, \(report.destination[kind]?[fingerprint] ?? 0) in the copy")
                }
            }
            if let thumbnails = outcome.thumbnails {
                print("copied the thumbnails of \(thumbnails.videos) videos (\(thumbnails.bytes) bytes) to \(outcome.thumbnailDirectory)")
            } else {
                print("thumbnails stay in \(outcome.thumbnailDirectory) (the same data directory)")
            }
        }
        guard report.verified else {
            throw TempMeClientError(code: nil, message: "the copy differs from the source (counts per kind and fingerprint above)")
        }
    }
}
