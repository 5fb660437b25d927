// The web page in a real browser (Debian's chromium headless, selenium, chromium-driver) against a daemon serving the demo model.
import Foundation
import TempMeTestSupport
import Testing

@Suite("Web page")
struct WebPageTests {
    @Test("typing a caption finds its clip first with thumbnails; the record page shows the merges; screenshots saved",
          arguments: ["http", "https"])
    func searchAndRecordPageInChromium(scheme: String) throws {
        let probe = try ProcessRunner.run("/usr/bin/env", ["python3", "-c", "import selenium, numpy, training.synthetic"], timeout: 30)
        try #require(probe.status == 0, "python3 on PATH needs selenium, numpy and the project's packages: run scripts/bootstrap.sh (\(probe.stderr))")
        for binary in ["/usr/bin/chromium", "/usr/bin/chromedriver"] {
            try #require(FileManager.default.isExecutableFile(atPath: binary),
                         "\(binary) is missing: install Debian's chromium and chromium-driver (scripts/bootstrap.sh does)")
        }
        let root = try TestEnvironment.scratchDirectory("web-page")
        defer { try? FileManager.default.removeItem(atPath: root) }
        // Over https the page is served with a self-signed certificate, as with security.tls_cert and tls_key.
        let certificate = scheme == "https" ? try SelfSignedCertificate(in: root) : nil
        let tls = certificate.map(DaemonProcess.tlsArguments) ?? []
        let daemon = try DaemonProcess(dataDirectory: root + "/data", extraArguments: ["--builtin-model", "demo"] + tls)
        let url = scheme + "://127.0.0.1:\(try #require(daemon.httpPort))"
        let artifacts = TestEnvironment.artifactsDirectory(scheme == "https" ? "web-page-https" : "web-page")
        let script = TestEnvironment.repositoryRoot.appendingPathComponent("scripts/e2e_web_page.py").path
        let result = try ProcessRunner.run(
            "/usr/bin/env",
            ["python3", script, "--url", url, "--work", root + "/clips", "--screenshots", artifacts]
                + (certificate.map { ["--ca", $0.certificateFile] } ?? []),
            timeout: 240)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.json?["ok"] as? Bool == true, "\(result.stdout)")
        #expect(FileManager.default.fileExists(atPath: artifacts + "/record-page.png"))
        #expect(daemon.stop() == 0)
    }
}
