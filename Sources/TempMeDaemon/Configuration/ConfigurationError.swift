// Everything that can be wrong with a tempmed configuration, each with a message an operator can act on.

/// Where a configuration value came from, so errors can point at it.
public enum ConfigurationSource: Sendable, Hashable, CustomStringConvertible {
    /// The TOML file at this path.
    case file(String)
    /// A command-line override.
    case commandLine

    /// Human-readable origin, e.g. "/etc/tempmed/tempmed.toml" or "the command line".
    public var description: String {
        switch self {
        case .file(let path): return path
        case .commandLine: return "the command line"
        }
    }
}

/// Why a configuration could not be loaded; `description` says what to change.
public enum ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The configuration file could not be read.
    case fileUnreadable(path: String, reason: String)
    /// The configuration file is not valid TOML.
    case syntax(path: String, line: Int, column: Int, message: String)
    /// A key that tempmed does not know, with the closest known key if one is near.
    case unknownKey(key: String, suggestion: String?, source: ConfigurationSource)
    /// A value of the wrong TOML type.
    case wrongType(key: String, expected: String, found: String, source: ConfigurationSource)
    /// A number outside the range the key accepts.
    case outOfRange(key: String, value: String, allowed: String, source: ConfigurationSource)
    /// A string that is not one of the key's choices.
    case invalidChoice(key: String, value: String, choices: [String], source: ConfigurationSource)
    /// A command-line `--set` argument that is not `key=value`.
    case malformedOverride(String)
    /// A listen address that cannot be parsed.
    case invalidListenAddress(address: String, reason: String)
    /// `listen` is empty, so the daemon would be unreachable.
    case noListenAddresses
    /// A TCP listener on a non-loopback address without the protection it needs.
    case insecureRemoteListener(address: String, missing: [String])
    /// Only one of `security.tls_cert` and `security.tls_key` is set.
    case incompleteTLS(missingKey: String)
    /// A file named by a key cannot be read.
    case unreadableFile(key: String, path: String, reason: String)
    /// The bearer token file is empty.
    case emptyAuthToken(path: String)
    /// A path that must be an existing directory is not.
    case notADirectory(key: String, path: String)
    /// A Milvus setting is missing or malformed while `store.backend = "milvus"`.
    case invalidMilvusSetting(key: String, reason: String)

    /// The message shown to the operator.
    public var description: String {
        switch self {
        case .fileUnreadable(let path, let reason):
            return "cannot read configuration file \(path): \(reason); check the path given to --config"
        case .syntax(let path, let line, let column, let message):
            return "\(path):\(line):\(column): invalid TOML: \(message)"
        case .unknownKey(let key, let suggestion, let source):
            let hint = suggestion.map { "; did you mean `\($0)`?" } ?? "; see docs/configuration.md for the known keys"
            return "unknown configuration key `\(key)` in \(source)\(hint)"
        case .wrongType(let key, let expected, let found, let source):
            return "`\(key)` in \(source) must be \(expected), not \(found)"
        case .outOfRange(let key, let value, let allowed, let source):
            return "`\(key)` = \(value) in \(source) is out of range; allowed: \(allowed)"
        case .invalidChoice(let key, let value, let choices, let source):
            let list = choices.map { "\"\($0)\"" }.joined(separator: ", ")
            return "`\(key)` = \"\(value)\" in \(source) is not allowed; choose one of \(list)"
        case .malformedOverride(let argument):
            return "cannot read override \"\(argument)\"; write it as key=value, e.g. ingest.queue_capacity=32"
        case .invalidListenAddress(let address, let reason):
            return "invalid listen address \"\(address)\": \(reason); use unix:/path/to.sock, host:port or [ipv6]:port"
        case .noListenAddresses:
            return "`listen` is empty, so nothing could reach the daemon; give at least one address"
        case .insecureRemoteListener(let address, let missing):
            return "listener \(address) is reachable from other machines but \(missing.joined(separator: " and ")) "
                + "not set; configure them in [security], listen on loopback, "
                + "or set security.allow_insecure_remote = true if the network is trusted"
        case .incompleteTLS(let missingKey):
            return "TLS needs both security.tls_cert and security.tls_key; `\(missingKey)` is missing"
        case .unreadableFile(let key, let path, let reason):
            return "cannot read \(path) (from `\(key)`): \(reason); check the path and that the tempmed user may read it"
        case .emptyAuthToken(let path):
            return "bearer token file \(path) is empty; write a long random token into it (e.g. openssl rand -hex 32)"
        case .notADirectory(let key, let path):
            return "\(path) (from `\(key)`) is not an existing directory; create it or fix the path"
        case .invalidMilvusSetting(let key, let reason):
            return "`\(key)` \(reason) (store.backend = \"milvus\"); see docs/milvus.md"
        }
    }
}
