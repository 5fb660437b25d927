import Foundation
import Testing
import TempMeRPC
import TempMeTestSupport

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
        let directory = try TemporaryDirectory()
        let certificate = try SelfSignedCertificate(in: directory.path)
        let identity = RPCTLSIdentity(certificateChainPEM: try certificate.certificatePEM(), privateKeyPEM: try certificate.keyPEM())
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
