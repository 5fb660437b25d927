// Where the built binaries, the vocabulary and scratch directories are, relative to this file.
import Foundation
import TempMeTestSupport
import Testing

/// Paths the end-to-end tests need.
enum TestEnvironment {
    /// The repository root (two levels above Tests/EndToEndTests).
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A built product in .build/debug (or $TEMPME_BIN_DIR).
    static func binary(_ name: String) -> String {
        let directory = ProcessInfo.processInfo.environment["TEMPME_BIN_DIR"]
            ?? repositoryRoot.appendingPathComponent(".build/debug").path
        return directory + "/" + name
    }

    /// Runs the built tempmectl with `arguments`, against `server` (`--server`) when given.
    static func tempmectl(_ arguments: [String], server: String? = nil) throws -> CommandResult {
        try ProcessRunner.run(binary("tempmectl"), (server.map { ["--server", $0] } ?? []) + arguments)
    }

    /// The CLIP vocabulary fetched by scripts/fetch_vocab.sh.
    static var vocabulary: String {
        repositoryRoot.appendingPathComponent("vocab/bpe_simple_vocab_16e6.txt").path
    }

    /// A fresh empty directory under /tmp, short enough for Unix socket paths; removed when the test process
    /// exits (kept with `TEMPME_KEEP_SCRATCH=1`, to look at after a failure).
    static func scratchDirectory(_ label: String) throws -> String {
        let path = "/tmp/tempme-e2e-\(label)-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        ExitCleanup.removeAtExit(path)
        return path
    }

    /// Where a test keeps files for people to look at afterwards (screenshots): `$TEMPME_ARTIFACTS_DIR/<name>`,
    /// by default `test-artifacts/<name>` in the repository (ignored by git); created empty.
    static func artifactsDirectory(_ name: String) -> String {
        let base = ProcessInfo.processInfo.environment["TEMPME_ARTIFACTS_DIR"]
            ?? repositoryRoot.appendingPathComponent("test-artifacts").path
        let path = base + "/" + name
        try? FileManager.default.removeItem(atPath: path)
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Fails the test early with instructions when something the suite needs is missing.
    static func requirePrerequisites() throws {
        for name in ["tempmed", "tempmectl"] {
            try #require(FileManager.default.isExecutableFile(atPath: binary(name)),
                         "\(binary(name)) is missing: run `swift build` first")
        }
        try #require(FileManager.default.fileExists(atPath: vocabulary),
                     "\(vocabulary) is missing: run scripts/fetch_vocab.sh first")
    }
}
