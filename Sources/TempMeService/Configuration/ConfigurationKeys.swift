// The table of every configuration key: its type, its range and where it lands in DaemonConfiguration.
import Logging

/// A value read from TOML or from a command-line override, before it is checked against its key.
enum ConfigurationValue: Sendable, Equatable {
    case string(String)
    case integer(Int)
    case number(Double)
    case boolean(Bool)
    case strings([String])
}

/// What a key accepts.
enum ConfigurationValueKind: Sendable {
    case string
    case path
    case boolean
    case integer(ClosedRange<Int>)
    case seconds(ClosedRange<Double>)
    case choice([String])
    case pathList

    /// The phrase used in "must be ..." messages.
    var expectation: String {
        switch self {
        case .string, .path, .choice: return "a string"
        case .boolean: return "true or false"
        case .integer: return "an integer"
        case .seconds: return "a number of seconds"
        case .pathList: return "an array of strings"
        }
    }
}

/// Configuration being assembled: the settings so far plus what is needed to finish them.
struct ConfigurationDraft {
    var configuration: DaemonConfiguration
    /// Directory relative paths are resolved against.
    let workingDirectory: String
    /// Raw `listen` entries, nil until given (the default depends on the final data directory).
    var listen: [String]?
    var dataDirectoryGiven = false

    /// `path` made absolute; an empty string means "not set".
    func resolve(_ path: String) -> String? {
        path.isEmpty ? nil : FilePath.absolute(path, relativeTo: workingDirectory)
    }
}

/// One known key: its dotted name, what it accepts and how it is stored.
struct ConfigurationKey: Sendable {
    let name: String
    let kind: ConfigurationValueKind
    let apply: @Sendable (inout ConfigurationDraft, ConfigurationValue) -> Void

    /// The section part of the name ("" for top-level keys).
    var section: String { name.split(separator: ".").dropLast().joined(separator: ".") }
    /// The last component of the name.
    var leaf: String { String(name.split(separator: ".").last ?? "") }
}

/// All keys tempmed understands; docs/configuration.md documents exactly these.
enum ConfigurationKeys {
    static let all: [ConfigurationKey] = [
        path("data_dir") { draft, path in
            draft.configuration.dataDirectory = path ?? draft.workingDirectory
            draft.dataDirectoryGiven = true
        },
        ConfigurationKey(name: "listen", kind: .pathList) { draft, value in draft.listen = value.strings },
        integer("max_message_bytes", 1024...(Int(Int32.max))) { $0.configuration.maxMessageBytes = $1 },
        seconds("drain_seconds", 0...3600) { $0.configuration.drainSeconds = $1 },

        path("model.dir") { $0.configuration.model.directory = $1 },
        choice("model.mode", EncoderMode.self) { $0.configuration.model.mode = $1 },
        integer("model.frames", 1...512) { $0.configuration.model.frames = $1 },
        integer("model.max_words", 3...77) { $0.configuration.model.maxWords = $1 },
        path("model.vocab_file") { $0.configuration.model.vocabularyFile = $1 },

        ConfigurationKey(name: "ingest.allowed_roots", kind: .pathList) { draft, value in
            draft.configuration.ingest.allowedRoots = value.strings.compactMap { draft.resolve($0) }
        },
        integer("ingest.max_video_bytes", 1...(1 << 40)) { $0.configuration.ingest.maxVideoBytes = $1 },
        integer("ingest.queue_capacity", 1...100_000) { $0.configuration.ingest.queueCapacity = $1 },
        integer("ingest.encode_workers", 1...256) { $0.configuration.ingest.encodeWorkers = $1 },
        seconds("ingest.decode_timeout_seconds", 1...86_400) { $0.configuration.ingest.decodeTimeoutSeconds = $1 },

        integer("search.max_k", 1...1_000_000) { $0.configuration.search.maxK = $1 },
        integer("search.max_text_bytes", 1...(1 << 20)) { $0.configuration.search.maxTextBytes = $1 },

        path("security.tls_cert") { $0.configuration.security.tlsCertificateFile = $1 },
        path("security.tls_key") { $0.configuration.security.tlsKeyFile = $1 },
        path("security.auth_token_file") { $0.configuration.security.authTokenFile = $1 },
        boolean("security.allow_insecure_remote") { $0.configuration.security.allowInsecureRemote = $1 },

        choice("log.level", Logger.Level.self) { $0.configuration.log.level = $1 },
        choice("log.format", LogFormat.self) { $0.configuration.log.format = $1 },

        boolean("store.accept_foreign_fingerprints") { $0.configuration.store.acceptForeignFingerprints = $1 },
    ]

