// The daemon's certificate and key (security.tls_cert, security.tls_key), read and checked once for both listeners.
import Foundation
import TempMeHTTP
import TempMeRPC

/// The TLS identity every TCP listener serves with: gRPC's and the HTTP listener's.
struct TLSFiles {
    /// For the gRPC listeners.
    let rpc: RPCTLSIdentity
    /// For the HTTP listener (parsed, the key checked against the certificate).
    let http: HTTPTLS

    /// Reads both files; nil when TLS is not configured. A file that cannot be read, is not PEM, or a key that is
    /// not the certificate's stops the start-up with a message naming the file.
    static func load(_ security: DaemonConfiguration.Security) throws(DaemonStartupError) -> TLSFiles? {
        guard let certificate = security.tlsCertificateFile, let key = security.tlsKeyFile else { return nil }
        guard let chain = try? String(contentsOfFile: certificate, encoding: .utf8) else {
            throw .tlsUnreadable(path: certificate)
        }
        guard let privateKey = try? String(contentsOfFile: key, encoding: .utf8) else {
            throw .tlsUnreadable(path: key)
        }
        do {
            let http = try HTTPTLS(certificateChainPEM: chain, privateKeyPEM: privateKey, certificateFile: certificate, keyFile: key)
            return TLSFiles(rpc: RPCTLSIdentity(certificateChainPEM: chain, privateKeyPEM: privateKey), http: http)
        } catch {
            throw .tlsInvalid(error.description)
        }
    }
}
