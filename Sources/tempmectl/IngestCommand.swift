// `tempmectl ingest PATH...`: uploads video files (folders are walked), with a progress bar and a summary.
import ArgumentParser
import Foundation
import SwiftProtobuf
import TempMeBasics
import TempMeModel
import TempMeProto
import TempMeRPC

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
    @Option(name: .long, help: "Upload chunk size in bytes.") var chunkBytes = 1 << 20

    func validate() throws {
        guard chunkBytes > 0 else { throw ValidationError("--chunk-bytes must be positive") }
    }

    func run() throws {
        try runReporting(json: client.json) {
            let files = try collectFiles()
            guard id == nil || files.count == 1 else {
                throw CtlFailure(status: "USAGE", message: "--id needs exactly one video file, got \(files.count)", exitCode: CtlExit.usage)
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
                    if failure.exitCode == CtlExit.unavailable { break }
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
                throw CtlFailure(status: "NOT_FOUND", message: "no such file or folder: \(path)", exitCode: CtlExit.notFound)
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
            throw CtlFailure(status: "USAGE", message: "no video files found in \(paths.joined(separator: " "))", exitCode: CtlExit.usage)
        }
        return files
    }

    private func ingest(_ file: String, connection: DaemonConnection, metadata: [String: String]) throws -> Tempme_V1_IngestResponse {
        let videoID = id ?? ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        if serverPath {
            var request = Tempme_V1_IngestPathRequest()
            request.path = URL(fileURLWithPath: file).standardizedFileURL.path
            request.id = videoID
            request.metadata = metadata
            request.replace = replace
            return try connection.call(Tempme_V1_TempMeMethod.ingestPath, request)
        }
        guard let handle = FileHandle(forReadingAtPath: file) else {
            throw CtlFailure(status: "CLIENT", message: "cannot read \(file)", exitCode: CtlExit.serverError)
        }
        defer { try? handle.close() }
        var header = Tempme_V1_IngestHeader()
        header.id = videoID
        header.metadata = metadata
        header.filename = (file as NSString).lastPathComponent
        header.replace = replace
        var opening = Tempme_V1_IngestRequest()
        opening.header = header
        let stream = connection.client.openStream(method: Tempme_V1_TempMeMethod.ingest, timeout: connection.timeout)
        var sending = stream.send(try opening.serializedBytes())
        while sending, let data = try handle.read(upToCount: chunkBytes), !data.isEmpty {
            var message = Tempme_V1_IngestRequest()
            message.chunk = data
            sending = stream.send(try message.serializedBytes())
        }
        stream.closeSending()
        let response = stream.receive()
        try stream.finish().throwIfFailed()
        guard let response else { throw CtlFailure(status: "INTERNAL", message: "Ingest returned no response", exitCode: CtlExit.serverError) }
        return try Tempme_V1_IngestResponse(serializedBytes: response)
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

/// A one-line progress bar on stderr, drawn only when stderr is a terminal.
struct ProgressBar {
    let total: Int
    private let enabled = isatty(STDERR_FILENO) == 1

    init(total: Int) { self.total = total }

    /// Redraws the bar.
    func show(done: Int, current: String) {
        guard enabled else { return }
        let width = 30
        let filled = total == 0 ? width : width * done / total
        let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled)
        FileHandle.standardError.write(Data("\r\u{1B}[K[\(bar)] \(done)/\(total) \(current.prefix(40))".utf8))
    }

    /// Prints a line above the bar (always, terminal or not).
    func note(_ line: String) {
        FileHandle.standardError.write(Data(((enabled ? "\r\u{1B}[K" : "") + line + "\n").utf8))
    }

    /// Completes the bar.
    func finish() {
        guard enabled else { return }
        show(done: total, current: "done")
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
