// `tempmectl ingest PATH...`: uploads video files (folders are walked) several at a time, with a progress bar and a summary.
import ArgumentParser
import Foundation
import TempMeBasics
import TempMeClient
import TempMeDaemon
import TempMeProto

/// Ingests files and folders; the id is the file name without extension unless `--id` is given.
struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest", abstract: "Upload videos (files or folders) to the daemon.",
        discussion: """
            Keeps several uploads in flight (--jobs; by default as many as the daemon encodes at once, \
            plus one that decodes meanwhile). Results print in file order. Ctrl-C once: start no more \
            uploads, finish those in flight, print the summary, exit 130; twice: abandon them too.
            """)

    /// File extensions picked up when walking a folder.
    static let videoExtensions: Set<String> = ["mp4", "m4v", "mov", "mkv", "webm", "avi", "gif", "mpg", "mpeg", "ts", "flv", "wmv", "3gp"]

    @OptionGroup var client: ClientOptions
    @Argument(help: "Video files or folders.") var paths: [String]
    @Option(name: .long, help: "Id for the video (only with a single file).") var id: String?
    @Option(name: .long, help: "Metadata key=value stored with every video; repeatable.") var meta: [String] = []
    @Flag(name: .long, help: "Replace videos whose id already exists.") var replace = false
    @Flag(name: .long, help: "Let the daemon read the paths itself (they must be under its allowed roots).") var serverPath = false
    @Option(name: .long, help: "Upload chunk size in bytes.") var chunkBytes = TempMeClient.defaultIngestChunkBytes
    @Option(name: [.customShort("j"), .long], help: "Uploads in flight at once (default: the daemon's encode workers + 1).")
    var jobs: Int?

    func validate() throws {
        guard chunkBytes > 0 else { throw ValidationError("--chunk-bytes must be positive") }
        if let jobs, jobs < 1 || jobs > 256 { throw ValidationError("--jobs must be 1...256, got \(jobs)") }
    }

    func run() throws {
        try runReporting(json: client.json) {
            let files = try collectFiles()
            guard id == nil || files.count == 1 else {
                throw CtlFailure(status: "USAGE", message: "--id needs exactly one video file, got \(files.count)", exitCode: TempMeExitCode.usage)
            }
            let metadata = try keyValuePairs(meta, option: "--meta")
            let connection = try client.connect(defaultTimeout: 3600)
            let plan = IngestPlan(files: files, id: { id ?? Self.defaultID(of: $0) })
            let batch = IngestBatch(
                client: connection, items: plan.items, metadata: metadata, replace: replace,
                transfer: serverPath ? .serverPath : .upload(chunkBytes: chunkBytes),
                concurrency: jobs ?? Self.defaultJobs(asking: connection))
            let outcome = IngestProgressRun(batch: batch, plan: plan).run()
            let summary = IngestSummary(plan: plan, outcomes: outcome.outcomes, seconds: outcome.seconds,
                                        interrupted: outcome.interrupted, concurrency: batch.concurrency)
            summary.print(json: client.json)
            if let code = summary.exitCode { throw ExitCode(code) }
        }
    }

    /// The daemon's encode workers plus one upload that decodes while they encode; one if `info` fails.
    static func defaultJobs(asking connection: TempMeClient) -> Int {
        guard let workers = try? connection.info().encodeWorkers, workers > 0 else { return 1 }
        return Int(workers) + 1
    }

    /// The file name without its extension.
    static func defaultID(of file: String) -> String {
        ((file as NSString).lastPathComponent as NSString).deletingPathExtension
    }

    /// Files named on the command line plus the videos found (recursively, sorted) in named folders.
    private func collectFiles() throws -> [String] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw CtlFailure(status: "NOT_FOUND", message: "no such file or folder: \(path)", exitCode: TempMeExitCode.notFound)
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            let found = (FileManager.default.enumerator(atPath: path)?.allObjects as? [String] ?? [])
                .filter { Self.videoExtensions.contains(($0 as NSString).pathExtension.lowercased()) }
                .sorted()
                .map { (path as NSString).appendingPathComponent($0) }
            files += found
        }
        guard !files.isEmpty else {
            throw CtlFailure(status: "USAGE", message: "no video files found in \(paths.joined(separator: " "))", exitCode: TempMeExitCode.usage)
        }
        return files
    }
}
