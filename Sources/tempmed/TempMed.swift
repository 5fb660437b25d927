// tempmed: the text-to-video search daemon. Parses flags, loads the configuration, runs in the foreground.
import ArgumentParser
import Foundation
import Logging
import TempMeModel
import TempMeDaemon
import TempMeService

/// The daemon's command line.
@main
struct TempMed: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tempmed",
        abstract: "Serve TempMe text-to-video search over gRPC (runs in the foreground).",
        discussion: """
            With no flags: data in ./tempmed-data (or $STATE_DIRECTORY), listening on \
            unix:<data-dir>/tempmed.sock and 127.0.0.1:7700, serving the demo model \
            (training/demo_model: it knows only the synthetic benchmark's coloured shapes; \
            --model DIR for real weights). Every setting is documented in Systemd/tempmed.toml; flags win over the file.
            """,
        version: TempMedVersion.current)

    @Option(name: .long, help: "TOML configuration file.")
    var config: String?

    @Option(name: .long, help: "Directory for the store and lock file (data_dir).")
    var dataDir: String?

    @Option(name: .long, help: "Listen address, HOST:PORT or unix:PATH; repeat for several (replaces listen).")
    var listen: [String] = []

    @Option(name: .long, help: "Directory with converted weights (model.dir).")
    var model: String?

    @Option(name: .long, help: "Model used without --model: demo (the trained demo model), or deterministic b32, b16 or tiny weights.")
    var builtinModel: String = "demo"

    @Option(name: .long, help: "CLIP BPE vocabulary file, bpe_simple_vocab_16e6.txt (model.vocab_file).")
    var vocab: String?

    @Option(name: .long, help: "Encoder mode: tempme, tome or lora (model.mode).")
    var mode: String?

    @Option(name: .long, help: "Number format of the encoders' linear layers: auto, fp32, bf16 or int8 (encoder.precision).")
    var precision: String?

    @Option(name: .long, help: "Lowest log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String?

    @Option(name: .long, help: "Log line format: text or json.")
    var logFormat: String?

    @Option(name: .long, help: "Any other setting as key=value, e.g. ingest.queue_capacity=32; repeatable.")
    var set: [String] = []

    @Option(name: .long, help: "Write the bound TCP port(s) to this file once ready (for tests and scripts).")
    var portFile: String?

    @Flag(name: .long, help: "Print the effective configuration as TOML and exit.")
    var printConfig = false

    mutating func validate() throws {
        guard builtinModel == "demo" || BackboneShape.named(builtinModel) != nil else {
            throw ValidationError("--builtin-model must be demo, b32, b16 or tiny, not \(builtinModel.debugDescription)")
        }
    }

    func run() throws {
        let daemonConfiguration: DaemonConfiguration
        do {
            daemonConfiguration = try DaemonConfiguration.load(file: config, overrides: overrides())
        } catch {
            FileHandle.standardError.write(Data("tempmed: \(error)\n".utf8))
            throw ExitCode(2)
        }
        if printConfig {
            print(daemonConfiguration.renderedTOML(), terminator: "")
            return
        }
        LogSetup.bootstrap(level: daemonConfiguration.log.level, format: daemonConfiguration.log.format)
        let options = DaemonLaunchOptions(builtinShape: BackboneShape.named(builtinModel), portFile: portFile)
        do {
            try DaemonRunner.run(configuration: daemonConfiguration, options: options)
        } catch {
            Logger(label: "tempmed").critical("cannot start: \(error)")
            FileHandle.standardError.write(Data("tempmed: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    /// Flags as configuration overrides (defaults, such as one encode worker per core, are DaemonConfiguration's).
    private func overrides() -> ConfigurationOverrides {
        var settings: [String] = []
        if let vocab { settings.append("model.vocab_file=\(vocab)") }
        return ConfigurationOverrides(
            dataDirectory: dataDir, listen: listen.isEmpty ? nil : listen, modelDirectory: model, mode: mode,
            precision: precision, logLevel: logLevel, logFormat: logFormat, settings: settings + set)
    }
}
