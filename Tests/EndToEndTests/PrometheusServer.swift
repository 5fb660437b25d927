// A real Prometheus server (Debian's `prometheus` package) on loopback, scraping one target every second.
import Foundation
import TempMeTestSupport

/// A running Prometheus; stopped (SIGTERM) by `stop()` or on deinit.
final class PrometheusServer {
    /// Its HTTP API, http://127.0.0.1:PORT.
    let url: String
    private let process: Process
    private let directory: String

    /// Starts Prometheus scraping `target` (HOST:PORT, path /metrics) with `token` as bearer token, if any, over
    /// https trusting the PEM certificate `caFile` when given.
    init(scraping target: String, token: String? = nil, caFile: String? = nil) throws {
        let binary = ["/usr/bin/prometheus", "/usr/local/bin/prometheus"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let binary else {
            throw DaemonFailure(message: "prometheus is missing: install Debian's prometheus package (scripts/bootstrap.sh does)")
        }
        directory = try TestEnvironment.scratchDirectory("prometheus")
        let port = try MilvusServer.freeLoopbackPort()
        url = "http://127.0.0.1:\(port)"
        var config = """
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: tempmed
                static_configs:
                  - targets: ['\(target)']

            """
        if let token {
            try token.write(toFile: directory + "/token", atomically: true, encoding: .utf8)
            config += "    authorization:\n      credentials_file: \(directory)/token\n"
        }
        if let caFile { config += "    scheme: https\n    tls_config:\n      ca_file: \(caFile)\n" }
        try config.write(toFile: directory + "/prometheus.yml", atomically: true, encoding: .utf8)
        process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = [
            "--config.file=\(directory)/prometheus.yml", "--storage.tsdb.path=\(directory)/data",
            "--web.listen-address=127.0.0.1:\(port)", "--log.level=warn",
        ]
        FileManager.default.createFile(atPath: directory + "/log", contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: directory + "/log"))
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    /// The value of the instant query `promql` once it has exactly one result, polling up to `timeout` seconds.
    func value(of promql: String, timeout: TimeInterval = 30) throws -> Double {
        let deadline = Date().addingTimeInterval(timeout)
        let query = promql.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? promql
        var last = ""
        while Date() < deadline && process.isRunning {
            if let answer = try? HTTPExchange.send("GET", "\(url)/api/v1/query?query=\(query)"), answer.status == 200 {
                last = answer.text
                let data = answer.json?["data"] as? [String: Any]
                if let results = data?["result"] as? [[String: Any]], results.count == 1,
                    let pair = results[0]["value"] as? [Any], pair.count == 2, let text = pair[1] as? String, let number = Double(text)
                {
                    return number
                }
            }
            usleep(250_000)
        }
        let log = (try? String(contentsOfFile: directory + "/log", encoding: .utf8)) ?? ""
        throw DaemonFailure(message: "Prometheus never answered \(promql) with one series (last answer: \(last)); log:\n\(log)")
    }

    /// Stops Prometheus and removes its data.
    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    deinit { stop() }
}