    /// Section names that hold keys.
    static let sections: Set<String> = Set(all.map(\.section).filter { !$0.isEmpty })

    /// The key with this dotted name.
    static func named(_ name: String) -> ConfigurationKey? {
        all.first { $0.name == name }
    }

    /// The known key closest to an unknown one, if it is close enough to be a likely typo or misplacement.
    static func suggestion(for unknown: String) -> String? {
        let unknownLeaf = String(unknown.split(separator: ".").last ?? "")
        var best: (name: String, distance: Int)?
        for key in all {
            let distance = min(editDistance(unknown, key.name), editDistance(unknownLeaf, key.leaf) + 1)
            if distance < (best?.distance ?? Int.max) { best = (key.name, distance) }
        }
        guard let best, best.distance <= max(2, unknown.count / 3) else { return nil }
        return best.name
    }

    /// The known section closest to an unknown table name, if it is a likely typo.
    static func sectionSuggestion(for unknown: String) -> String? {
        let ranked = sections.map { (name: $0, distance: editDistance(unknown, $0)) }
            .min { ($0.distance, $0.name) < ($1.distance, $1.name) }
        guard let ranked, ranked.distance <= 2 else { return nil }
        return ranked.name
    }

    private static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.lowercased()), b = Array(b.lowercased())
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }

    // MARK: Key builders

    private static func path(
        _ name: String, _ store: @escaping @Sendable (inout ConfigurationDraft, String?) -> Void
    ) -> ConfigurationKey {
        ConfigurationKey(name: name, kind: .path) { draft, value in store(&draft, draft.resolve(value.text)) }
    }

    private static func integer(
        _ name: String, _ range: ClosedRange<Int>, _ store: @escaping @Sendable (inout ConfigurationDraft, Int) -> Void
    ) -> ConfigurationKey {
        ConfigurationKey(name: name, kind: .integer(range)) { draft, value in
            if case .integer(let number) = value { store(&draft, number) }
        }
    }

    private static func seconds(
        _ name: String, _ range: ClosedRange<Double>,
        _ store: @escaping @Sendable (inout ConfigurationDraft, Double) -> Void
    ) -> ConfigurationKey {
        ConfigurationKey(name: name, kind: .seconds(range)) { draft, value in
            if case .number(let number) = value { store(&draft, number) }
        }
    }

    private static func boolean(
        _ name: String, _ store: @escaping @Sendable (inout ConfigurationDraft, Bool) -> Void
    ) -> ConfigurationKey {
        ConfigurationKey(name: name, kind: .boolean) { draft, value in
            if case .boolean(let flag) = value { store(&draft, flag) }
        }
    }

    private static func choice<Choice: RawRepresentable & CaseIterable & SendableMetatype>(
        _ name: String, _ type: Choice.Type, _ store: @escaping @Sendable (inout ConfigurationDraft, Choice) -> Void
    ) -> ConfigurationKey where Choice.RawValue == String {
        ConfigurationKey(name: name, kind: .choice(Choice.allCases.map(\.rawValue))) { draft, value in
            if let choice = Choice(rawValue: value.text) { store(&draft, choice) }
        }
    }
}

extension ConfigurationValue {
    /// The string payload ("" for non-strings; values are checked against their kind before use).
    var text: String {
        if case .string(let text) = self { return text }
        return ""
    }

    /// The list payload (empty for non-lists).
    var strings: [String] {
        if case .strings(let list) = self { return list }
        return []
    }
}
