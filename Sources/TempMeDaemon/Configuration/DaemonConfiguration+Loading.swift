// Combines built-in defaults, the TOML file and command-line overrides into a checked DaemonConfiguration.
import Foundation
import TempMeBasics

extension DaemonConfiguration {
    /// Loads `file` (nil: no file, defaults only), applies `overrides`, resolves defaults from `environment`
    /// (`STATE_DIRECTORY`, `RUNTIME_DIRECTORY` set by systemd) and checks the result.
    public static func load(
        file: String?,
        overrides: ConfigurationOverrides = ConfigurationOverrides(),
        environment: [String: String] = ProcessInfo.processInfo.environment,
        workingDirectory: String = FileManager.default.currentDirectoryPath
    ) throws(ConfigurationError) -> DaemonConfiguration {
        guard let file else {
            return try parse(
                toml: nil, overrides: overrides, environment: environment, workingDirectory: workingDirectory)
        }
        let path = PathArithmetic.absolute(file, relativeTo: workingDirectory)
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .fileUnreadable(path: path, reason: Self.reason(error))
        }
        return try parse(
            toml: text, path: path, overrides: overrides, environment: environment, workingDirectory: workingDirectory)
    }

    /// Same as `load` with the file's text given directly (`path` only names it in messages); `environment` defaults to empty.
    public static func parse(
        toml: String?,
        path: String? = nil,
        overrides: ConfigurationOverrides = ConfigurationOverrides(),
        environment: [String: String] = [:],
        workingDirectory: String = FileManager.default.currentDirectoryPath
    ) throws(ConfigurationError) -> DaemonConfiguration {
        let fallbackDataDirectory = environment["STATE_DIRECTORY"]
            .flatMap { $0.split(separator: ":").first.map(String.init) }
            ?? PathArithmetic.absolute("tempmed-data", relativeTo: workingDirectory)
        var draft = ConfigurationDraft(
            configuration: builtInDefaults(dataDirectory: fallbackDataDirectory), workingDirectory: workingDirectory)
        var assignments: [(key: ConfigurationKey, value: ConfigurationValue)] = []
        if let toml {
            assignments += try ConfigurationFile(text: toml, path: path ?? "the configuration").assignments
        }
        assignments += try overrides.assignments()
        for (key, value) in assignments {
            key.apply(&draft, value)
        }
        return try draft.finish(environment: environment)
    }

    static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
            let code = POSIXErrorCode(rawValue: Int32(underlying.code))
        {
            return String(cString: strerror(code.rawValue))
        }
        if nsError.domain == NSCocoaErrorDomain, nsError.code == NSFileReadNoSuchFileError {
            return "no such file"
        }
        if nsError.domain == NSCocoaErrorDomain, nsError.code == NSFileReadNoPermissionError {
            return "permission denied"
        }
        return nsError.localizedDescription
    }
}

extension ConfigurationDraft {
    /// Fills the defaults that depend on other settings, reads referenced files and enforces the security rules.
    func finish(environment: [String: String]) throws(ConfigurationError) -> DaemonConfiguration {
        var result = configuration
        result.store.backupDirectory = result.store.backupDirectory ?? DataDirectoryLayout.backups(in: result.dataDirectory)
        result.listen = try listenAddresses(environment: environment)
        guard !result.listen.isEmpty else { throw .noListenAddresses }

        for root in result.ingest.allowedRoots where !PathArithmetic.isDirectory(root) {
            throw .notADirectory(key: "ingest.allowed_roots", path: root)
        }
        if let directory = result.model.directory, !PathArithmetic.isDirectory(directory) {
            throw .notADirectory(key: "model.dir", path: directory)
        }
        result.model.vocabularyFile = try vocabularyFile(for: result.model)
        try checkSecurity(&result)
        try checkHTTP(&result)
        if result.store.backend == .milvus { try checkMilvus(&result.store.milvus) }

        if result.model.vocabularyFile == nil {
            result.warnings.append(
                "no \(DaemonConfiguration.vocabularyFileName) found; set model.vocab_file to the CLIP BPE vocabulary")
        }
        return result
    }

    private func listenAddresses(environment: [String: String]) throws(ConfigurationError) -> [ListenAddress] {
        let entries: [String]
        if let listen {
            entries = listen
        } else {
            let socketDirectory = environment["RUNTIME_DIRECTORY"]
                .flatMap { $0.split(separator: ":").first.map(String.init) }
                ?? configuration.dataDirectory
            entries = ["unix:\(socketDirectory)/tempmed.sock", DaemonConfiguration.defaultTCPListener.grpcTarget]
        }
        var addresses: [ListenAddress] = []
        for entry in entries {
            let address = try ListenAddress(parsing: entry, relativeTo: workingDirectory)
            if !addresses.contains(address) { addresses.append(address) }
        }
        return addresses
    }

