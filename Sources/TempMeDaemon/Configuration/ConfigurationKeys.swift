// The table of every configuration key: its type, its range and where it lands in DaemonConfiguration.
import Logging
import TempMeBasics

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

    /// `path` made absolute; an empty string means "not set".
    func resolve(_ path: String) -> String? {
        path.isEmpty ? nil : PathArithmetic.absolute(path, relativeTo: workingDirectory)
    }
}

/// One known key: its dotted name, what it accepts, how it is stored and how its current value reads back.
struct ConfigurationKey: Sendable {
    let name: String
    let kind: ConfigurationValueKind
    let apply: @Sendable (inout ConfigurationDraft, ConfigurationValue) -> Void
    /// The current value; nil when the key is unset (a setting the model directory decides).
    let read: @Sendable (DaemonConfiguration) -> ConfigurationValue?

    /// The section part of the name ("" for top-level keys).
    var section: String { name.split(separator: ".").dropLast().joined(separator: ".") }
    /// The last component of the name.
    var leaf: String { String(name.split(separator: ".").last ?? "") }
}

/// A settable property of DaemonConfiguration that can be captured by the key table.
typealias ConfigurationField<Value> = WritableKeyPath<DaemonConfiguration, Value> & Sendable

/// All keys tempmed understands; docs/configuration.md documents exactly these.
enum ConfigurationKeys {
    static let all: [ConfigurationKey] = [
        ConfigurationKey(
            name: "data_dir", kind: .path,
            apply: { draft, value in  // "" keeps the default
                if let path = draft.resolve(value.text) { draft.configuration.dataDirectory = path }
            },
            read: { .string($0.dataDirectory) }),
        ConfigurationKey(
            name: "listen", kind: .pathList,
            apply: { draft, value in draft.listen = value.strings },
            read: { .strings($0.listen.map(\.grpcTarget)) }),
        integer("max_message_bytes", 1024...(Int(Int32.max)), \.maxMessageBytes),
        seconds("drain_seconds", 0...3600, \.drainSeconds),

        path("model.dir", \.model.directory),
        optionalChoice("model.mode", \.model.mode),
        optionalInteger("model.frames", 1...512, \.model.frames),
        optionalInteger("model.max_words", 3...77, \.model.maxWords),
        path("model.vocab_file", \.model.vocabularyFile),

        choice("encoder.precision", \.encoder.precision),

        ConfigurationKey(
            name: "ingest.allowed_roots", kind: .pathList,
            apply: { draft, value in
                draft.configuration.ingest.allowedRoots = value.strings.compactMap { draft.resolve($0) }
            },
            read: { .strings($0.ingest.allowedRoots) }),
        integer("ingest.max_video_bytes", 1...(1 << 40), \.ingest.maxVideoBytes),
        integer("ingest.queue_capacity", 1...100_000, \.ingest.queueCapacity),
        integer("ingest.encode_workers", DaemonConfiguration.Ingest.encodeWorkerRange, \.ingest.encodeWorkers),
        seconds("ingest.decode_timeout_seconds", 1...86_400, \.ingest.decodeTimeoutSeconds),
        choice("ingest.sampling", \.ingest.sampling),
        seconds("ingest.segment_seconds", 0.5...3600, \.ingest.segmentSeconds),
        seconds("ingest.segment_stride_seconds", 0.5...3600, \.ingest.segmentStrideSeconds),
        seconds("ingest.segment_min_video_seconds", 0...86_400, \.ingest.segmentMinVideoSeconds),

        integer("search.max_k", 1...1_000_000, \.search.maxK),
        integer("search.max_text_bytes", 1...(1 << 20), \.search.maxTextBytes),
        choice("search.aggregation", \.search.aggregation),

        path("security.tls_cert", \.security.tlsCertificateFile),
        path("security.tls_key", \.security.tlsKeyFile),
        path("security.auth_token_file", \.security.authTokenFile),
        boolean("security.allow_insecure_remote", \.security.allowInsecureRemote),

        choice("log.level", \.log.level),
        choice("log.format", \.log.format),
        choice("log.access", \.log.access),

        ConfigurationKey(
            name: "http.listen", kind: .string,
            apply: { draft, value in draft.configuration.http.listenText = value.text },
            read: { .string($0.http.listen?.grpcTarget ?? "") }),
        integer("http.max_json_bytes", 1024...(64 << 20), \.http.maxJSONBytes),
        boolean("metrics.enabled", \.http.metricsEnabled),

        choice("store.backend", \.store.backend),
        boolean("store.accept_foreign_fingerprints", \.store.acceptForeignFingerprints),
        path("store.backup_dir", \.store.backupDirectory),
        optionalString("store.milvus.address", \.store.milvus.address),
        string("store.milvus.collection", \.store.milvus.collection),
        path("store.milvus.token_file", \.store.milvus.tokenFile),
        path("store.milvus.tls_ca_file", \.store.milvus.tlsCAFile),
        optionalString("store.milvus.tls_server_name", \.store.milvus.tlsServerName),
        choice("store.milvus.index", \.store.milvus.index),
        integer("store.milvus.hnsw_m", 2...2048, \.store.milvus.hnswM),
        integer("store.milvus.hnsw_ef_construction", 1...65_536, \.store.milvus.hnswEfConstruction),
        integer("store.milvus.hnsw_ef", 1...65_536, \.store.milvus.hnswEf),
        integer("store.milvus.ivf_nlist", 1...65_536, \.store.milvus.ivfNlist),
        integer("store.milvus.ivf_nprobe", 1...65_536, \.store.milvus.ivfNprobe),
        choice("store.milvus.consistency", \.store.milvus.consistency),
        seconds("store.milvus.call_timeout_seconds", 0.1...3600, \.store.milvus.callTimeoutSeconds),
        integer("store.milvus.retries", 0...100, \.store.milvus.retries),
        seconds("store.milvus.connect_timeout_seconds", 0...86_400, \.store.milvus.connectTimeoutSeconds),
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
        guard !a.isEmpty else { return b.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            previous = current
        }
        return previous[b.count]
    }

