import Foundation
import TempMeTestSupport
import Testing
@testable import TempMeDaemon

private let unitPath = repositoryRoot() + "/Systemd/tempmed.service"
private let installScript = repositoryRoot() + "/scripts/install.sh"
private let systemdAnalyze = "/usr/bin/systemd-analyze"

/// `Key=value` settings of the unit, in order (comments skipped).
private func unitSettings() throws -> [(key: String, value: String)] {
    try String(contentsOfFile: unitPath, encoding: .utf8).split(separator: "\n").compactMap { line in
        guard !line.hasPrefix("#"), !line.hasPrefix("["), let equals = line.firstIndex(of: "=") else { return nil }
        return (String(line[..<equals]), String(line[line.index(after: equals)...]))
    }
}

@Suite struct SystemdUnitTests {
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: systemdAnalyze), "systemd-analyze not installed"))
    func systemdAnalyzeVerifyAcceptsTheUnit() throws {
        // verify insists that ExecStart exists; point a copy at a binary that does.
        let directory = try TemporaryDirectory()
        let unit = try String(contentsOfFile: unitPath, encoding: .utf8)
            .replacingOccurrences(of: "ExecStart=/usr/local/bin/tempmed ", with: "ExecStart=/bin/true ")
        let copy = try directory.write("tempmed.service", unit)
        let result = try runCapturingOutput(systemdAnalyze, ["verify", copy])
        #expect(result.status == 0)
        #expect(result.output.isEmpty, "systemd-analyze verify: \(result.output)")
    }

    @Test func unitMatchesTheDaemonsContract() throws {
        let settings = try unitSettings()
        func value(_ key: String) -> String? { settings.last { $0.key == key }?.value }
        #expect(value("Type") == "notify")
        #expect(value("NotifyAccess") == "main")
        #expect(value("ExecStart") == "/usr/local/bin/tempmed --config /etc/tempmed/tempmed.toml")
        #expect(value("StateDirectory") == "tempmed")
        #expect(value("RuntimeDirectory") == "tempmed")
        #expect(value("User") == "tempmed")
        let defaults = try DaemonConfiguration.load(
            file: repositoryRoot() + "/Systemd/tempmed.toml",
            environment: ["STATE_DIRECTORY": "/var/lib/tempmed", "RUNTIME_DIRECTORY": "/run/tempmed"],
            workingDirectory: "/")
        let stopTimeout = try #require(value("TimeoutStopSec").flatMap(Double.init))
        #expect(stopTimeout > defaults.drainSeconds)
        #expect(defaults.listen.contains(.unix(path: "/run/tempmed/tempmed.sock")))
        // Backups go where the hardened unit can write: under its StateDirectory (ProtectSystem=strict, PrivateTmp).
        let stateDirectory = "/var/lib/" + (value("StateDirectory") ?? "?")
        let writable = [stateDirectory]
            + settings.filter { $0.key == "ReadWritePaths" }.flatMap { $0.value.split(separator: " ").map(String.init) }
        #expect(writable.contains { defaults.store.backupDirectory?.hasPrefix($0 + "/") == true })
        for (key, expected) in [
            ("NoNewPrivileges", "yes"), ("ProtectSystem", "strict"), ("ProtectHome", "yes"), ("PrivateTmp", "yes"),
            ("PrivateDevices", "yes"), ("ProtectKernelTunables", "yes"), ("ProtectKernelModules", "yes"),
            ("ProtectKernelLogs", "yes"), ("ProtectControlGroups", "yes"),
            ("RestrictAddressFamilies", "AF_UNIX AF_INET AF_INET6"), ("RestrictNamespaces", "yes"),
            ("LockPersonality", "yes"), ("MemoryDenyWriteExecute", "yes"), ("CapabilityBoundingSet", ""),
            ("Restart", "on-failure"),
        ] {
            #expect(value(key) == expected, "\(key)")
        }
        #expect(settings.contains { $0.key == "SystemCallFilter" && $0.value == "@system-service" })
    }
}

@Suite struct InstallScriptTests {
    /// A staging root plus fake binaries for `--binaries`.
    private func stage() throws -> (directory: TemporaryDirectory, root: String, binaries: String) {
        let directory = try TemporaryDirectory()
        let binaries = try directory.makeDirectory("bin")
        for tool in ["tempmed", "tempmectl"] {
            let path = try directory.write("bin/\(tool)", "#!/bin/sh\necho \(tool)\n")
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        }
        return (directory, directory.path + "/root", binaries)
    }

    @Test func installsIntoAStagingRootAndKeepsAnEditedConfigurationOnRerun() throws {
        let (directory, root, binaries) = try stage()
        let models = try directory.makeDirectory("weights/clip-b32")
        try directory.write("weights/clip-b32/model.safetensors", "weights")
        let arguments = [installScript, "--destdir", root, "--binaries", binaries, "--prefix", "/opt/tempmed",
            "--model-dir", models]
        let first = try runCapturingOutput("/bin/bash", arguments)
        #expect(first.status == 0, "\(first.output)")
        let manager = FileManager.default
        #expect(manager.isExecutableFile(atPath: root + "/opt/tempmed/bin/tempmed"))
        #expect(manager.isExecutableFile(atPath: root + "/opt/tempmed/bin/tempmectl"))
        #expect(manager.fileExists(atPath: root + "/usr/share/tempmed/models/clip-b32/model.safetensors"))
        #expect(manager.fileExists(atPath: root + "/usr/share/tempmed/tempmed.toml.example"))
        #expect(manager.fileExists(atPath: root + "/usr/share/tempmed/demo_model/clip.safetensors"))
        #expect(manager.fileExists(atPath: root + "/usr/share/doc/tempmed/configuration.md"))
        let unit = try String(contentsOfFile: root + "/etc/systemd/system/tempmed.service", encoding: .utf8)
        #expect(unit.contains("ExecStart=/opt/tempmed/bin/tempmed --config /etc/tempmed/tempmed.toml\n"))
        #expect(first.output.contains("Next steps"))

        let config = root + "/etc/tempmed/tempmed.toml"
        try "# edited by the operator\n".write(toFile: config, atomically: true, encoding: .utf8)
        let second = try runCapturingOutput("/bin/bash", arguments)
        #expect(second.status == 0, "\(second.output)")
        #expect(try String(contentsOfFile: config, encoding: .utf8) == "# edited by the operator\n")
        #expect(second.output.contains("keeping existing"))
    }

    @Test func dryRunChangesNothing() throws {
        let (_, root, binaries) = try stage()
        let result = try runCapturingOutput("/bin/bash", [installScript, "--dry-run", "--destdir", root, "--binaries", binaries])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("+ install -m 0755"))
        #expect(!FileManager.default.fileExists(atPath: root))
    }

    @Test func rejectsUnknownOptionsAndMissingBinaries() throws {
        let (directory, root, _) = try stage()
        let unknown = try runCapturingOutput("/bin/bash", [installScript, "--frobnicate"])
        #expect(unknown.status == 2)
        #expect(unknown.output.contains("unknown option --frobnicate"))
        let missing = try runCapturingOutput("/bin/bash", [installScript, "--destdir", root, "--binaries", directory.path])
        #expect(missing.status == 1)
        #expect(missing.output.contains("tempmed is missing"))
    }
}
