// The recording calls: the service and the transports record here; without a backend (tests) they cost nothing.
import CoreMetrics
import Synchronization

/// Records tempmed's measurements through swift-metrics; the daemon bootstraps the Prometheus backend first.
/// Handles are made once per name and label set (a lookup in the backend's registry costs more than a record).
public enum ServiceMetrics {
    private static let calls = Mutex<[CallKey: (count: Counter, duration: Timer)]>([:])
    private static let decodeDuration = Timer(label: MetricNames.decodeDuration)
    private static let encodeDuration = Timer(label: MetricNames.encodeDuration)
    private static let encoderBusy = FloatingPointCounter(label: MetricNames.encoderBusy)
    private static let searchDuration = Timer(label: MetricNames.searchDuration)
    private static let thumbnailBytes = Counter(label: MetricNames.thumbnailBytes)

    private struct CallKey: Hashable {
        let transport: String
        let method: String
        let status: String
    }

    /// One finished call: counts it and times it by transport, method and status.
    public static func call(transport: String, method: String, status: String, seconds: Double) {
        let key = CallKey(transport: transport, method: method, status: status)
        let handles = calls.withLock { table in
            if let known = table[key] { return known }
            let dimensions = [("transport", transport), ("method", method), ("status", status)]
            let made = (Counter(label: MetricNames.requests, dimensions: dimensions),
                        Timer(label: MetricNames.requestDuration, dimensions: dimensions))
            table[key] = made
            return made
        }
        handles.count.increment()
        handles.duration.recordSeconds(seconds)
    }

    /// One video decoded in `milliseconds`.
    public static func decode(milliseconds: Double) {
        decodeDuration.recordSeconds(milliseconds / 1000)
    }

    /// One video encoded in `milliseconds`: the encode histogram and the workers' busy time.
    public static func encode(milliseconds: Double) {
        encodeDuration.recordSeconds(milliseconds / 1000)
        encoderBusy.increment(by: max(0, milliseconds / 1000))
    }

    /// One query (Search, SearchTexts or Similar) answered in `milliseconds`.
    public static func search(milliseconds: Double) {
        searchDuration.recordSeconds(milliseconds / 1000)
    }

    /// Thumbnails of one video, `bytes` in all.
    public static func thumbnails(bytes: Int) {
        thumbnailBytes.increment(by: max(0, bytes))
    }
}

extension Timer {
    /// Records a duration given in seconds (nanosecond resolution).
    func recordSeconds(_ seconds: Double) {
        recordNanoseconds(Int64(max(0, seconds) * 1e9))
    }
}