    // MARK: Key builders

    private static func path(_ name: String, _ field: ConfigurationField<String?>) -> ConfigurationKey {
        ConfigurationKey(
            name: name, kind: .path,
            apply: { draft, value in draft.configuration[keyPath: field] = draft.resolve(value.text) },
            read: { .string($0[keyPath: field] ?? "") })
    }

    private static func string(_ name: String, _ field: ConfigurationField<String>) -> ConfigurationKey {
        ConfigurationKey(
            name: name, kind: .string,
            apply: { draft, value in draft.configuration[keyPath: field] = value.text },
            read: { .string($0[keyPath: field]) })
    }

    /// A string where "" means unset.
    private static func optionalString(_ name: String, _ field: ConfigurationField<String?>) -> ConfigurationKey {
        ConfigurationKey(
            name: name, kind: .string,
            apply: { draft, value in draft.configuration[keyPath: field] = value.text.isEmpty ? nil : value.text },
            read: { .string($0[keyPath: field] ?? "") })
    }

    private static func integer(
        _ name: String, _ range: ClosedRange<Int>, _ field: ConfigurationField<Int>
    ) -> ConfigurationKey {
        ConfigurationKey(
            name: name, kind: .integer(range),
            apply: { draft, value in
                if case .integer(let number) = value { draft.configuration[keyPath: field] = number }
            },
            read: { .integer($0[keyPath: field]) })
    }

    /// An integer whose absence means "the model's config.json decides".
    private static func optionalInteger(
        _ name: String, _ range: ClosedRange<Int>, _ field: ConfigurationField<Int?>
    ) -> ConfigurationKey {
        ConfigurationKey(
            name: name, kind: .integer(range),
            apply: { draft, value in
                if case .integer(let number) = value { draft.configuration[keyPath: field] = number }
            },
            read: { $0[keyPath: field].map { .integer($0) } })
    }

    private static func seconds(
        _ name: String, _ range: ClosedRange<Double>, _ field: ConfigurationField<Double>
    ) -> ConfigurationKey {
        ConfigurationKey(
            name: name, kind: .seconds(range),
            apply: { draft, value in
                if case .number(let number) = value { draft.configuration[keyPath: field] = number }
            },
            read: { .number($0[keyPath: field]) })
    }

    private static func boolean(_ name: String, _ field: ConfigurationField<Bool>) -> ConfigurationKey {
        ConfigurationKey(
            name: name, kind: .boolean,
            apply: { draft, value in
                if case .boolean(let flag) = value { draft.configuration[keyPath: field] = flag }
            },
            read: { .boolean($0[keyPath: field]) })
    }

    /// A choice whose absence means "the model's config.json decides".
    private static func optionalChoice<Choice: RawRepresentable & CaseIterable & SendableMetatype>(
        _ name: String, _ field: ConfigurationField<Choice?>
    ) -> ConfigurationKey where Choice.RawValue == String {
        ConfigurationKey(
            name: name, kind: .choice(Choice.allCases.map(\.rawValue)),
            apply: { draft, value in
                if let choice = Choice(rawValue: value.text) { draft.configuration[keyPath: field] = choice }
            },
            read: { $0[keyPath: field].map { .string($0.rawValue) } })
    }

    private static func choice<Choice: RawRepresentable & CaseIterable & SendableMetatype>(
        _ name: String, _ field: ConfigurationField<Choice>
    ) -> ConfigurationKey where Choice.RawValue == String {
        ConfigurationKey(
            name: name, kind: .choice(Choice.allCases.map(\.rawValue)),
            apply: { draft, value in
                if let choice = Choice(rawValue: value.text) { draft.configuration[keyPath: field] = choice }
            },
            read: { .string($0[keyPath: field].rawValue) })
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
