import Foundation
import TempMeTestSupport
import Testing
@testable import TempMeDaemon

@Suite struct ConfigurationDefaultsTests {
    @Test func startsWithNoFileAtAll() throws {
        let configuration = try DaemonConfiguration.load(file: nil, environment: [:], workingDirectory: "/srv/app")
        #expect(configuration.dataDirectory == "/srv/app/tempmed-data")
        #expect(configuration.listen == [
            .unix(path: "/srv/app/tempmed-data/tempmed.sock"), .tcp(host: "127.0.0.1", port: 7700),
        ])
        #expect(configuration.maxMessageBytes == 4 << 20)
        #expect(configuration.drainSeconds == 10)
        #expect(configuration.model.directory == nil)
        // Unset: the model directory's config.json decides (the paper's short-video defaults when it is silent).
        #expect(configuration.model.mode == nil)
        #expect(configuration.model.frames == nil)
        #expect(configuration.model.maxWords == nil)
        #expect(configuration.ingest == .init(
            allowedRoots: [], maxVideoBytes: 1 << 30, queueCapacity: 64,
            encodeWorkers: ProcessInfo.processInfo.activeProcessorCount, decodeTimeoutSeconds: 120))
        #expect(configuration.search == .init(maxK: 1000, maxTextBytes: 4096))
        #expect(configuration.security == .init(
            tlsCertificateFile: nil, tlsKeyFile: nil, authTokenFile: nil, authToken: nil, allowInsecureRemote: false))
        #expect(configuration.log == .init(level: .info, format: .text))
        #expect(configuration.store.acceptForeignFingerprints == false)
    }

    @Test func followsTheDirectoriesSystemdProvides() throws {
        let environment = ["STATE_DIRECTORY": "/var/lib/tempmed:/var/lib/other", "RUNTIME_DIRECTORY": "/run/tempmed"]
        let configuration = try DaemonConfiguration.load(file: nil, environment: environment, workingDirectory: "/")
        #expect(configuration.dataDirectory == "/var/lib/tempmed")
        #expect(configuration.listen.first == .unix(path: "/run/tempmed/tempmed.sock"))
    }

    @Test func explicitDataDirectoryMovesTheDefaultSocket() throws {
        let configuration = try DaemonConfiguration.parse(
            toml: "data_dir = \"state\"", environment: ["STATE_DIRECTORY": "/var/lib/tempmed"],
            workingDirectory: "/home/me")
        #expect(configuration.dataDirectory == "/home/me/state")
        #expect(configuration.listen.first == .unix(path: "/home/me/state/tempmed.sock"))
    }
}

