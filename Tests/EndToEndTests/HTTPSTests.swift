// The HTTP listener over TLS: with security.tls_cert and tls_key it serves HTTPS only, under the same token.
import Foundation
import TempMeTestSupport
import Testing

@Suite("HTTPS listener")
struct HTTPSTests {
    @Test("with a certificate the API and the page are served over HTTPS only, with the token; plain HTTP gets nothing")
    func servesHTTPSWithTheToken() throws {
        let root = try TestEnvironment.scratchDirectory("https")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (daemon, certificate) = try DaemonProcess.withTLS(in: root, token: "s3cret")
        let port = try #require(daemon.httpPort)
        let base = "https://127.0.0.1:\(port)"
        let ca = certificate.certificateFile

        let stats = try HTTPExchange.send("GET", base + "/v1/stats", headers: ["Authorization": "Bearer s3cret"], caCertificate: ca)
        #expect(stats.status == 200, "\(stats.text)")
        #expect(stats.json != nil, "\(stats.text)")
        let anonymous = try HTTPExchange.send("GET", base + "/v1/stats", caCertificate: ca)
        #expect(anonymous.status == 401)
        #expect(anonymous.error?["code"] as? String == "UNAUTHENTICATED")
        // The page needs no token and uses relative URLs only, so it works as served over https.
        let page = try HTTPExchange.send("GET", base + "/", caCertificate: ca)
        #expect(page.status == 200)
        #expect(page.headers["content-type"]?.hasPrefix("text/html") == true)
        let script = try HTTPExchange.send("GET", base + "/static/app.js", caCertificate: ca)
        #expect(script.status == 200)
        #expect(!script.text.contains("http://") && !page.text.contains("http://"))
        // Without trusting the certificate curl refuses it: the listener really presents it.
        #expect(throws: DaemonFailure.self) { try HTTPExchange.send("GET", base + "/v1/stats") }

        // Plain HTTP to the TLS port: whatever comes back is no HTTP response, and no data leaks in clear.
        let clear = try ProcessRunner.run("/usr/bin/env", ["python3", "-c", Self.plainHTTPProbe, String(port)], timeout: 30)
        #expect(clear.status == 0, "\(clear.stderr)")
        let reply = clear.stdout
        #expect(!reply.contains("HTTP/1"), "a plain-HTTP request got an HTTP answer: \(reply)")
        #expect(!reply.contains("video_count"))
        #expect(daemon.log.contains("address=https://127.0.0.1:\(port)"))
        #expect(daemon.log.contains("scheme=https"))
        #expect(daemon.stop() == 0)
    }

    @Test("a certificate that is not PEM, or a key that is not the certificate's, stops the start with a clear message")
    func badCertificateOrKeyIsAClearStartupError() throws {
        let root = try TestEnvironment.scratchDirectory("https-bad")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let certificate = try SelfSignedCertificate(in: try makeDirectory(root + "/one"))
        let other = try SelfSignedCertificate(in: try makeDirectory(root + "/two"))
        try "not a certificate\n".write(toFile: root + "/garbage.pem", atomically: true, encoding: .utf8)
        let cases: [(certificate: String, key: String, message: String)] = [
            (certificate.certificateFile, other.keyFile, "(security.tls_cert) cannot serve TLS together (is the key the certificate's?)"),
            (root + "/garbage.pem", certificate.keyFile, "\(root)/garbage.pem (security.tls_cert) is not a PEM certificate chain"),
            (certificate.certificateFile, root + "/garbage.pem", "\(root)/garbage.pem (security.tls_key) is not a PEM private key"),
        ]
        for (index, bad) in cases.enumerated() {
            let failure = #expect(throws: DaemonFailure.self) {
                try DaemonProcess(dataDirectory: root + "/data\(index)", extraArguments: [
                    "--set", "security.tls_cert=\(bad.certificate)", "--set", "security.tls_key=\(bad.key)",
                ])
            }
            #expect(failure?.message.contains("cannot serve TLS: ") == true, "\(failure?.message ?? "")")
            #expect(failure?.message.contains(bad.message) == true, "\(failure?.message ?? "")")
        }
    }

    private func makeDirectory(_ path: String) throws -> String {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Sends a plain-text HTTP request to 127.0.0.1:argv[1] and prints whatever comes back before the close.
    private static let plainHTTPProbe = """
        import socket, sys
        s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
        s.sendall(b"GET /v1/stats HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\nAuthorization: Bearer s3cret\\r\\nConnection: close\\r\\n\\r\\n")
        data = b""
        try:
            while True:
                piece = s.recv(65536)
                if not piece:
                    break
                data += piece
        except (socket.timeout, ConnectionResetError):
            pass
        sys.stdout.write(data.decode("latin-1"))
        """
}
