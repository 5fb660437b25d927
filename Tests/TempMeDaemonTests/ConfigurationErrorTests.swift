import Foundation
import TempMeTestSupport
import Testing
@testable import TempMeDaemon

/// The error `parse` throws for this file text and these overrides, or nil if it loads.
private func error(
    _ toml: String, overrides: ConfigurationOverrides = ConfigurationOverrides(), workingDirectory: String = "/"
) -> ConfigurationError? {
    do {
        _ = try DaemonConfiguration.parse(
            toml: toml, path: "/etc/tempmed/tempmed.toml", overrides: overrides, workingDirectory: workingDirectory)
        return nil
    } catch {
        return error
    }
}

@Suite struct ConfigurationErrorTests {
    private let file = ConfigurationSource.file("/etc/tempmed/tempmed.toml")

    @Test func missingFileNamesThePath() {
        #expect(throws: ConfigurationError.fileUnreadable(path: "/nonexistent/tempmed.toml", reason: "no such file")) {
            try DaemonConfiguration.load(file: "/nonexistent/tempmed.toml", environment: [:])
        }
    }

    @Test func syntaxErrorsGiveTheLine() throws {
        let failure = try #require(error("frames = 12\n[model\n"))
        guard case .syntax(let path, let line, _, _) = failure else {
            Issue.record("expected a syntax error, got \(failure)")
            return
        }
        #expect(path == "/etc/tempmed/tempmed.toml")
        #expect(line == 2)
    }

    @Test(arguments: [
        ("frames = 12", "frames", "model.frames"),
        ("[ingest]\nmax_vidoe_bytes = 3", "ingest.max_vidoe_bytes", "ingest.max_video_bytes"),
        ("[model]\nallowed_roots = []", "model.allowed_roots", "ingest.allowed_roots"),
        ("[securty]\ntls_cert = \"x\"", "securty", "security"),
        ("lisen = []", "lisen", "listen"),
    ])
    func unknownKeysSuggestTheClosestKnownKey(toml: String, key: String, suggestion: String) {
        #expect(error(toml) == .unknownKey(key: key, suggestion: suggestion, source: file))
        #expect(error(toml)?.description.contains("did you mean `\(suggestion)`?") == true)
    }

    @Test func unrelatedKeysGetNoSuggestion() {
        #expect(error("completely_unrelated_setting = 1") == .unknownKey(
            key: "completely_unrelated_setting", suggestion: nil, source: file))
    }

    @Test(arguments: [
        ("[model]\nframes = \"12\"", "model.frames", "an integer"),
        ("listen = \"127.0.0.1:7700\"", "listen", "an array of strings"),
        ("drain_seconds = true", "drain_seconds", "a number of seconds"),
        ("[store]\naccept_foreign_fingerprints = 1", "store.accept_foreign_fingerprints", "true or false"),
        ("[log]\nlevel = 3", "log.level", "a string"),
        ("model = 3", "model", "a table ([model])"),
        ("listen = [1]", "listen", "an array of strings"),
        ("[model]\ndir = 1979-05-27", "model.dir", "a plain value"),
    ])
    func wrongTypesNameTheKeyAndTheExpectedType(toml: String, key: String, expected: String) throws {
        let failure = try #require(error(toml))
        guard case .wrongType(let failedKey, let failedExpectation, _, let source) = failure else {
            Issue.record("expected a type error, got \(failure)")
            return
        }
        #expect(failedKey == key)
        #expect(failedExpectation == expected)
        #expect(source == file)
    }

    @Test(arguments: [
        ("[model]\nframes = 0", "model.frames", "0", "1 to 512"),
        ("[model]\nmax_words = 78", "model.max_words", "78", "3 to 77"),
        ("drain_seconds = -1", "drain_seconds", "-1.0", "0 to 3600 seconds"),
        ("[ingest]\nencode_workers = 0", "ingest.encode_workers", "0", "1 to 256"),
        ("[ingest]\ndecode_timeout_seconds = nan", "ingest.decode_timeout_seconds", "nan", "1 to 86400 seconds"),
    ])
    func numbersOutOfRangeSayWhatIsAllowed(toml: String, key: String, value: String, allowed: String) {
        #expect(error(toml) == .outOfRange(key: key, value: value, allowed: allowed, source: file))
    }

    @Test func choicesListTheAlternatives() {
        #expect(error("[model]\nmode = \"fast\"") == .invalidChoice(
            key: "model.mode", value: "fast", choices: ["lora", "tome", "tempme"], source: file))
        #expect(error("[log]\nformat = \"xml\"")?.description.contains("\"text\", \"json\"") == true)
        #expect(error("", overrides: .init(logLevel: "verbose")) == .invalidChoice(
            key: "log.level", value: "verbose",
            choices: ["trace", "debug", "info", "notice", "warning", "error", "critical"], source: .commandLine))
    }

    @Test func badOverridesAreExplained() {
        #expect(error("", overrides: .init(settings: ["queue_capacity"])) == .malformedOverride("queue_capacity"))
        #expect(error("", overrides: .init(settings: ["=3"])) == .malformedOverride("=3"))
        #expect(error("", overrides: .init(settings: ["queue_capacity=3"])) == .unknownKey(
            key: "queue_capacity", suggestion: "ingest.queue_capacity", source: .commandLine))
        #expect(error("", overrides: .init(settings: ["model.frames=many"])) == .wrongType(
            key: "model.frames", expected: "an integer", found: "\"many\"", source: .commandLine))
        #expect(error("", overrides: .init(settings: ["security.allow_insecure_remote=maybe"])) == .wrongType(
            key: "security.allow_insecure_remote", expected: "true or false", found: "\"maybe\"",
            source: .commandLine))
        #expect(error("", overrides: .init(settings: ["model.frames=0"])) == .outOfRange(
            key: "model.frames", value: "0", allowed: "1 to 512", source: .commandLine))
    }

    @Test func listenProblems() {
        #expect(error("listen = []") == .noListenAddresses)
        #expect(error("listen = [\"nowhere\"]") == .invalidListenAddress(address: "nowhere", reason: "missing \":port\""))
    }

    @Test func remoteListenersNeedATokenAndTLS() throws {
        #expect(error("listen = [\"0.0.0.0:7700\"]") == .insecureRemoteListener(
            address: "0.0.0.0:7700",
            missing: ["security.auth_token_file", "TLS (security.tls_cert, security.tls_key)"]))
        let directory = try TemporaryDirectory()
        try directory.write("token", "abc")
        #expect(error("listen = [\"[::]:7700\"]\n[security]\nauth_token_file = \"token\"",
            workingDirectory: directory.path) == .insecureRemoteListener(
                address: "[::]:7700", missing: ["TLS (security.tls_cert, security.tls_key)"]))
    }

    @Test func allowInsecureRemoteTurnsTheErrorIntoAWarning() throws {
        let configuration = try DaemonConfiguration.parse(
            toml: "listen = [\"0.0.0.0:7700\"]\n[security]\nallow_insecure_remote = true", workingDirectory: "/")
        #expect(configuration.warnings.contains { $0.contains("0.0.0.0:7700 is reachable from other machines") })
    }

    @Test func tlsNeedsBothFiles() throws {
        let directory = try TemporaryDirectory()
        try directory.write("cert.pem", "CERT")
        #expect(error("[security]\ntls_cert = \"cert.pem\"", workingDirectory: directory.path)
            == .incompleteTLS(missingKey: "security.tls_key"))
        #expect(error("[security]\ntls_key = \"cert.pem\"", workingDirectory: directory.path)
            == .incompleteTLS(missingKey: "security.tls_cert"))
        #expect(error("[security]\ntls_cert = \"cert.pem\"\ntls_key = \"missing.pem\"", workingDirectory: directory.path)
            == .unreadableFile(key: "security.tls_key", path: directory.path + "/missing.pem", reason: "no such file"))
    }

    @Test func tokenFileMustBeReadableAndNonEmpty() throws {
        let directory = try TemporaryDirectory()
        try directory.write("empty", " \n")
        #expect(error("[security]\nauth_token_file = \"empty\"", workingDirectory: directory.path)
            == .emptyAuthToken(path: directory.path + "/empty"))
        #expect(error("[security]\nauth_token_file = \"absent\"", workingDirectory: directory.path)
            == .unreadableFile(key: "security.auth_token_file", path: directory.path + "/absent", reason: "no such file"))
        let unreadable = try directory.write("secret", "token")
        try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: unreadable)
        if getuid() != 0 {  // root reads anything
            #expect(error("[security]\nauth_token_file = \"secret\"", workingDirectory: directory.path)
                == .unreadableFile(key: "security.auth_token_file", path: unreadable, reason: "permission denied"))
        }
    }

    @Test func directoriesMustExist() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("file", "")
        #expect(error("[ingest]\nallowed_roots = [\"nope\"]", workingDirectory: directory.path)
            == .notADirectory(key: "ingest.allowed_roots", path: directory.path + "/nope"))
        #expect(error("[model]\ndir = \"file\"", workingDirectory: directory.path)
            == .notADirectory(key: "model.dir", path: file))
    }

    @Test func everyMessageIsOneActionableSentence() {
        let samples: [ConfigurationError] = [
            .fileUnreadable(path: "/x", reason: "no such file"), .syntax(path: "/x", line: 1, column: 2, message: "m"),
            .unknownKey(key: "k", suggestion: nil, source: file), .noListenAddresses,
            .insecureRemoteListener(address: "0.0.0.0:1", missing: ["a"]), .incompleteTLS(missingKey: "k"),
            .emptyAuthToken(path: "/t"), .notADirectory(key: "k", path: "/p"), .malformedOverride("x"),
        ]
        for sample in samples {
            #expect(!sample.description.isEmpty)
            #expect(!sample.description.contains("\n"))
        }
    }
}