@Suite struct ConfigurationFileTests {
    @Test func readsEveryKey() throws {
        let directory = try TemporaryDirectory()
        let models = try directory.makeDirectory("models/b32")
        let videos = try directory.makeDirectory("videos")
        try directory.write("models/b32/vocab.txt", "#version\n")
        try directory.write("token", "  s3cret-token\n")
        try directory.write("cert.pem", "CERT")
        try directory.write("key.pem", "KEY")
        let file = try directory.write("tempmed.toml", """
            data_dir = "state"
            listen = ["unix:/tmp/t.sock", "0.0.0.0:7701", "[::1]:7702"]
            max_message_bytes = 1_048_576
            drain_seconds = 2.5

            [model]
            dir = "models/b32"
            mode = "tome"
            frames = 64
            max_words = 64
            vocab_file = "models/b32/vocab.txt"

            [ingest]
            allowed_roots = ["videos"]
            max_video_bytes = 1000
            queue_capacity = 8
            encode_workers = 2
            decode_timeout_seconds = 30

            [search]
            max_k = 50
            max_text_bytes = 512

            [security]
            tls_cert = "cert.pem"
            tls_key = "key.pem"
            auth_token_file = "token"
            allow_insecure_remote = false

            [log]
            level = "debug"
            format = "json"

            [store]
            accept_foreign_fingerprints = true
            """)
        let configuration = try DaemonConfiguration.load(file: file, environment: [:], workingDirectory: directory.path)
        #expect(configuration.dataDirectory == directory.path + "/state")
        #expect(configuration.listen == [
            .unix(path: "/tmp/t.sock"), .tcp(host: "0.0.0.0", port: 7701), .tcp(host: "::1", port: 7702),
        ])
        #expect(configuration.maxMessageBytes == 1_048_576)
        #expect(configuration.drainSeconds == 2.5)
        #expect(configuration.model == .init(
            directory: models, mode: .tome, frames: 64, maxWords: 64,
            vocabularyFile: directory.path + "/models/b32/vocab.txt"))
        #expect(configuration.ingest == .init(
            allowedRoots: [videos], maxVideoBytes: 1000, queueCapacity: 8, encodeWorkers: 2, decodeTimeoutSeconds: 30))
        #expect(configuration.search == .init(maxK: 50, maxTextBytes: 512))
        #expect(configuration.security.tlsCertificateFile == directory.path + "/cert.pem")
        #expect(configuration.security.tlsKeyFile == directory.path + "/key.pem")
        #expect(configuration.security.authToken == "s3cret-token")
        #expect(configuration.security.usesTLS)
        #expect(configuration.log == .init(level: .debug, format: .json))
        #expect(configuration.store.acceptForeignFingerprints)
        #expect(configuration.warnings.isEmpty)
    }

    @Test func commandLineWinsOverTheFile() throws {
        let overrides = ConfigurationOverrides(
            dataDirectory: "/data", listen: ["unix:/run/x.sock"], mode: "lora", logLevel: "warning",
            logFormat: "json",
            settings: ["ingest.queue_capacity=3", "drain_seconds = 0", "store.accept_foreign_fingerprints=yes",
                "ingest.allowed_roots=", "model.frames=1_0"])
        let configuration = try DaemonConfiguration.parse(
            toml: "[model]\nmode = \"tome\"\n[ingest]\nqueue_capacity = 9", overrides: overrides,
            workingDirectory: "/")
        #expect(configuration.dataDirectory == "/data")
        #expect(configuration.listen == [.unix(path: "/run/x.sock")])
        #expect(configuration.model.mode == .lora)
        #expect(configuration.model.frames == 10)
        #expect(configuration.log == .init(level: .warning, format: .json))
        #expect(configuration.ingest.queueCapacity == 3)
        #expect(configuration.drainSeconds == 0)
        #expect(configuration.store.acceptForeignFingerprints)
    }

    @Test func renderedTOMLReadsBackToTheSameConfiguration() throws {
        let directory = try TemporaryDirectory()
        try directory.write("token", "tok\"en")
        let original = try DaemonConfiguration.parse(
            toml: """
                listen = ["unix:/tmp/a \\"b\\".sock", "[::1]:7700"]
                drain_seconds = 2.25
                [ingest]
                allowed_roots = ["."]
                [security]
                auth_token_file = "token"
                [log]
                format = "json"
                """,
            workingDirectory: directory.path)
        let rendered = original.renderedTOML()
        #expect(!rendered.contains("tok\"en"))
        #expect(rendered.contains("tls_key = \"\"\nauth_token_file = \"\(directory.path)/token\""))
        #expect(rendered.contains("drain_seconds = 2.25\n"))
        #expect(rendered.contains("[model]\ndir = \"\"\n# mode unset: the model directory's config.json decides\n"))
        let reread = try DaemonConfiguration.parse(toml: rendered, workingDirectory: "/")
        #expect(reread == original)
    }

    @Test func theShippedExampleConfigurationLoads() throws {
        let example = repositoryRoot() + "/Systemd/tempmed.toml"
        let configuration = try DaemonConfiguration.load(
            file: example, environment: ["STATE_DIRECTORY": "/var/lib/tempmed"], workingDirectory: "/")
        #expect(configuration.dataDirectory == "/var/lib/tempmed")
        #expect(configuration.listen == [.unix(path: "/run/tempmed/tempmed.sock"), .tcp(host: "127.0.0.1", port: 7700)])
    }

    @Test func theDocumentationTableListsExactlyTheKnownKeys() throws {
        let text = try String(contentsOfFile: repositoryRoot() + "/docs/configuration.md", encoding: .utf8)
        let documented = text.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("| `") else { return nil }
            return line.dropFirst(3).split(separator: "`").first.map(String.init)
        }
        #expect(Set(documented) == Set(ConfigurationKeys.all.map(\.name)))
        #expect(documented.count == ConfigurationKeys.all.count)
    }
}
