// The recording calls: the service and the transports record here; without a backend (tests) they cost nothing.
import CoreMetrics

/// Records tempmed's measurements through swift-metrics; the daemon bootstraps the Prometheus backend.
public enum ServiceMetrics {
    /// One finished call: counts it and times it by transport, method and status.
    public static func call(transport: String, method: String, status: String, seconds: Double) {
        let dimensions = [("transport", transport), ("method", method), ("status", status)]
        Counter(label: MetricNames.requests, dimensions: dimensions).increment()
        Timer(label: MetricNames.requestDuration, dimensions: dimensions).recordSeconds(seconds)
    }

    /// One video decoded in `milliseconds`.
    public static func decode(milliseconds: Double) {
        Timer(label: MetricNames.decodeDuration).recordSeconds(milliseconds / 1000)
    }

    /// One video encoded in `milliseconds`: the encode histogram and the workers' busy time.
    public static func encode(milliseconds: Double) {
        Timer(label: MetricNames.encodeDuration).recordSeconds(milliseconds / 1000)
        FloatingPointCounter(label: MetricNames.encoderBusy).increment(by: max(0, milliseconds / 1000))
    }

    /// One query (Search, SearchTexts or Similar) answered in `milliseconds`.
    public static func search(milliseconds: Double) {
        Timer(label: MetricNames.searchDuration).recordSeconds(milliseconds / 1000)
    }

    /// Thumbnails of one video, `bytes` in all.
    public static func thumbnails(bytes: Int) {
        Counter(label: MetricNames.thumbnailBytes).increment(by: max(0, bytes))
    }
}

extension Timer {
    /// Records a duration given in seconds (nanosecond resolution).
    func recordSeconds(_ seconds: Double) {
        recordNanoseconds(Int64(max(0, seconds) * 1e9))
    }
}
