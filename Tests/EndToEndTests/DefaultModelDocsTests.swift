// What the shipped help, example configuration and installer say the default model is.
import Foundation
import Testing

/// The default model is the demo model; every place a user reads about defaults must say so.
@Suite struct DefaultModelDocsTests {
    private func read(_ relative: String) throws -> String {
        try String(contentsOf: TestEnvironment.repositoryRoot.appendingPathComponent(relative), encoding: .utf8)
    }

    @Test func daemonHelpNamesTheDemoModelAsTheDefault() throws {
        try TestEnvironment.requirePrerequisites()
        let help = try ProcessRunner.run(TestEnvironment.binary("tempmed"), ["--help"])
        #expect(help.status == 0)
        let text = help.stdout.replacingOccurrences(of: "\n", with: " ")
        #expect(text.contains("serving the demo model"), "\(help.stdout)")
        #expect(!text.contains("deterministic B/32 weights (results"), "\(help.stdout)")
    }

    @Test func exampleConfigurationAndInstallerNameTheDemoModel() throws {
        let example = try read("Systemd/tempmed.toml")
        #expect(example.contains("Empty: the demo model"))
        #expect(!example.contains("Empty: built-in deterministic"))
        let installer = try read("scripts/install.sh")
        #expect(installer.contains("the daemon serves the demo model"))
        #expect(!installer.contains("runs built-in deterministic weights"))
    }
}
