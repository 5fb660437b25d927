// A daemon that serves TLS (a fresh self-signed certificate) and requires a bearer token: what off-loopback needs.
import Foundation
import TempMeTestSupport

extension DaemonProcess {
    /// The flags that make a daemon serve TLS with `certificate` on every listener.
    static func tlsArguments(_ certificate: SelfSignedCertificate) -> [String] {
        ["--set", "security.tls_cert=\(certificate.certificateFile)", "--set", "security.tls_key=\(certificate.keyFile)"]
    }

    /// Starts a daemon with data in `root/data`, a certificate made in `root` and `token` in `root/token`.
    static func withTLS(in root: String, token: String) throws -> (daemon: DaemonProcess, certificate: SelfSignedCertificate) {
        let certificate = try SelfSignedCertificate(in: root)
        try (token + "\n").write(toFile: root + "/token", atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess(
            dataDirectory: root + "/data", extraArguments: tlsArguments(certificate) + ["--set", "security.auth_token_file=\(root)/token"])
        return (daemon, certificate)
    }
}
