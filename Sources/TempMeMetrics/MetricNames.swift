// Every metric tempmed exports: its Prometheus name (tempmed_ prefix, unit in the name) and help text.

/// The names of tempmed's metrics and what each measures; the exporter adds `help` as `# HELP` lines.
public enum MetricNames {
    /// Finished calls by transport (grpc, http), method and status.
    public static let requests = "tempmed_requests_total"
    /// Call latency by transport, method and status.
    public static let requestDuration = "tempmed_request_duration_seconds"
    /// Decoding one video into its sampled frames.
    public static let decodeDuration = "tempmed_decode_duration_seconds"
    /// One run of the video tower.
    public static let encodeDuration = "tempmed_encode_duration_seconds"
    /// Time the encode workers spent encoding, summed over workers.
    public static let encoderBusy = "tempmed_encoder_busy_seconds_total"
    /// One query: text encoding (for Search) and the store search.
    public static let searchDuration = "tempmed_search_duration_seconds"
    /// Ingests admitted to the encode queue and not finished.
    public static let queueDepth = "tempmed_encode_queue_depth"
    /// Encode requests that may wait before new ones are refused.
    public static let queueCapacity = "tempmed_encode_queue_capacity"
    /// Records in the store by kind.
    public static let records = "tempmed_records"
    /// The store's size on disk.
    public static let storeBytes = "tempmed_store_bytes"
    /// Thumbnails made at ingest, in bytes.
    public static let thumbnailBytes = "tempmed_thumbnail_bytes_total"
    /// Constant 1 with the version and the model's identity as labels.
    public static let buildInfo = "tempmed_build_info"
    /// Resident set size of the process.
    public static let residentMemory = "process_resident_memory_bytes"
    /// User and system CPU time of the process.
    public static let cpuSeconds = "process_cpu_seconds_total"
    /// Open file descriptors of the process.
    public static let openFileDescriptors = "process_open_fds"
    /// Limit of open file descriptors.
    public static let maxFileDescriptors = "process_max_fds"
    /// When the process started, in seconds since the Unix epoch.
    public static let startTime = "process_start_time_seconds"

    /// Help text of every name above.
    public static let help: [String: String] = [
        requests: "Finished calls by transport (grpc, http), method and status.",
        requestDuration: "Call latency in seconds by transport, method and status.",
        decodeDuration: "Seconds spent decoding one video into its sampled, preprocessed frames.",
        encodeDuration: "Seconds of one video tower run (TempMe merging included).",
        encoderBusy: "Seconds the encode workers spent encoding, summed over workers.",
        searchDuration: "Seconds of one query (text encoding and the store search) of Search, SearchTexts and Similar.",
        queueDepth: "Ingests admitted to the encode queue and not yet finished.",
        queueCapacity: "Encode requests that may wait before new ones are refused.",
        records: "Records in the store by kind (video, text).",
        storeBytes: "Size of the store on disk in bytes.",
        thumbnailBytes: "Bytes of JPEG thumbnails made at ingest.",
        buildInfo: "Always 1; the labels name the version, the model fingerprint, backbone, mode and precision.",
        residentMemory: "Resident memory size in bytes.",
        cpuSeconds: "Total user and system CPU time spent in seconds.",
        openFileDescriptors: "Number of open file descriptors.",
        maxFileDescriptors: "Maximum number of open file descriptors.",
        startTime: "Start time of the process since the Unix epoch in seconds.",
    ]
}
