import Foundation
import Testing
import TempMeRPC

@Suite("Bearer tokens and TLS")
struct SecurityTests {
    @Test(arguments: Transport.allCases)
    func missingOrWrongTokenIsUnauthenticated(transport: Transport) throws {
        let fixture = try EchoFixture(transport, options: RPCServerOptions(bearerToken: "s3cret"))
        for token in [nil, "wrong", "s3cre", "s3cret-and-more"] {
            let error = #expect(throws: RPCError.self) {
                try fixture.client(RPCClientOptions(bearerToken: token)).unary(method: "/test.Echo/Unary", request: [1])
            }
            #expect(error?.code == .unauthenticated)
        }
        let allowed = try fixture.client(RPCClientOptions(bearerToken: "s3cret"))
        #expect(try allowed.unary(method: "/test.Echo/Unary", request: [1]) == [1])
    }

    @Test func healthNeedsNoToken() throws {
        let fixture = try EchoFixture(.tcp, options: RPCServerOptions(bearerToken: "s3cret"))
        let response = try fixture.client().unary(method: RPCHealth.checkMethod, request: [])
        #expect(response == [0x08, 0x02])
    }

    @Test func remoteOnlyScopeLetsLocalPeersIn() throws {
        let options = RPCServerOptions(bearerToken: "s3cret", tokenScope: .remotePeersOnly)
        for transport in Transport.allCases {
            let fixture = try EchoFixture(transport, options: options)
            #expect(try fixture.client().unary(method: "/test.Echo/Unary", request: [9]) == [9])
        }
    }

    @Test func tlsListenerServesTLSClientsOnly() throws {
        let identity = try SelfSignedCertificate.make()
        let fixture = try EchoFixture(.tcp, tls: identity)
        let tlsClient = try fixture.client(RPCClientOptions(rootCertificatesPEM: identity.certificateChainPEM))
        #expect(try tlsClient.unary(method: "/test.Echo/Unary", request: [4, 2]) == [4, 2])
        let plaintext = try fixture.client()
        let error = #expect(throws: RPCError.self) {
            try plaintext.unary(method: "/test.Echo/Unary", request: [1], timeout: .seconds(5))
        }
        #expect(error?.code == .unavailable)
    }
}

/// A throwaway certificate for 127.0.0.1, made with the openssl CLI at test time.
enum SelfSignedCertificate {
    static func make() throws -> RPCTLSIdentity {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tempme-rpc-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let key = directory.appendingPathComponent("key.pem").path
        let certificate = directory.appendingPathComponent("cert.pem").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", key, "-out", certificate, "-days", "1", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
        ]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "openssl could not make a test certificate")
        return RPCTLSIdentity(
            certificateChainPEM: try String(contentsOfFile: certificate, encoding: .utf8),
            privateKeyPEM: try String(contentsOfFile: key, encoding: .utf8))
    }
}
