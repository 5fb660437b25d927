// http.listen off loopback follows the gRPC listeners' rule: the token and TLS, or allow_insecure_remote.
import Foundation
import TempMeTestSupport
import Testing
@testable import TempMeDaemon

@Suite("HTTP listener configuration")
struct HTTPConfigurationTests {
    private let token = "auth_token_file = \"token\"\n"
    private let tls = "tls_cert = \"cert.pem\"\ntls_key = \"key.pem\"\n"

    /// Parses `[http] listen = <listen>` with these `[security]` lines, in a directory holding the files they name.
    private func parse(listen: String, security: String) throws -> DaemonConfiguration {
        let directory = try TemporaryDirectory()
        try directory.write("token", "s3cret")
        try directory.write("cert.pem", "CERT")
        try directory.write("key.pem", "KEY")
        return try DaemonConfiguration.parse(
            toml: "[http]\nlisten = \"\(listen)\"\n[security]\n" + security, workingDirectory: directory.path)
    }

    @Test("off loopback with the token and TLS: accepted, no warning")
    func remoteWithTokenAndTLSIsAccepted() throws {
        let configuration = try parse(listen: "0.0.0.0:7701", security: token + tls)
        #expect(configuration.http.listen == .tcp(host: "0.0.0.0", port: 7701))
        #expect(configuration.security.usesTLS)
        #expect(!configuration.warnings.contains { $0.contains("7701") })
    }

    @Test("off loopback without the token or TLS: refused, naming what is missing")
    func remoteWithoutTokenOrTLSIsRefused() throws {
        let cases: [(String, [String])] = [
            ("", ["security.auth_token_file", "TLS (security.tls_cert, security.tls_key)"]),
            (token, ["TLS (security.tls_cert, security.tls_key)"]),
            (tls, ["security.auth_token_file"]),
        ]
        for (security, missing) in cases {
            #expect(throws: ConfigurationError.insecureRemoteListener(address: "http 0.0.0.0:7701", missing: missing)) {
                try parse(listen: "0.0.0.0:7701", security: security)
            }
        }
        let error = ConfigurationError.insecureRemoteListener(address: "http [::]:7701", missing: ["security.auth_token_file"])
        #expect(error.description.contains("http [::]:7701 is reachable from other machines but security.auth_token_file not set"))
    }

    @Test("security.allow_insecure_remote turns the refusal into a warning naming what is missing")
    func allowInsecureRemoteWarns() throws {
        let configuration = try parse(listen: "0.0.0.0:7701", security: token + "allow_insecure_remote = true\n")
        #expect(configuration.warnings.contains(
            "HTTP listener 0.0.0.0:7701 is reachable from other machines but TLS (security.tls_cert, security.tls_key) "
                + "is not set (allowed by security.allow_insecure_remote)"))
        let bare = try parse(listen: "0.0.0.0:7701", security: "allow_insecure_remote = true\n")
        #expect(bare.warnings.contains { $0.contains("security.auth_token_file and TLS (security.tls_cert, security.tls_key) are not set") })
    }

    @Test("loopback needs neither")
    func loopbackNeedsNothing() throws {
        let configuration = try parse(listen: "127.0.0.1:7701", security: "")
        #expect(configuration.warnings.allSatisfy { !$0.contains("7701") })
    }
}
