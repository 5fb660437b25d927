// /metrics after real traffic: promtool accepts the exposition, and a real Prometheus scrapes it and answers queries.
import Foundation
import TempMeTestSupport
import Testing

@Suite("Prometheus metrics")
struct MetricsTests {
    /// A daemon that ingested `red` and `bars` over gRPC and answered three searches.
    private func daemonAfterTraffic(_ root: String, extraArguments: [String] = []) throws -> DaemonProcess {
        let videos = try TestClips.make(in: root)
        let daemon = try DaemonProcess(dataDirectory: root + "/data", extraArguments: extraArguments)
        let client = try daemon.client(token: extraArguments.contains("security.auth_token_file=\(root)/token") ? "s3cret" : nil)
        for name in ["red", "bars"] { _ = try client.ingest(id: name, file: videos[name]!) }
        for text in ["a red square", "colour bars", "a test pattern"] { _ = try client.search(text, k: 2) }
        return daemon
    }

    @Test("promtool check metrics accepts a scrape after traffic, and the families the issue names are there")
    func promtoolAcceptsTheScrape() throws {
        let root = try TestEnvironment.scratchDirectory("metrics")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let daemon = try daemonAfterTraffic(root)
        let scrape = try HTTPExchange.send("GET", daemon.httpURL + "/metrics")
        #expect(scrape.status == 200)
        #expect(scrape.headers["content-type"]?.hasPrefix("text/plain; version=0.0.4") == true)
        try scrape.body.write(to: URL(fileURLWithPath: root + "/scrape.txt"))
        let check = try ProcessRunner.run("/usr/bin/env", ["sh", "-c", "promtool check metrics < '\(root)/scrape.txt'"])
        #expect(check.status == 0, "promtool: \(check.stdout)\(check.stderr)")
        #expect(check.status != 127, "promtool is missing: install Debian's prometheus package (scripts/bootstrap.sh does)")

        let text = scrape.text
        for family in [
            "tempmed_requests_total", "tempmed_request_duration_seconds", "tempmed_decode_duration_seconds",
            "tempmed_encode_duration_seconds", "tempmed_encoder_busy_seconds_total", "tempmed_search_duration_seconds",
            "tempmed_encode_queue_depth", "tempmed_records", "tempmed_store_bytes", "tempmed_build_info",
            "process_resident_memory_bytes", "process_cpu_seconds_total", "process_open_fds",
        ] {
            #expect(text.contains("# TYPE \(family) "), "no \(family) in the scrape")
            #expect(text.contains("# HELP \(family) "), "no help text for \(family)")
        }
        #expect(text.contains("tempmed_records{kind=\"video\"} 2"))
        #expect(text.contains("tempmed_encode_duration_seconds_count 2"))
        #expect(text.contains("tempmed_search_duration_seconds_count 3"))
        #expect(text.contains(
            "tempmed_requests_total{transport=\"grpc\",method=\"/tempme.v1.TempMe/Search\",status=\"OK\"} 3"))
        #expect(text.contains("tempmed_build_info{version="))
        #expect(daemon.stop() == 0)
    }

    @Test("a real Prometheus server scrapes the daemon (with its token) and answers histogram queries")
    func prometheusScrapesTheDaemon() throws {
        let root = try TestEnvironment.scratchDirectory("prometheus-e2e")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try "s3cret\n".write(toFile: root + "/token", atomically: true, encoding: .utf8)
        let daemon = try daemonAfterTraffic(root, extraArguments: ["--set", "security.auth_token_file=\(root)/token"])
        #expect(try HTTPExchange.send("GET", daemon.httpURL + "/metrics").status == 401)

        let prometheus = try PrometheusServer(scraping: "127.0.0.1:\(daemon.httpPort ?? 0)", token: "s3cret")
        defer { prometheus.stop() }
        #expect(try prometheus.value(of: "up{job=\"tempmed\"}") == 1)
        let encodes = try prometheus.value(of: "tempmed_encode_duration_seconds_bucket{le=\"+Inf\"}")
        #expect(encodes == 2)
        let searches = try prometheus.value(
            of: "sum(tempmed_request_duration_seconds_count{transport=\"grpc\",method=\"/tempme.v1.TempMe/Search\"})")
        #expect(searches == 3)
        // A quantile from the histogram's buckets: finite and within the bucket range.
        let p90 = try prometheus.value(
            of: "histogram_quantile(0.9, sum by (le) (tempmed_request_duration_seconds_bucket{method=\"/tempme.v1.TempMe/Search\"}))")
        #expect(p90 > 0 && p90 <= 120)
        #expect(daemon.stop() == 0)
    }

    @Test("Prometheus scrapes the HTTPS listener with the scrape config of docs/observability.md (scheme https, ca_file, token)")
    func prometheusScrapesOverHTTPS() throws {
        let root = try TestEnvironment.scratchDirectory("prometheus-https")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (daemon, certificate) = try DaemonProcess.withTLS(in: root, token: "s3cret")
        let port = try #require(daemon.httpPort)
        for _ in 0..<2 {
            let stats = try HTTPExchange.send(
                "GET", "https://127.0.0.1:\(port)/v1/stats", headers: ["Authorization": "Bearer s3cret"],
                caCertificate: certificate.certificateFile)
            #expect(stats.status == 200)
        }
        let prometheus = try PrometheusServer(scraping: "127.0.0.1:\(port)", token: "s3cret", caFile: certificate.certificateFile)
        defer { prometheus.stop() }
        #expect(try prometheus.value(of: "up{job=\"tempmed\"}") == 1)
        #expect(try prometheus.value(of: "sum(tempmed_requests_total{transport=\"http\",method=\"GET /v1/stats\"})") == 2)
        #expect(daemon.stop() == 0)
    }
}
