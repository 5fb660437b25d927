// `tempmectl ingest PATH...`: uploads video files (folders are walked), with a progress bar and a summary.
import ArgumentParser
import Foundation
import TempMeBasics
import TempMeClient
import TempMeProto

/// Ingests files and folders; the id is the file name without extension unless `--id` is given.
struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest", abstract: "Upload videos (files or folders) to the daemon.")

    /// File extensions picked up when walking a folder.
    static let videoExtensions: Set<String> = ["mp4", "m4v", "mov", "mkv", "webm", "avi", "gif", "mpg", "mpeg", "ts", "flv", "wmv", "3gp"]

    @OptionGroup var client: ClientOptions
    @Argument(help: "Video files or folders.") var paths: [String]
    @Option(name: .long, help: "Id for the video (only with a single file).") var id: String?
    @Option(name: .long, help: "Metadata key=value stored with every video; repeatable.") var meta: [String] = []
    @Flag(name: .long, help: "Replace videos whose id already exists.") var replace = false
    @Flag(name: .long, help: "Let the daemon read the paths itself (they must be under its allowed roots).") var serverPath = false
    @Option(name: .long, help: "Upload chunk size in bytes.") var chunkBytes = TempMeClient.defaultIngestChunkBytes

    func validate() throws {
        guard chunkBytes > 0 else { throw ValidationError("--chunk-bytes must be positive") }
    }

    func run() throws {
        try runReporting(json: client.json) {
            let files = try collectFiles()
            guard id == nil || files.count == 1 else {
                throw CtlFailure(status: "USAGE", message: "--id needs exactly one video file, got \(files.count)", exitCode: TempMeExitCode.usage)
            }
            let metadata = try keyValuePairs(meta, option: "--meta")
            let connection = try client.connect()
            let progress = ProgressBar(total: files.count)
            let start = ContinuousClock.now
            var done: [Tempme_V1_IngestResponse] = []
            var failures: [(path: String, failure: CtlFailure)] = []
            for (index, file) in files.enumerated() {
                progress.show(done: index, current: (file as NSString).lastPathComponent)
                do {
                    done.append(try ingest(file, connection: connection, metadata: metadata))
                } catch {
                    let failure = CtlFailure.from(error)
                    failures.append((file, failure))
                    progress.note("\(file): \(failure)")
                    if failure.exitCode == TempMeExitCode.unavailable { break }
                }
            }
            progress.finish()
            let seconds = (ContinuousClock.now - start).seconds
            report(done: done, failures: failures, total: files.count, seconds: seconds)
            if let first = failures.first { throw ExitCode(first.failure.exitCode) }
        }
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

    private func ingest(_ file: String, connection: TempMeClient, metadata: [String: String]) throws -> Tempme_V1_IngestResponse {
        let videoID = id ?? ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        if serverPath {
            let path = URL(fileURLWithPath: file).standardizedFileURL.path
            return try connection.ingestPath(path, id: videoID, metadata: metadata, replace: replace)
        }
        return try connection.ingest(id: videoID, file: file, metadata: metadata, replace: replace, chunkBytes: chunkBytes)
    }

    private func report(done: [Tempme_V1_IngestResponse], failures: [(path: String, failure: CtlFailure)], total: Int, seconds: Double) {
        if client.json {
            printJSON([
                "ingested": done.map(jsonObject),
                "failed": failures.map { ["path": $0.path, "status": $0.failure.status, "message": $0.failure.message] },
                "summary": ["total": total, "ingested": done.count, "failed": failures.count, "seconds": seconds],
            ] as [String: Any])
            return
        }
        for response in done {
            print("\(response.id)\t\(response.sampledFrames.count) frames\t\(String(format: "%.1f", response.durationSeconds)) s\t"
                + "\(String(format: "%.2f", response.cost.gflops)) GFLOPs\t\(response.replaced ? "replaced" : "new")")
        }
        print("ingested \(done.count) of \(total) video(s), \(failures.count) failed, in \(String(format: "%.1f", seconds)) s")
    }
}