    private func vocabularyFile(for model: DaemonConfiguration.Model) throws(ConfigurationError) -> String? {
        if let configured = model.vocabularyFile {
            _ = try readFile(configured, key: "model.vocab_file")
            return configured
        }
        let name = DaemonConfiguration.vocabularyFileName
        let candidates = [model.directory.map { "\($0)/\(name)" }, "/usr/share/tempmed/\(name)",
            "/usr/local/share/tempmed/\(name)", "\(workingDirectory)/vocab/\(name)"]
        return candidates.compactMap { $0 }.first { FileManager.default.isReadableFile(atPath: $0) }
    }

    private func checkSecurity(_ result: inout DaemonConfiguration) throws(ConfigurationError) {
        let security = result.security
        switch (security.tlsCertificateFile, security.tlsKeyFile) {
        case (.some(let certificate), .some(let key)):
            _ = try readFile(certificate, key: "security.tls_cert")
            _ = try readFile(key, key: "security.tls_key")
        case (.some, nil): throw .incompleteTLS(missingKey: "security.tls_key")
        case (nil, .some): throw .incompleteTLS(missingKey: "security.tls_cert")
        case (nil, nil): break
        }
        if let tokenFile = security.authTokenFile {
            let token = String(decoding: try readFile(tokenFile, key: "security.auth_token_file"), as: UTF8.self)
                .trimmingWhitespace()
            guard !token.isEmpty else { throw .emptyAuthToken(path: tokenFile) }
            result.security.authToken = token
        }
        for address in result.listen { try checkRemote(address, transport: nil, &result) }
    }

    /// The rule of every TCP listener: one reachable from other machines needs the token and TLS; without them it is
    /// refused, or only warned about with `security.allow_insecure_remote`. `transport` (nil for gRPC, "http") names it.
    func checkRemote(_ address: ListenAddress, transport: String?, _ result: inout DaemonConfiguration) throws(ConfigurationError) {
        guard !address.isLocal else { return }
        var missing: [String] = []
        if result.security.authToken == nil { missing.append("security.auth_token_file") }
        if !result.security.usesTLS { missing.append("TLS (security.tls_cert, security.tls_key)") }
        guard !missing.isEmpty else { return }
        if result.security.allowInsecureRemote {
            result.warnings.append(
                "\(transport.map { $0.uppercased() + " " } ?? "")listener \(address) is reachable from other machines but "
                    + "\(missing.joined(separator: " and ")) \(missing.count > 1 ? "are" : "is") not set "
                    + "(allowed by security.allow_insecure_remote)")
        } else {
            throw .insecureRemoteListener(address: (transport.map { $0 + " " } ?? "") + address.grpcTarget, missing: missing)
        }
    }

    /// Requires a HOST:PORT address and reads the token and CA files.
    private func checkMilvus(_ milvus: inout DaemonConfiguration.Milvus) throws(ConfigurationError) {
        guard let address = milvus.address else {
            throw .invalidMilvusSetting(key: "store.milvus.address", reason: "is required: give Milvus's HOST:PORT (e.g. 127.0.0.1:19530)")
        }
        let parts = address.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 2, !parts.dropLast().joined(separator: ":").isEmpty, let port = Int(parts.last ?? ""),
            (1...65_535).contains(port), !address.contains("/")
        else {
            throw .invalidMilvusSetting(key: "store.milvus.address", reason: "= \"\(address)\" is not HOST:PORT (e.g. 127.0.0.1:19530)")
        }
        guard !milvus.collection.isEmpty, milvus.collection.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }),
            milvus.collection.first.map({ $0.isLetter || $0 == "_" }) == true
        else {
            throw .invalidMilvusSetting(
                key: "store.milvus.collection",
                reason: "= \"\(milvus.collection)\" is not a Milvus collection name (letters, digits and _, not starting with a digit)")
        }
        if let tokenFile = milvus.tokenFile {
            let token = String(decoding: try readFile(tokenFile, key: "store.milvus.token_file"), as: UTF8.self).trimmingWhitespace()
            guard !token.isEmpty else { throw .invalidMilvusSetting(key: "store.milvus.token_file", reason: "names an empty file") }
            milvus.token = token
        }
        if let caFile = milvus.tlsCAFile {
            milvus.tlsRootCertificatesPEM = String(decoding: try readFile(caFile, key: "store.milvus.tls_ca_file"), as: UTF8.self)
        }
    }

    private func readFile(_ path: String, key: String) throws(ConfigurationError) -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadableFile(key: key, path: path, reason: DaemonConfiguration.reason(error))
        }
    }
}
