import ArgumentParser

/// `tempmectl bench`: engine throughput per mode next to this machine's sgemm peak.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench", abstract: "Benchmark the encoder (no daemon, no weights needed).")
    func run() throws {}
}
