// The HTTP listener's TLS identity: the daemon's certificate chain and key (security.tls_cert, security.tls_key).
import NIOSSL

/// A certificate chain and private key, parsed and checked to belong together, ready to serve HTTPS.
public struct HTTPTLS: Sendable {
    /// The server configuration HummingbirdTLS serves with.
    let configuration: TLSConfiguration

    /// Parses the PEM texts; throws a message naming the file that is wrong (no certificate, unreadable
    /// key, or a key that is not the certificate's).
    public init(
        certificateChainPEM: String, privateKeyPEM: String, certificateFile: String, keyFile: String
    ) throws(HTTPServerError) {
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMBytes(Array(certificateChainPEM.utf8))
        } catch {
            throw HTTPServerError(description: "\(certificateFile) (security.tls_cert) is not a PEM certificate chain: \(error)")
        }
        guard !chain.isEmpty else {
            throw HTTPServerError(description: "\(certificateFile) (security.tls_cert) holds no PEM certificate")
        }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(bytes: Array(privateKeyPEM.utf8), format: .pem)
        } catch {
            throw HTTPServerError(description: "\(keyFile) (security.tls_key) is not a PEM private key: \(error)")
        }
        let configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        do {
            _ = try NIOSSLContext(configuration: configuration)
        } catch {
            throw HTTPServerError(
                description: "\(keyFile) (security.tls_key) and \(certificateFile) (security.tls_cert) cannot serve TLS "
                    + "together (is the key the certificate's?): \(error)")
        }
        self.configuration = configuration
    }
}
