// A throwaway TLS certificate for 127.0.0.1 and localhost, made with the openssl CLI at test time.
import Foundation

/// A self-signed certificate and its key (EC P-256, valid one day), as PEM files in a directory.
public struct SelfSignedCertificate: Sendable {
    /// The certificate's PEM file (`cert.pem`); clients trust it as their CA.
    public let certificateFile: String
    /// The private key's PEM file (`key.pem`).
    public let keyFile: String

    /// Makes `cert.pem` and `key.pem` in `directory` with `/usr/bin/openssl`; throws with openssl's output on failure.
    public init(in directory: String) throws {
        certificateFile = directory + "/cert.pem"
        keyFile = directory + "/key.pem"
        let (status, output) = try runCapturingOutput("/usr/bin/openssl", [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", keyFile, "-out", certificateFile, "-days", "1", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
        ])
        guard status == 0 else { throw CertificateFailure(message: "openssl could not make a test certificate: \(output)") }
    }

    /// The certificate's PEM text.
    public func certificatePEM() throws -> String { try String(contentsOfFile: certificateFile, encoding: .utf8) }
    /// The key's PEM text.
    public func keyPEM() throws -> String { try String(contentsOfFile: keyFile, encoding: .utf8) }
}

/// openssl failed to make a certificate.
public struct CertificateFailure: Error, CustomStringConvertible {
    /// What openssl said.
    public let message: String
    /// The message.
    public var description: String { message }
}
